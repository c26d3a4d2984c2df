// Tells every member of a group something at once (a cancelled or moved meeting).
import { notificationIdentities } from '../../core/membership/notification-address';
import type { OutgoingMessage } from '../../core/messages';
import type { ConversationContext } from '../context';
import type { Translate } from '../catalog/catalog';
import type { Member } from '../../core/ports';
import { readerContext } from '../reader';

/**
 * Sends each member of `group` the message built for them, in their language (`reader` is the
 * turn as they read it: their translator and the coalition's texts in their language), except
 * the member acting (their reply already says it); returns how many were reached.
 */
export async function notifyGroup(ctx: ConversationContext, group: string, build: (member: Member, t: Translate, reader: ConversationContext) => OutgoingMessage): Promise<number> {
  let reached = 0;
  for (const { memberId } of await ctx.repositories.reminders.recipients(group)) {
    if (memberId === ctx.member.id) continue;
    const member = await ctx.repositories.members.get(memberId);
    if (!member) continue;
    const reader = readerContext(ctx, member);
    const message = { ...build(member, reader.t, reader), locale: member.locale };
    for (const { address } of notificationIdentities(member, await ctx.repositories.members.identities(memberId))) {
      try {
        await ctx.chat.send(address, message);
        reached++;
        break;
      } catch {
        // Unreachable here: try the member's next platform.
      }
    }
  }
  return reached;
}
