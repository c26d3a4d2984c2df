// Finds a member from what the secretariat typed: an id, an email or a name.
import type { Member } from '../ports';
import { normalize } from '../text/similarity';
import { normalizeEmail } from './identity-linking';

export type MemberLookup = { kind: 'member'; member: Member } | { kind: 'ambiguous'; candidates: Member[] } | { kind: 'unknown' };

export function findMember(members: readonly Member[], raw: string): MemberLookup {
  const text = raw.trim();
  if (!text) return { kind: 'unknown' };
  const byId = members.find((m) => m.id === text);
  if (byId) return { kind: 'member', member: byId };
  if (text.includes('@')) {
    const email = normalizeEmail(text);
    const found = members.filter((m) => m.email !== null && normalizeEmail(m.email) === email);
    return one(found);
  }
  const wanted = normalize(text);
  const exact = members.filter((m) => m.name !== null && normalize(m.name) === wanted);
  if (exact.length > 0) return one(exact);
  return one(members.filter((m) => m.name !== null && normalize(m.name).includes(wanted)));
}

function one(found: Member[]): MemberLookup {
  if (found.length === 1) return { kind: 'member', member: found[0] };
  return found.length === 0 ? { kind: 'unknown' } : { kind: 'ambiguous', candidates: found };
}
