// Where to reach a member: the platform they chose (`notify via ...`), else the one
// they used last; identities marked unreachable are skipped. The others follow in the
// same order, so a message that fails on one platform can try the next.
import type { Identity, Member } from '../ports';

/** Every reachable identity, best first. */
export function notificationIdentities(member: Pick<Member, 'preferredPlatform'>, identities: readonly Identity[]): (Identity & { address: string })[] {
  return identities
    .filter((i): i is Identity & { address: string } => Boolean(i.address) && i.unreachableAt === null)
    .sort(
      (a, b) =>
        Number(b.platform === member.preferredPlatform) - Number(a.platform === member.preferredPlatform) || b.lastSeenAt.getTime() - a.lastSeenAt.getTime(),
    );
}

export function notificationIdentity(member: Pick<Member, 'preferredPlatform'>, identities: readonly Identity[]): Identity | null {
  return notificationIdentities(member, identities)[0] ?? null;
}

/** The opaque address to send to, or null when the member cannot be reached at all. */
export function notificationAddress(member: Pick<Member, 'preferredPlatform'>, identities: readonly Identity[]): string | null {
  return notificationIdentity(member, identities)?.address ?? null;
}
