// What may be applied for and decided. Each refusal carries a code the conversation
// layer turns into a sentence naming the reason.
import type { Application, Membership } from '../ports';

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
