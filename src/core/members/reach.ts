// Where to reach a member: their chosen platform first, then the one they used last;
// identities the platform reported unreachable (bot removed, account gone) are skipped.
import type { Platform } from '../messages';
import type { Identity } from '../ports';

export function reachableAddresses(identities: Identity[], preferred: Platform | null): { address: string; platform: Platform }[] {
  return identities
    .filter((i): i is Identity & { address: string } => i.address !== null && i.unreachableAt === null)
    .sort((a, b) => Number(b.platform === preferred) - Number(a.platform === preferred) || b.lastSeenAt.getTime() - a.lastSeenAt.getTime())
    .map((i) => ({ address: i.address, platform: i.platform }));
}
