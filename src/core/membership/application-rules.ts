// What may be applied for and decided. Each refusal carries a code the conversation
// layer turns into a sentence naming the reason.
import { z } from 'zod';
import type { Coalition } from '../coalition/coalition';
import { plainText } from '../members/profile';
import type { Application, Membership } from '../ports';
import { groupRefs } from './group-lookup';

export type ApplyRefusal = { reason: 'already_member' } | { reason: 'already_pending'; applicationId: string };

/** Whether `memberId` may apply to `groupKey` now. */
export function canApply(memberId: string, groupKey: string, memberships: readonly Membership[], applications: readonly Application[]): ApplyRefusal | null {
  if (memberships.some((m) => m.memberId === memberId && m.groupKey === groupKey)) return { reason: 'already_member' };
  const pending = applications.find((a) => a.memberId === memberId && a.groupKey === groupKey && a.status === 'pending');
  return pending ? { reason: 'already_pending', applicationId: pending.id } : null;
}

export type DecideRefusal = { reason: 'not_found' } | { reason: 'already_decided'; status: Application['status'] } | { reason: 'own_application' } | { reason: 'reason_required' };

export const REJECT_REASON = { min: 3, max: 500 } as const;

/** Whether `deciderId` may approve or reject `application` (with `reason` for a rejection). */
export function canDecide(
  application: Application | null,
  deciderId: string,
  decision: 'approved' | 'rejected',
  reason?: string | null,
): DecideRefusal | null {
  if (!application) return { reason: 'not_found' };
  if (application.status !== 'pending') return { reason: 'already_decided', status: application.status };
  if (application.memberId === deciderId) return { reason: 'own_application' };
  if (decision === 'rejected' && (!reason || reason.trim().length < REJECT_REASON.min)) return { reason: 'reason_required' };
  return null;
}

// --- the whole application --------------------------------------------------------------

/** A text criterion's answer: long enough to say something, short enough to read. */
export const TEXT_CRITERION = { min: 50, max: 2000 } as const;

/** A yes to these criteria is followed by a question (what they intend to pledge, who attends). */
export const FOLLOW_UP_RULES: Record<string, { id: string; min: number; max: number }> = {
  pledge_readiness: { id: 'pledge_intent', min: 5, max: 200 },
  roundtable: { id: 'roundtable_attendee', min: 3, max: 200 },
};

export interface ApplicationProblem {
  /** The answer at fault: "groups", a criterion's key or a follow-up's id. */
  field: string;
  /** What zod found; a custom issue's message is a message id. */
  issue: z.ZodIssue;
}

const required = (): z.ZodIssue => ({ code: z.ZodIssueCode.custom, path: [], message: 'error.required' });

/**
 * Every rule of an application on the whole set of answers, in the order they are asked: what
 * `join` checks before its summary and at confirm, and what its Slack and Teams forms check.
 * Whether the member may apply to a group now (a member already, an application pending) is
 * canApply's, read from the database when the application is stored.
 */
export function applicationProblems(answers: Record<string, unknown>, coalition: Coalition): ApplicationProblem[] {
  const groups = new Set(groupRefs(coalition).map((g) => g.key));
  const rules: { field: string; schema: z.ZodTypeAny }[] = [
    { field: 'groups', schema: z.array(z.string().refine((key) => groups.has(key), { message: 'join.error.group' })).min(1).max(groups.size) },
  ];
  for (const criterion of coalition.joiningCriteria) {
    rules.push({ field: criterion.key, schema: criterion.kind === 'text' ? plainText(TEXT_CRITERION.min, TEXT_CRITERION.max) : z.boolean() });
    const followUp = FOLLOW_UP_RULES[criterion.key];
    if (followUp && criterion.kind === 'yes-no' && answers[criterion.key] === true) rules.push({ field: followUp.id, schema: plainText(followUp.min, followUp.max) });
  }
  const problems: ApplicationProblem[] = [];
  for (const { field, schema } of rules) {
    const value = answers[field];
    if (value === null || value === undefined) {
      problems.push({ field, issue: required() });
      continue;
    }
    const result = schema.safeParse(value);
    if (!result.success) problems.push({ field, issue: result.error.issues[0] });
  }
  return problems;
}
