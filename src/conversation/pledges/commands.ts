// Pledge commands: pledge, pledges, pledge <number>, update pledge, pledge status, pledge totals.
import type { OutgoingMessage } from '../../core/messages';
import { checkStatusChange, pledgeRules, targetName } from '../../core/pledges/pledge-rules';
import { PLEDGE_STATUSES, type Pledge, type PledgeEvent, type PledgeStatus } from '../../core/pledges/pledge-ports';
import { normalize } from '../../core/text/similarity';
import type { ConversationContext } from '../context';
import type { ActiveFlow, Command } from '../router';
import { ownPledge, pledgeNumber } from './access';
import { statusName } from './format';
import { formatDate } from '../meetings/format';
import { PLEDGE_FLOW, pledgeFlow } from './pledge-flow';
import { pledgeStep, pledgeSteps, profileReady } from './pledge-steps';
import { totalsOf } from '../../core/pledges/totals';
import { totalsMessage } from './totals-message';
import { lightName } from './check-in';
import { displayValue, UPDATE_FLOW, updateSeed } from './update-flow';

const RESUME = ['resume', 'continue'];
const START_OVER = ['start over', 'new', 'restart'];

async function startPledge(ctx: ConversationContext): Promise<OutgoingMessage[]> {
  if (!profileReady(ctx)) return [{ text: ctx.t('pledge.profile_first'), tone: 'error' }, ...(await ctx.startFlow('profile'))];
  return ctx.startFlow(PLEDGE_FLOW);
}

function draftOffer(ctx: ConversationContext): OutgoingMessage[] {
  return [{
    text: ctx.t('pledge.draft_waiting'),
    choices: { options: [{ label: ctx.t('pledge.resume'), value: 'pledge resume', style: 'primary' }, { label: ctx.t('pledge.start_over'), value: 'pledge start over' }] },
  }];
}

/** `pledge` while its flow is in progress: offer the draft; `pledge resume` / `pledge start over` act on it. */
async function pledgeDuringFlow(ctx: ConversationContext, args: string, flow: ActiveFlow): Promise<OutgoingMessage[] | null> {
  if (flow.id !== PLEDGE_FLOW) return null;
  const word = normalize(args);
  if (word === '') return draftOffer(ctx);
  if (RESUME.includes(word)) return flow.resume();
  if (START_OVER.includes(word)) return startPledge(ctx);
  return null;
}

/** A value as the history keeps it (text; JSON for lists) read back for display; null when there was none. */
function historyValue(field: string, text: string | null): unknown {
  if (text === null || text === '') return null;
  if (['countries', 'beneficiaries', 'sdgs'].includes(field)) {
    try {
      const list: unknown = JSON.parse(text);
      return Array.isArray(list) && list.length > 0 ? list : null;
    } catch {
      return text;
    }
  }
  if (['valueUsd', 'startYear', 'endYear'].includes(field) && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

/** A history line in words: "3 Dec 2026: Status: announced → in progress", "Value: set to $2,500,000". */
function historyLine(ctx: ConversationContext, event: PledgeEvent): string {
  const date = formatDate(event.at, ctx.member.timeZone ?? ctx.coalition.defaultTimeZone, ctx.member.locale);
  let line: string;
  if (event.kind === 'created') line = ctx.t('pledge.history.created', { date });
  else if (event.kind === 'status') {
    const name = (status: string | null) => (status && (PLEDGE_STATUSES as readonly string[]).includes(status) ? statusName(ctx, status as PledgeStatus) : ctx.t('flow.skipped'));
    line = ctx.t('pledge.history.status', { date, old: name(event.oldValue), new: name(event.newValue) });
  } else {
    const step = pledgeStep(event.field ?? '');
    const label = step ? ctx.t(step.label) : ctx.t('pledge.history.some_field');
    const said = (text: string | null): string | null => {
      const value = historyValue(event.field ?? '', text);
      if (value === null) return null;
      // Countries by name only: the counts of the summary belong to the pledge, not to each change.
      if (event.field === 'countries' && Array.isArray(value)) return value.map((c) => targetName(String(c), ctx.countries)).join(', ');
      return step ? displayValue(step, value, ctx, {}) : String(value);
    };
    const [was, now] = [said(event.oldValue), said(event.newValue)];
    if (was === null) line = ctx.t('pledge.history.field_set', { date, field: label, new: now ?? '' });
    else if (now === null) line = ctx.t('pledge.history.field_removed', { date, field: label, old: was });
    else line = ctx.t('pledge.history.field', { date, field: label, old: was, new: now });
  }
  return event.reason ? ctx.t('pledge.history.reason', { line, reason: event.reason }) : line;
}

async function showPledge(ctx: ConversationContext, pledge: Pledge): Promise<OutgoingMessage[]> {
  const answers = { ...pledge };
  const fields = pledgeSteps
    .filter((s) => !s.when || s.when(answers, ctx))
    .map((s) => ({ label: ctx.t(s.label), value: displayValue(s, (pledge as unknown as Record<string, unknown>)[s.id], ctx, answers) }));
  const category = ctx.coalition.stakeholderCategories.find((c) => c.key === pledge.sector)?.name ?? pledge.sector ?? '';
  const history = (await ctx.repositories.pledges.history(pledge.id)).map((e) => historyLine(ctx, e)).join('\n');
  const checkIns = (await ctx.repositories.pledges.checkIns(pledge.id))
    .map((c) =>
      c.light
        ? ctx.t('pledge.view.check_in_line', { year: c.year, light: lightName(ctx.t, c.light), narrative: c.narrative ?? '' })
        : ctx.t('pledge.view.check_in_open', { year: c.year, date: formatDate(c.askedAt, ctx.member.timeZone ?? ctx.coalition.defaultTimeZone, ctx.member.locale) }),
    )
    .join('\n');
  return [{
    title: ctx.t('pledge.view.title', { number: pledge.id, title: pledge.title }),
    text: '',
    fields: [
      { label: ctx.t('pledge.view.status'), value: statusName(ctx, pledge.status) },
      { label: ctx.t('pledge.view.entity'), value: pledge.entity ?? '' },
      { label: ctx.t('pledge.view.sector'), value: category },
      ...fields,
      { label: ctx.t('pledge.view.history'), value: history },
      ...(checkIns ? [{ label: ctx.t('pledge.view.check_ins'), value: checkIns }] : []),
    ],
  }];
}

const pledgeCommand: Command = {
  name: 'pledge',
  summary: 'command.pledge',
  usage: 'pledge [<number>]',
  async run(ctx, args) {
    const word = normalize(args);
    if (word === '' || RESUME.includes(word) || START_OVER.includes(word)) return startPledge(ctx);
    const found = await ownPledge(ctx, args, 'pledge 1');
    return 'replies' in found ? found.replies : showPledge(ctx, found.pledge);
  },
  duringFlow: pledgeDuringFlow,
};

export const pledgesCommand: Command = {
  name: 'pledges',
  readOnly: true,
  aliases: ['my pledges'],
  summary: 'command.pledges',
  async run(ctx) {
    const mine = await ctx.repositories.pledges.ofMember(ctx.member.id);
    if (mine.length === 0) return [{ text: ctx.t('pledge.list.empty') }];
    return [{
      title: ctx.t('pledge.list.title'),
      text: mine.map((p) => ctx.t('pledge.list.item', { number: p.id, title: p.title, status: statusName(ctx, p.status) })).join('\n'),
    }];
  },
};

const updatePledgeCommand: Command = {
  name: 'update pledge',
  summary: 'command.update_pledge',
  usage: 'update pledge <number>',
  async run(ctx, args) {
    const found = await ownPledge(ctx, args, 'update pledge 1');
    if ('replies' in found) return found.replies;
    const { pledge } = found;
    return [{ text: ctx.t('pledge.update.intro', { number: pledge.id, title: pledge.title }) }, ...(await ctx.startFlow(UPDATE_FLOW, updateSeed(pledge)))];
  },
};

const pledgeStatusCommand: Command = {
  name: 'pledge status',
  summary: 'command.pledge_status',
  usage: 'pledge status <number> in progress|completed|withdrawn [reason]',
  localUsage: (t) => t('pledge.status.usage_line'),
  async run(ctx, args) {
    const m = /^\s*(\S+)\s+(.*)$/s.exec(args);
    const said = m ? statusSaid(ctx, m[2]) : null;
    if (!m || pledgeNumber(m[1]) === null || !said) return [{ text: ctx.t('pledge.status.usage'), tone: 'error' }];
    const { status, rest } = said;
    const found = await ownPledge(ctx, m[1], 'pledge status 1 completed');
    if ('replies' in found) return found.replies;
    const { pledge } = found;
    const reasonText = rest.trim();
    const reason = reasonText ? pledgeRules.reason.safeParse(reasonText) : null;
    const change = checkStatusChange(pledge.status, status, reason?.success ? reason.data : null);
    const names = { number: pledge.id, status: statusName(ctx, status), from: statusName(ctx, pledge.status), to: statusName(ctx, status) };
    if (!change.ok) return [{ text: ctx.t(`pledge.status.${change.reason}`, names), tone: 'error' }];
    await ctx.repositories.pledges.setStatus(pledge.id, status, reason?.success ? reason.data : null, ctx.member.id, ctx.now);
    return [{ text: ctx.t('pledge.status.changed', names), tone: 'success' }];
  },
};

/**
 * The status at the start of the text, as its name or key is typed ("in progress", "In-Progress",
 * "in_progress", "completed"), and what follows it (the reason); null when none starts it.
 */
function statusSaid(ctx: ConversationContext, text: string): { status: PledgeStatus; rest: string } | null {
  const typed = text.trim().split(/\s+/);
  let best: { status: PledgeStatus; words: number } | null = null;
  for (const status of PLEDGE_STATUSES) {
    for (const name of [status, statusName(ctx, status)]) {
      const words = normalize(name.replace(/_/g, ' ')).split(' ');
      const head = normalize(typed.slice(0, words.length).join(' ').replace(/_/g, ' '));
      if (head === words.join(' ') && (!best || words.length > best.words)) best = { status, words: words.length };
    }
  }
  return best && { status: best.status, rest: typed.slice(best.words).join(' ') };
}

const pledgeTotalsCommand: Command = {
  name: 'pledge totals',
  readOnly: true,
  firstSteps: true,
  aliases: ['pledges totals'],
  summary: 'command.pledge_totals',
  async run(ctx) {
    return [totalsMessage(ctx, totalsOf(await ctx.repositories.pledges.sums(), ctx.countries))];
  },
};

export const pledgeCommands: Command[] = [pledgeCommand, pledgesCommand, updatePledgeCommand, pledgeStatusCommand, pledgeTotalsCommand];
export { pledgeFlow };
