// The yearly progress check-in: the question the scheduler sends, and `check in <number>`
// (the same as the question's buttons) with its flow: traffic light, narrative, value delivered.
import type { OutgoingMessage } from '../../core/messages';
import { pledgeRules } from '../../core/pledges/pledge-rules';
import { TRAFFIC_LIGHTS, type Pledge, type PledgeCheckIn, type TrafficLight } from '../../core/pledges/pledge-ports';
import type { Translate } from '../catalog/catalog';
import type { ConversationContext } from '../context';
import type { FlowDefinition } from '../flow/flow';
import type { Command } from '../router';
import { mayChange, ownPledge } from './access';
import { formatUsd } from './format';
import { parseValue } from './pledge-steps';

export const CHECK_IN_FLOW = 'pledge-check-in';

export const lightName = (t: Translate, light: TrafficLight) => t(`pledge.checkin.${light}`);

export function checkInMessage(t: Translate, pledge: Pledge, checkIn: PledgeCheckIn, again: boolean): OutgoingMessage {
  const params = { number: pledge.id, title: pledge.title, year: checkIn.year };
  return {
    title: t('pledge.checkin.title', params),
    text: t(again ? 'pledge.checkin.ask_again' : 'pledge.checkin.ask', params),
    choices: { options: TRAFFIC_LIGHTS.map((light) => ({ label: lightName(t, light), value: `check in ${pledge.id} ${light}` })) },
  };
}

const lightChoices = (ctx: ConversationContext) => TRAFFIC_LIGHTS.map((light) => ({ label: lightName(ctx.t, light), value: light }));

export const checkInFlow: FlowDefinition = {
  id: CHECK_IN_FLOW,
  confirm: false,
  steps: [
    {
      id: 'light',
      input: 'choice',
      label: 'pledge.checkin.light.label',
      when: (answers) => answers.chosenLight === undefined,
      prompt: (ctx) => ctx.t('pledge.checkin.light.prompt'),
      choices: lightChoices,
    },
    { id: 'narrative', input: 'text', multiline: true, label: 'pledge.checkin.narrative.label', prompt: (ctx) => ctx.t('pledge.checkin.narrative.prompt'), schema: () => pledgeRules.narrative },
    {
      id: 'valueDelivered',
      input: 'text',
      optional: true,
      label: 'pledge.checkin.delivered.label',
      prompt: (ctx) => ctx.t('pledge.checkin.delivered.prompt'),
      parse: (raw, ctx) => parseValue(raw, ctx),
      display: (value, ctx) => formatUsd(Number(value), ctx),
    },
  ],
  async complete(ctx, answers) {
    const number = Number(answers.pledgeId);
    const pledge = await ctx.repositories.pledges.get(number);
    const open = pledge && mayChange(ctx, pledge) ? await ctx.repositories.pledges.openCheckInOf(number) : null;
    if (!pledge || !open) return [{ text: ctx.t('pledge.not_found', { number }), tone: 'error' }];
    const light = (answers.light ?? answers.chosenLight) as TrafficLight;
    const saved = await ctx.repositories.pledges.answerCheckIn(
      open.id,
      { light, narrative: String(answers.narrative), valueDelivered: typeof answers.valueDelivered === 'number' ? answers.valueDelivered : null },
      ctx.now,
    );
    return [{ text: ctx.t('pledge.checkin.saved', { number, year: saved.year, light: lightName(ctx.t, light) }), tone: 'success' }];
  },
};

export const checkInCommand: Command = {
  name: 'check in',
  aliases: ['checkin'],
  summary: 'command.check_in',
  usage: 'check in <number>',
  async run(ctx, args) {
    const [typed, lightWord] = args.trim().split(/\s+/);
    const found = await ownPledge(ctx, typed ?? '', 'check in 1');
    if ('replies' in found) return found.replies;
    const { pledge } = found;
    if (!(await ctx.repositories.pledges.openCheckInOf(pledge.id))) {
      const date = pledge.nextCheckInAt?.toISOString().slice(0, 10) ?? '-';
      return [{ text: ctx.t('pledge.checkin.none_due', { number: pledge.id, date }) }];
    }
    const light = TRAFFIC_LIGHTS.find((l) => l === lightWord?.toLowerCase());
    return [
      { text: ctx.t('pledge.checkin.intro', { number: pledge.id, title: pledge.title }) },
      ...(await ctx.startFlow(CHECK_IN_FLOW, { pledgeId: pledge.id, ...(light ? { chosenLight: light } : {}) })),
    ];
  },
};
