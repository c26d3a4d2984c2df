// Messages for someone other than the member being answered (an applicant told of a decision,
// the secretariat, a group) are written in the RECIPIENT's language: the sentence, the
// coalition's texts, dates and numbers in their locale and time zone.
import { coalitionIn } from '../core/coalition/coalition';
import type { OutgoingMessage } from '../core/messages';
import type { Member } from '../core/ports';
import { translator } from './catalog/catalog';
import type { ConversationContext } from './context';

/** A message, or how to write it for one reader (their language): prefer the latter for anyone but the sender. */
export type ForReader = OutgoingMessage | ((reader: ConversationContext) => OutgoingMessage);

/**
 * The turn as `reader` reads it: their language and the coalition's texts in it, their locale
 * and time zone for dates. With no reader (a channel), the coalition's default language and
 * time zone.
 */
export function readerContext(ctx: ConversationContext, reader: Member | null): ConversationContext {
  const member: Member = reader ?? { ...ctx.member, locale: ctx.coalition.defaultLocale, timeZone: null };
  if (member === ctx.member) return ctx;
  return { ...ctx, member, t: translator(member.locale), coalition: coalitionIn(ctx.coalition, member.locale), countries: ctx.countries.inLanguage(member.locale) };
}

export function writeFor(ctx: ConversationContext, reader: Member | null, message: ForReader): OutgoingMessage {
  const context = readerContext(ctx, reader);
  return { ...(typeof message === 'function' ? message(context) : message), locale: context.member.locale };
}
