// Reaching people other than the one being answered: a member at their notification
// address, the secretariat in its channels and directly. A failed send is counted, not
// thrown: the member's own action (an application, a decision) is already saved.
// Each copy is written in its reader's language (a channel: the coalition's default).
import { notificationAddress } from '../../core/membership/notification-address';
import type { Member, PostedMessage } from '../../core/ports';
import type { ConversationContext } from '../context';
import { writeFor, type ForReader } from '../reader';
import type { MembershipOptions } from './options';

async function reachable(ctx: ConversationContext, memberId: string): Promise<{ member: Member; address: string } | null> {
  const member = await ctx.repositories.members.get(memberId);
  if (!member) return null;
  const address = notificationAddress(member, await ctx.repositories.members.identities(memberId));
  return address ? { member, address } : null;
}

/** Sends to one member, in their language; true when it was delivered. */
export async function tellMember(ctx: ConversationContext, memberId: string, message: ForReader): Promise<boolean> {
  const found = await reachable(ctx, memberId);
  if (!found) return false;
  try {
    await ctx.chat.send(found.address, writeFor(ctx, found.member, message));
    return true;
  } catch {
    return false;
  }
}

/** The secretariat's channels and every secretariat member's own address, without repeats, each with who reads it: a member, or null for a channel. */
async function secretariatReaders(ctx: ConversationContext, options: Pick<MembershipOptions, 'secretariatChannels'>): Promise<Map<string, Member | null>> {
  const readers = new Map<string, Member | null>(options.secretariatChannels.map((channel) => [channel, null]));
  for (const holder of await ctx.repositories.roles.holders('secretariat')) {
    const found = await reachable(ctx, holder.memberId);
    if (found && !readers.has(found.address)) readers.set(found.address, found.member);
  }
  return readers;
}

/**
 * Sends to the secretariat; with `posted`, each copy's reference is stored so that it can
 * be updated in place later. Returns how many copies were delivered.
 */
export async function tellSecretariat(
  ctx: ConversationContext,
  options: MembershipOptions,
  message: ForReader,
  posted?: Pick<PostedMessage, 'kind' | 'subjectId'>,
): Promise<number> {
  let delivered = 0;
  for (const [address, reader] of await secretariatReaders(ctx, options)) {
    try {
      const { ref } = await ctx.chat.send(address, writeFor(ctx, reader, message));
      delivered++;
      if (posted) await ctx.repositories.postedMessages.record({ ...posted, address, ref }, ctx.now);
    } catch {
      // An address no adapter serves, or a platform refusing: the other copies still go.
    }
  }
  return delivered;
}

/** Replaces every stored copy of a posted message; returns how many were updated. */
export async function updatePosted(ctx: ConversationContext, kind: string, subjectId: string, message: ForReader): Promise<number> {
  let updated = 0;
  const copies = await ctx.repositories.postedMessages.find(kind, subjectId);
  // A copy sent to a secretariat member is rewritten in their language; any other copy (a channel) in the default one.
  const readers = copies.length > 0 && typeof message === 'function' ? await secretariatReaders(ctx, { secretariatChannels: [] }) : new Map<string, Member | null>();
  for (const copy of copies) {
    try {
      await ctx.chat.update(copy.address, copy.ref, writeFor(ctx, readers.get(copy.address) ?? null, message));
      updated++;
    } catch {
      // As above: one unreachable copy does not stop the others.
    }
  }
  return updated;
}
