// The secretariat's side of applications: `applications`, `approve <id>`,
// `reject <id> <reason>` (the reason is asked for when missing).
import { canDecide, REJECT_REASON, type DecideRefusal } from '../../core/membership/application-rules';
import { plainText } from '../../core/members/profile';
import type { OutgoingMessage } from '../../core/messages';
import type { ConversationContext } from '../context';
import { localUsage } from '../understanding/words';
import { withNextSteps } from '../next-steps';
import type { FlowDefinition } from '../flow/flow';
import type { Command } from '../router';
import { decidedMessage, groupTitle, reviewMessage } from './application-message';
import { tellMember, updatePosted } from './delivery';
import { formatDate } from './groups-text';

export const REJECT_FLOW = 'reject-reason';
/** Applications a page shows: one message each, so that a page fits every platform's limits. */
export const APPLICATIONS_PAGE = 10;

function refusalReply(ctx: ConversationContext, id: string, refusal: DecideRefusal): OutgoingMessage[] {
  switch (refusal.reason) {
    case 'not_found':
      return [{ text: ctx.t('review.not_found', { id }), tone: 'error' }];
    case 'already_decided':
      return [{ text: ctx.t('review.already_decided', { id, status: ctx.t(refusal.status === 'approved' ? 'review.status_approved' : 'review.status_rejected') }), tone: 'error' }];
    case 'own_application':
      return [{ text: ctx.t('review.own_application'), tone: 'error' }];
    case 'reason_required':
      return [{ text: ctx.t('review.reason_required', { id }), tone: 'error' }];
  }
}

/** Decides, records who did, updates every posted copy and tells the applicant. */
async function decide(ctx: ConversationContext, id: string, status: 'approved' | 'rejected', reason?: string): Promise<OutgoingMessage[]> {
  const application = await ctx.repositories.applications.get(id);
  const refusal = canDecide(application, ctx.member.id, status, reason);
  if (refusal) return refusalReply(ctx, id, refusal);
  const decided = await ctx.repositories.applications.decide(application!.id, { status, byId: ctx.member.id, at: ctx.now, reason: reason ?? null });
  if (!decided) {
    const now = await ctx.repositories.applications.get(id);
    return refusalReply(ctx, id, { reason: 'already_decided', status: now?.status ?? 'approved' });
  }
  const applicant = await ctx.repositories.members.get(decided.memberId);
  const decider = ctx.member;
  await updatePosted(ctx, 'application', decided.id, (reader) => decidedMessage(reader, decided, applicant, decider));
  const group = groupTitle(ctx, decided.groupKey);
  const told = await tellMember(ctx, decided.memberId, (reader) => {
    const theirs = groupTitle(reader, decided.groupKey);
    return status === 'approved'
      ? withNextSteps(reader, { text: reader.t('review.applicant_approved', { group: theirs }), tone: 'success' }, 'next.after_approval', ['meetings', 'pledge'])
      : { text: reader.t('review.applicant_rejected', { group: theirs, reason: decided.reason ?? '' }), tone: 'info' };
  });
  const params = { id: decided.id, group, name: applicant?.name ?? ctx.t('membership.unnamed'), date: formatDate(ctx, ctx.now) };
  const lines = [ctx.t(status === 'approved' ? 'review.approved_reply' : 'review.rejected_reply', params)];
  if (!told) lines.push(ctx.t('review.applicant_unreachable'));
  return [{ text: lines.join('\n'), tone: 'success' }];
}

export const approveCommand: Command = {
  name: 'approve',
  summary: 'command.approve',
  usage: 'approve <application id>',
  role: 'secretariat',
  async run(ctx, args) {
    const id = args.trim().split(/\s+/)[0] ?? '';
    if (!id) return [{ text: ctx.t('review.which', { usage: localUsage(ctx.t, 'approve <application id>') }), tone: 'error' }];
    return decide(ctx, id, 'approved');
  },
};

export const rejectCommand: Command = {
  name: 'reject',
  summary: 'command.reject',
  usage: 'reject <application id> <reason>',
  role: 'secretariat',
  async run(ctx, args) {
    const [id = '', ...rest] = args.trim().split(/\s+/);
    if (!id) return [{ text: ctx.t('review.which', { usage: localUsage(ctx.t, 'reject <application id> <reason>') }), tone: 'error' }];
    const reason = rest.join(' ').trim();
    if (reason) {
      const checked = plainText(REJECT_REASON.min, REJECT_REASON.max).safeParse(reason);
      if (!checked.success) return [{ text: ctx.t('review.reason_invalid', { min: REJECT_REASON.min, max: REJECT_REASON.max }), tone: 'error' }];
      return decide(ctx, id, 'rejected', checked.data);
    }
    // Everything but the reason is checked first, so the member is not asked for nothing.
    const application = await ctx.repositories.applications.get(id);
    const refusal = canDecide(application, ctx.member.id, 'rejected', 'x'.repeat(REJECT_REASON.min));
    if (refusal) return refusalReply(ctx, id, refusal);
    return ctx.startFlow(REJECT_FLOW, { applicationId: application!.id });
  },
};

export const rejectReasonFlow: FlowDefinition = {
  id: REJECT_FLOW,
  confirm: false,
  steps: [
    {
      id: 'reason',
      input: 'text',
      label: 'review.reason.label',
      prompt: (ctx, answers) => ctx.t('review.reason.prompt', { id: String(answers.applicationId) }),
      schema: () => plainText(REJECT_REASON.min, REJECT_REASON.max),
    },
  ],
  complete: (ctx, answers) => decide(ctx, String(answers.applicationId), 'rejected', String(answers.reason)),
};

export const applicationsCommand: Command = {
  name: 'applications',
  readOnly: true,
  aliases: ['pending'],
  summary: 'command.applications',
  usage: 'applications [page]',
  role: 'secretariat',
  async run(ctx, args) {
    const pending = await ctx.repositories.applications.pending();
    if (pending.length === 0) return [{ text: ctx.t('review.none_pending') }];
    const pages = Math.ceil(pending.length / APPLICATIONS_PAGE);
    const asked = args.trim();
    const page = asked === '' ? 1 : /^\d{1,6}$/.test(asked) ? Number(asked) : NaN;
    if (!(page >= 1 && page <= pages)) return [{ text: ctx.t('review.page_invalid', { page: asked.slice(0, 20), pages }), tone: 'error' }];
    const from = (page - 1) * APPLICATIONS_PAGE;
    const shown = pending.slice(from, from + APPLICATIONS_PAGE);
    const replies: OutgoingMessage[] = [{ text: ctx.t('review.pending_count', { count: pending.length, from: from + 1, to: from + shown.length }) }];
    for (const application of shown) replies.push(reviewMessage(ctx, application, await ctx.repositories.members.get(application.memberId)));
    const left = pending.length - from - shown.length;
    if (left > 0) {
      const next = Math.min(left, APPLICATIONS_PAGE);
      replies.push({ text: ctx.t('review.more_pending', { count: left }), choices: { options: [{ label: ctx.t('review.show_more', { count: next }), value: `applications ${page + 1}` }] } });
    }
    return replies;
  },
};
