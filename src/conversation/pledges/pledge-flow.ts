// `pledge`: the member answers the pledge's questions, checks the summary and confirms.
// The flow state is the draft: it is stored after every answer.
import { firstCheckInAt } from '../../core/pledges/pledge-rules';
import type { PledgeFields } from '../../core/pledges/pledge-ports';
import type { ConversationContext } from '../context';
import { withNextSteps } from '../next-steps';
import type { Answers, FlowDefinition } from '../flow/flow';
import { pledgeProblemsOf, pledgeStep, pledgeSteps, profileReady } from './pledge-steps';

export const PLEDGE_FLOW = 'pledge';

export function fieldsFrom(answers: Answers): PledgeFields {
  return {
    focusArea: String(answers.focusArea),
    pillar: (answers.pillar as string | undefined) ?? null,
    title: String(answers.title),
    description: String(answers.description),
    type: String(answers.type),
    valueUsd: typeof answers.valueUsd === 'number' ? answers.valueUsd : null,
    countries: answers.countries as string[],
    beneficiaries: answers.beneficiaries as string[],
    sdgs: answers.sdgs as number[],
    startYear: Number(answers.startYear),
    endYear: Number(answers.endYear),
  };
}

export const pledgeFlow: FlowDefinition = {
  id: PLEDGE_FLOW,
  intro: (ctx) => ctx.t('pledge.intro', { entity: ctx.member.organization ?? '' }),
  confirm: true,
  steps: pledgeSteps,
  formRefusal: async (ctx) => (profileReady(ctx) ? null : ctx.t('pledge.profile_first')),
  recheck: (ctx, answers) => pledgeProblemsOf(ctx, answers),
  async complete(ctx: ConversationContext, answers: Answers) {
    if (!profileReady(ctx)) return [{ text: ctx.t('pledge.profile_first'), tone: 'error' }];
    // The engine asks again before this on every path; kept so nothing that breaks a rule is stored.
    const [problem] = pledgeProblemsOf(ctx, answers);
    if (problem) return [{ text: ctx.t('flow.fix_first', { field: ctx.t(pledgeStep(problem.step)!.label), error: problem.error }), tone: 'error' }];
    const pledge = await ctx.repositories.pledges.create(
      {
        ...fieldsFrom(answers),
        memberId: ctx.member.id,
        entity: ctx.member.organization,
        sector: ctx.member.category,
        nextCheckInAt: firstCheckInAt(ctx.now, ctx.coalition.pledgeCheckIn.intervalMonths),
      },
      ctx.now,
    );
    return [withNextSteps(ctx, { text: ctx.t('pledge.saved', { number: pledge.id, title: pledge.title }), tone: 'success' }, 'next.after_pledge', ['pledges', 'pledge totals'])];
  },
};
