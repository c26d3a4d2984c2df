// "hi", "hello", "good morning": a short welcome and the one or two commands that usually come
// next for this member (a profile first, then a working group, then meetings and pledges).
import { isProfileComplete } from '../../core/members/profile';
import type { OutgoingMessage } from '../../core/messages';
import { normalize } from '../../core/text/similarity';
import type { MessageId } from '../catalog/catalog';
import type { ConversationContext } from '../context';
import { languageChoices } from './language';

const GREETING = /^(hi+|hello+|hey+|hiya|howdy|greetings|good (morning|afternoon|evening|day))( there| bot| all| everyone)?$/;

/** True for a message that only greets (punctuation, case and accents aside). */
export function isGreeting(text: string): boolean {
  return GREETING.test(normalize(text));
}

export async function greet(ctx: ConversationContext): Promise<OutgoingMessage[]> {
  const hello = ctx.t('greeting.hello', { bot: ctx.coalition.botName, coalition: ctx.coalition.name });
  const next = await nextSteps(ctx);
  const replies: OutgoingMessage[] = [{ text: `${hello} ${ctx.t(next.text)}`, choices: { options: next.commands.map((command) => ({ label: command, value: command })) } }];
  // Until the member chooses: the languages the coalition works in, each named in itself.
  const languages = languageChoices(ctx);
  if (!ctx.member.localeChosen && languages.length > 1) replies.push({ text: ctx.t('language.offer'), choices: { options: languages } });
  return replies;
}

async function nextSteps(ctx: ConversationContext): Promise<{ text: MessageId; commands: string[] }> {
  if (!isProfileComplete(ctx.member)) return { text: 'greeting.next_profile', commands: ['profile', 'help'] };
  const [memberships, applications] = await Promise.all([
    ctx.repositories.memberships.ofMember(ctx.member.id),
    ctx.repositories.applications.ofMember(ctx.member.id),
  ]);
  if (memberships.length > 0) return { text: 'greeting.next_member', commands: ['meetings', 'pledge'] };
  if (applications.some((a) => a.status === 'pending')) return { text: 'greeting.next_waiting', commands: ['my groups', 'pledge'] };
  return { text: 'greeting.next_join', commands: ['join', 'groups'] };
}
