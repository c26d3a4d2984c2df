// Claiming an imported pledge: `claim pledge <number>` by a member; `claims`, `approve claim <id>`
// and `decline claim <id> <reason>` by the secretariat, reviewed and notified as applications
// are (a copy to each secretariat address, updated in place once decided; the claimer told).
import { plainText } from '../../core/members/profile';
import type { OutgoingMessage } from '../../core/messages';
import { firstCheckInAt } from '../../core/pledges/pledge-rules';
import type { PledgeClaim } from '../../core/pledges/pledge-ports';
import type { ConversationContext } from '../context';
import { tellMember, tellSecretariat, updatePosted } from '../membership/delivery';
import { formatDate } from '../membership/groups-text';
import type { MembershipOptions } from '../membership/options';
import type { Command } from '../router';
import { pledgeNumber } from './access';

export const CLAIM_POSTED = 'pledge-claim';
const REASON = plainText(3, 500);
/** Pending claims one `claims` reply lists. */
const CLAIMS_SHOWN = 20;

/** What tells approving a claim from declining it: the command, whether a reason is required, and what the claimer and the secretariat are told. */
const APPROVE = {
  status: 'approved',
  name: 'approve claim',
  summary: 'command.approve_claim',
  usage: 'approve claim <claim id>',
  reasonNeeded: false,
  claimerText: 'claim.claimer_approved',
  claimerTone: 'success',
  reply: 'claim.approved_reply',
} as const;
const DECLINE = {
  status: 'declined',
  name: 'decline claim',
  summary: 'command.decline_claim',
  usage: 'decline claim <claim id> <reason>',
  reasonNeeded: true,
  claimerText: 'claim.claimer_declined',
  claimerTone: 'info',
  reply: 'claim.declined_reply',
} as const;
type Decision = typeof APPROVE | typeof DECLINE;

async function described(ctx: ConversationContext, claim: PledgeClaim) {
  const [pledge, claimer] = await Promise.all([ctx.repositories.pledges.get(claim.pledgeId), ctx.repositories.members.get(claim.memberId)]);
  return {
    id: claim.id,
    number: claim.pledgeId,
    title: pledge?.title ?? '',
    entity: pledge?.entity ?? '',
    name: claimer?.name ?? ctx.t('membership.unnamed'),
    organization: claimer?.organization ?? '',
  };
}

function reviewMessage(ctx: ConversationContext, params: Awaited<ReturnType<typeof described>>): OutgoingMessage {
  return {
    title: ctx.t('claim.review_title', params),
    text: ctx.t('claim.review_text', params),
    choices: {
      options: [
        { label: ctx.t('claim.approve'), value: `approve claim ${params.id}`, style: 'primary' },
        { label: ctx.t('claim.decline'), value: `decline claim ${params.id}`, style: 'danger' },
      ],
    },
  };
}

/** `claim pledge` alone: the pledges of the member's organization still held by its placeholder. */
async function claimableList(ctx: ConversationContext): Promise<OutgoingMessage[]> {
  const entity = ctx.member.organization;
  const pledges = entity ? await ctx.repositories.pledgeClaims.claimableOf(entity, CLAIMS_SHOWN) : [];
  if (!entity || pledges.length === 0) return [{ text: ctx.t('claim.usage'), tone: 'error' }];
  return [{
    title: ctx.t('claim.claimable_title', { entity }),
    text: pledges.map((p) => ctx.t('claim.claimable_line', { number: p.id, title: p.title })).join('\n'),
    choices: { options: pledges.slice(0, 5).map((p) => ({ label: ctx.t('claim.claim_button', { number: p.id }), value: `claim pledge ${p.id}` })) },
  }];
}

export function claimCommands(options: MembershipOptions): Command[] {
  const claimPledge: Command = {
    name: 'claim pledge',
    summary: 'command.claim_pledge',
    usage: 'claim pledge [<number>]',
    async run(ctx, args) {
      if (!args.trim()) return claimableList(ctx);
      const number = pledgeNumber(args);
      if (number === null) return [{ text: ctx.t('claim.usage'), tone: 'error' }];
      const result = await ctx.repositories.pledgeClaims.request(number, ctx.member.id, ctx.now);
      if (result.kind === 'not_claimable') return [{ text: ctx.t('claim.not_claimable', { number }), tone: 'error' }];
      if (result.kind === 'already_pending') return [{ text: ctx.t('claim.already_pending', { number }) }];
      const params = await described(ctx, result.claim);
      await tellSecretariat(ctx, options, reviewMessage(ctx, params), { kind: CLAIM_POSTED, subjectId: result.claim.id });
      return [{ text: ctx.t('claim.requested', params), tone: 'success' }];
    },
  };

  const claims: Command = {
    name: 'claims',
    summary: 'command.claims',
    role: 'secretariat',
    async run(ctx) {
      const pending = await ctx.repositories.pledgeClaims.pending();
      if (pending.length === 0) return [{ text: ctx.t('claim.none_pending') }];
      const replies: OutgoingMessage[] = [];
      for (const claim of pending.slice(0, CLAIMS_SHOWN)) replies.push(reviewMessage(ctx, await described(ctx, claim)));
      return replies;
    },
  };

  async function decide(ctx: ConversationContext, typed: string, decision: Decision, reason: string | null): Promise<OutgoingMessage[]> {
    const id = typed.trim().toLowerCase();
    const claim = await ctx.repositories.pledgeClaims.get(id);
    if (!claim) return [{ text: ctx.t('claim.not_found', { id: typed.slice(0, 20) }), tone: 'error' }];
    const statusName = (s: string) => ctx.t(s === 'approved' ? 'claim.status_approved' : 'claim.status_declined');
    if (claim.status !== 'pending') return [{ text: ctx.t('claim.already_decided', { id, status: statusName(claim.status) }), tone: 'error' }];
    if (claim.memberId === ctx.member.id) return [{ text: ctx.t('claim.own_claim'), tone: 'error' }];
    const decided = await ctx.repositories.pledgeClaims.decide(claim.id, {
      status: decision.status,
      byId: ctx.member.id,
      at: ctx.now,
      reason,
      firstCheckInAt: firstCheckInAt(ctx.now, ctx.coalition.pledgeCheckIn.intervalMonths),
    });
    if (!decided) {
      const now = await ctx.repositories.pledgeClaims.get(id);
      return [{ text: ctx.t('claim.already_decided', { id, status: statusName(now?.status ?? 'declined') }), tone: 'error' }];
    }
    const params = await described(ctx, decided);
    await updatePosted(ctx, CLAIM_POSTED, decided.id, {
      title: ctx.t('claim.review_title', params),
      text: ctx.t('claim.decided_text', { ...params, status: statusName(decision.status), by: ctx.member.name ?? ctx.t('membership.unnamed') }),
    });
    const told = await tellMember(ctx, decided.memberId, { text: ctx.t(decision.claimerText, { ...params, reason: reason ?? '' }), tone: decision.claimerTone });
    const lines = [ctx.t(decision.reply, { ...params, date: formatDate(ctx, ctx.now) })];
    if (!told) lines.push(ctx.t('claim.claimer_unreachable'));
    return [{ text: lines.join('\n'), tone: 'success' }];
  }

  /** `approve claim <id>` or `decline claim <id> <reason>`: the same review, told apart by `decision`. */
  const decisionCommand = (decision: Decision): Command => ({
    name: decision.name,
    summary: decision.summary,
    usage: decision.usage,
    role: 'secretariat',
    async run(ctx, args) {
      const [id = '', ...rest] = args.trim().split(/\s+/);
      if (!decision.reasonNeeded) return id ? decide(ctx, id, decision, null) : [{ text: ctx.t('claim.not_found', { id: '' }), tone: 'error' }];
      const reason = REASON.safeParse(rest.join(' '));
      if (!id || !reason.success) return [{ text: ctx.t('claim.reason_needed', { id: id.slice(0, 20) || '<id>' }), tone: 'error' }];
      return decide(ctx, id, decision, reason.data);
    },
  });

  return [claimPledge, claims, decisionCommand(APPROVE), decisionCommand(DECLINE)];
}
