// `language`: the member chooses the language the bot writes to them in (`language fr`,
// `language español`), among the coalition's languages. A choice is kept over the platform's
// locale from then on. The welcome and the profile offer the same choice as buttons.
import { coalitionIn, coalitionLanguage } from '../../core/coalition/coalition';
import type { Choice, OutgoingMessage } from '../../core/messages';
import { languageButtons, languageName } from '../../core/members/locale';
import { normalize } from '../../core/text/similarity';
import { catalogLanguage, translator } from '../catalog/catalog';
import type { ConversationContext } from '../context';
import type { Command } from '../router';

/** The coalition's languages the bot has a catalog for, the default first. */
export function offeredLanguages(ctx: Pick<ConversationContext, 'coalition'>): string[] {
  const languages = ctx.coalition.languages ?? [ctx.coalition.defaultLocale];
  return languages.filter((language) => catalogLanguage(language) !== undefined);
}

/** One button per language, each named in its own language. */
export function languageChoices(ctx: Pick<ConversationContext, 'coalition'>): Choice[] {
  return languageButtons(offeredLanguages(ctx));
}

/** The language a member typed: a code (fr, fr-SN), or a name in that language, English or the member's. */
export function findLanguage(ctx: Pick<ConversationContext, 'coalition' | 'member'>, input: string): string | undefined {
  const offered = offeredLanguages(ctx);
  const byCode = coalitionLanguage({ ...ctx.coalition, languages: offered }, input.trim());
  if (byCode) return byCode;
  const wanted = normalize(input);
  if (!wanted) return undefined;
  const readers = [...new Set(['en', ctx.member.locale, ...offered])];
  return offered.find((language) => [language, ...readers].some((reader) => normalize(languageName(language, reader)) === wanted));
}

/** Stores the member's choice and answers in the chosen language. */
export async function chooseLanguage(ctx: ConversationContext, language: string): Promise<OutgoingMessage[]> {
  // A regional locale of the same language (fr-SN) keeps its region for dates and numbers.
  const locale = coalitionLanguage({ ...ctx.coalition, languages: [language] }, ctx.member.locale) ? ctx.member.locale : language;
  await ctx.repositories.members.updateProfile(
    ctx.member.id,
    { locale, localeChosen: true },
    { at: ctx.now, actor: `member:${ctx.member.id}`, action: 'profile.updated', subject: ctx.member.id, details: { locale } },
  );
  const t = translator(locale);
  const coalition = coalitionIn(ctx.coalition, locale);
  return [{ text: t('language.changed', { language: languageName(language), coalition: coalition.name }), tone: 'success', locale }];
}

export const languageCommand: Command = {
  name: 'language',
  // The word in the coalition's other languages, so a member can find it before switching.
  aliases: ['langue', 'idioma', 'لغة', 'اللغة'],
  summary: 'command.language',
  usage: 'language <code>',
  async run(ctx, args) {
    const offered = offeredLanguages(ctx);
    const current = coalitionLanguage({ ...ctx.coalition, languages: offered }, ctx.member.locale) ?? ctx.coalition.defaultLocale;
    const list = offered.map((language) => `${languageName(language)} (${language})`).join(', ');
    if (!args.trim()) {
      return [{ text: ctx.t('language.current', { language: languageName(current), list }), choices: { options: languageChoices(ctx) } }];
    }
    const language = findLanguage(ctx, args);
    if (!language) {
      return [{ text: ctx.t('language.unknown', { input: args.trim().slice(0, 40), list }), tone: 'error', choices: { options: languageChoices(ctx) } }];
    }
    return chooseLanguage(ctx, language);
  },
};
