// Where to reach a member: the platform they chose (`notify via ...`), else the one
// they used last; identities marked unreachable are skipped. Reminders use it too.
import type { Identity, Member } from '../ports';

export function notificationIdentity(member: Pick<Member, 'preferredPlatform'>, identities: readonly Identity[]): Identity | null {
  const reachable = identities
    .filter((i) => i.address && i.unreachableAt === null)
    .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
  if (member.preferredPlatform) {
    const preferred = reachable.find((i) => i.platform === member.preferredPlatform);
    if (preferred) return preferred;
  }
  return reachable[0] ?? null;
}

/** The opaque address to send to, or null when the member cannot be reached at all. */
export function notificationAddress(member: Pick<Member, 'preferredPlatform'>, identities: readonly Identity[]): string | null {
  return notificationIdentity(member, identities)?.address ?? null;
}
