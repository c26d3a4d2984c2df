// What usually comes next after a completed flow (a profile: join; an application: my groups,
// then meetings once approved; a pledge: pledges and pledge totals), said in one line and
// offered as buttons where the platform shows them (the button runs the command).
import type { OutgoingMessage } from '../core/messages';
import type { MessageId } from './catalog/catalog';
import type { ConversationContext } from './context';
import { commandWord } from './understanding/words';

/** The reply with the next commands added: a sentence naming them and one button each, labelled with the member's word for it. */
export function withNextSteps(ctx: Pick<ConversationContext, 't'>, reply: OutgoingMessage, sentence: MessageId, commands: string[]): OutgoingMessage {
  const options = [...(reply.choices?.options ?? []), ...commands.map((command) => ({ label: commandWord(ctx.t, command), value: command }))];
  return { ...reply, text: [reply.text, ctx.t(sentence)].filter(Boolean).join('\n'), choices: { ...(reply.choices ?? {}), options } };
}

/** After a profile is saved: a working group next, or meetings and pledges for someone already in one. */
export async function afterProfile(ctx: ConversationContext, reply: OutgoingMessage): Promise<OutgoingMessage> {
  const memberships = await ctx.repositories.memberships.ofMember(ctx.member.id);
  return memberships.length > 0 ? withNextSteps(ctx, reply, 'next.after_profile_member', ['meetings', 'pledge']) : withNextSteps(ctx, reply, 'next.after_profile', ['join', 'groups']);
}
