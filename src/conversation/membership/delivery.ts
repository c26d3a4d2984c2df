// Reaching people other than the one being answered: a member at their notification
// address, the secretariat in its channels and directly. A failed send is counted, not
// thrown: the member's own action (an application, a decision) is already saved.
import { notificationAddress } from '../../core/membership/notification-address';
import type { OutgoingMessage } from '../../core/messages';
import type { PostedMessage } from '../../core/ports';
import type { ConversationContext } from '../context';
import type { MembershipOptions } from './options';

export async function memberAddress(ctx: ConversationContext, memberId: string): Promise<string | null> {
  const member = await ctx.repositories.members.get(memberId);
  if (!member) return null;
  return notificationAddress(member, await ctx.repositories.members.identities(memberId));
}

/** Sends to one member; true when it was delivered. */
export async function tellMember(ctx: ConversationContext, memberId: string, message: OutgoingMessage): Promise<boolean> {
  const address = await memberAddress(ctx, memberId);
  if (!address) return false;
  try {
    await ctx.chat.send(address, message);
    return true;
  } catch {
    return false;
  }
}

/** The secretariat's channels and every secretariat member's own address, without repeats. */
export async function secretariatAddresses(ctx: ConversationContext, options: MembershipOptions): Promise<string[]> {
  const addresses = new Set(options.secretariatChannels);
  for (const holder of await ctx.repositories.roles.holders('secretariat')) {
    const address = await memberAddress(ctx, holder.memberId);
    if (address) addresses.add(address);
  }
  return [...addresses];
}

/**
 * Sends to the secretariat; with `posted`, each copy's reference is stored so that it can
 * be updated in place later. Returns how many copies were delivered.
 */
export async function tellSecretariat(
  ctx: ConversationContext,
  options: MembershipOptions,
  message: OutgoingMessage,
  posted?: Pick<PostedMessage, 'kind' | 'subjectId'>,
): Promise<number> {
  let delivered = 0;
  for (const address of await secretariatAddresses(ctx, options)) {
    try {
      const { ref } = await ctx.chat.send(address, message);
      delivered++;
      if (posted) await ctx.repositories.postedMessages.record({ ...posted, address, ref }, ctx.now);
    } catch {
      // An address no adapter serves, or a platform refusing: the other copies still go.
    }
  }
  return delivered;
}

/** Replaces every stored copy of a posted message; returns how many were updated. */
export async function updatePosted(ctx: ConversationContext, kind: string, subjectId: string, message: OutgoingMessage): Promise<number> {
  let updated = 0;
  for (const copy of await ctx.repositories.postedMessages.find(kind, subjectId)) {
    try {
      await ctx.chat.update(copy.address, copy.ref, message);
      updated++;
    } catch {
      // As above: one unreachable copy does not stop the others.
    }
  }
  return updated;
}
