// A member's rights over their data: everything stored about them, and being forgotten.
// src/db implements it; the conversation layer asks for confirmation before forgetting.

export interface MemberDataRights {
  /** Every row stored about the member, grouped by kind, as plain JSON values. */
  everything(memberId: string): Promise<Record<string, unknown>>;
  /**
   * Deletes the member's profile, identities and every row about them in one transaction;
   * their pledges stay, without member or entity, so totals keep their figures. Audit entries
   * that named the member now say "member:forgotten", and a "member.forgotten" entry (actor
   * "system", the counts as details) is written in the same transaction. Returns what was kept
   * and removed, as counts.
   */
  forget(memberId: string, now: Date): Promise<{ pledgesKept: number; identitiesDeleted: number }>;
}
