// When two member records are one person: the same verified email reported by two
// platforms, or a one-time code shown in one chat and typed in the other.
import type { Identity, Member } from '../ports';

export const LINK_CODE_MINUTES = 15;
/** Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L). */
export const LINK_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const LINK_CODE_LENGTH = 8;

/** How an identity is named in links and audit entries: "platform:externalId". */
export function identityKey(identity: Pick<Identity, 'platform' | 'externalId'>): string {
  return `${identity.platform}:${identity.externalId}`;
}

/**
 * Whether a code link may go ahead, given who holds a role. A role holder's identities are
 * joined only from a code their own chat showed (so nobody can hand them a code to type) and
 * only once both chats confirm; without a role on either side the code itself is enough.
 */
export function codeLinkRule(owner: { holdsRole: boolean }, claimer: { holdsRole: boolean }): 'merge' | 'confirm' | 'refuse' {
  if (claimer.holdsRole && !owner.holdsRole) return 'refuse';
  if (owner.holdsRole || claimer.holdsRole) return 'confirm';
  return 'merge';
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The identity of another member that `identity` should be linked with by email: both
 * verified, the same address, different platforms. Null when there is none.
 */
export function emailLinkTarget(identity: Identity, candidates: readonly Identity[]): Identity | null {
  if (!identity.emailVerified || !identity.email) return null;
  const email = normalizeEmail(identity.email);
  return (
    candidates.find(
      (c) => c.memberId !== identity.memberId && c.emailVerified && c.email !== null && normalizeEmail(c.email) === email && c.platform !== identity.platform,
    ) ?? null
  );
}

/** Of two records of one person, the one that stays: the older one (its id is what others hold). */
export function mergeSurvivor<T extends Pick<Member, 'id' | 'createdAt'>>(a: T, b: T): { keep: T; gone: T } {
  const aFirst = a.createdAt.getTime() < b.createdAt.getTime() || (a.createdAt.getTime() === b.createdAt.getTime() && a.id < b.id);
  return aFirst ? { keep: a, gone: b } : { keep: b, gone: a };
}

export function linkCodeExpiry(now: Date): Date {
  return new Date(now.getTime() + LINK_CODE_MINUTES * 60_000);
}

/** Accepts the code as typed: any case, with spaces or dashes. */
export function normalizeLinkCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** A code from random integers in [0, alphabet length): the caller supplies the randomness. */
export function linkCodeFrom(randomIndexes: readonly number[]): string {
  return randomIndexes.map((i) => LINK_CODE_ALPHABET[i % LINK_CODE_ALPHABET.length]).join('');
}
