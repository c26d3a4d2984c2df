// The `profile` flow: who the member is, which joining and pledging rely on.
import { z } from 'zod';
import { profileRules } from '../../core/members/profile';
import { suggestTimeZones } from '../../core/time-zones';
import { zoneFromText, zonesOfCountry } from '../understanding/time-zones';
import type { Answers, FlowDefinition, ParseResult } from '../flow/flow';
import type { ConversationContext } from '../context';
import { afterProfile } from '../next-steps';
import { readerContext } from '../reader';
import { findLanguage, offeredLanguages } from '../commands/language';
import { languageName } from '../../core/members/locale';
import { coalitionLanguage } from '../../core/coalition/coalition';

function parseLanguage(raw: string, ctx: ConversationContext): ParseResult {
  const language = findLanguage(ctx, raw);
  if (language) return { ok: true, value: language };
  const list = offeredLanguages(ctx).map((l) => `${languageName(l)} (${l})`).join(', ');
  return { ok: false, error: ctx.t('language.unknown', { input: raw.trim().slice(0, 40), list }) };
}

function parseCountry(raw: string, ctx: ConversationContext): ParseResult {
  const found = ctx.countries.resolve(raw);
  if (found.kind === 'country') return { ok: true, value: found.country.iso3 };
  if (found.kind !== 'unknown') return { ok: false, error: ctx.t('error.country_one') };
  const unknown = ctx.t('error.country_unknown', { input: raw.trim() });
  if (found.suggestions.length === 0) return { ok: false, error: unknown };
  const error = `${unknown} ${ctx.t('error.country_suggest', { suggestions: found.suggestions.map((c) => c.name).join(', ') })}`;
  // One suggestion: a "yes" takes it.
  return { ok: false, error, ...(found.suggestions.length === 1 ? { suggestion: found.suggestions[0].name } : {}) };
}

function parseTimeZone(raw: string, ctx: ConversationContext, answers: Answers): ParseResult {
  const zone = zoneFromText(raw, iso2Of(ctx, answers.country));
  if (zone) return { ok: true, value: zone };
  const suggestions = suggestTimeZones(raw);
  return suggestions.length > 0
    ? { ok: false, error: ctx.t('error.time_zone_suggest', { input: raw.trim(), suggestions: suggestions.join(', ') }), ...(suggestions.length === 1 ? { suggestion: suggestions[0] } : {}) }
    : { ok: false, error: ctx.t('error.time_zone', { input: raw.trim() }) };
}

const iso2Of = (ctx: ConversationContext, iso3: unknown) => (typeof iso3 === 'string' ? ctx.countries.get(iso3)?.iso2 : undefined);

/** The zones offered: the country's own (most people's first), the member's current one, the coalition's, UTC. */
export function zoneChoices(ctx: ConversationContext, countryIso3: unknown, ...more: (string | null | undefined)[]) {
  const iso2 = iso2Of(ctx, countryIso3);
  const zones = [...(iso2 ? zonesOfCountry(iso2, 4) : []), ...more, 'UTC'].filter((z): z is string => Boolean(z));
  return [...new Set(zones)].slice(0, 6).map((z) => ({ label: z, value: z }));
}

export const profileFlow: FlowDefinition = {
  id: 'profile',
  intro: (ctx) => ctx.t('profile.intro'),
  confirm: true,
  steps: [
    {
      id: 'name',
      input: 'text',
      label: 'profile.name.label',
      prompt: (ctx) => ctx.t('profile.name.prompt'),
      schema: () => profileRules.name,
      current: (ctx) => ctx.member.name,
    },
    {
      id: 'organization',
      input: 'text',
      label: 'profile.organization.label',
      prompt: (ctx) => ctx.t('profile.organization.prompt'),
      schema: () => profileRules.organization,
      current: (ctx) => ctx.member.organization,
    },
    {
      id: 'category',
      input: 'choice',
      label: 'profile.category.label',
      prompt: (ctx) => ctx.t('profile.category.prompt'),
      choices: (ctx) => ctx.coalition.stakeholderCategories.map((c) => ({ label: c.name, value: c.key })),
      schema: (ctx) => z.enum(ctx.coalition.stakeholderCategories.map((c) => c.key) as [string, ...string[]]),
    },
    {
      id: 'country',
      input: 'text',
      label: 'profile.country.label',
      prompt: (ctx) => ctx.t('profile.country.prompt'),
      parse: parseCountry,
      current: (ctx) => (ctx.member.country ? ctx.countries.get(ctx.member.country)?.name : null),
      display: (value, ctx) => ctx.countries.get(String(value))?.name ?? String(value),
    },
    {
      id: 'timeZone',
      input: 'text',
      label: 'profile.time_zone.label',
      prompt: (ctx) => ctx.t('profile.time_zone.prompt'),
      parse: parseTimeZone,
      choices: (ctx, answers) => zoneChoices(ctx, answers.country ?? ctx.member.country, ctx.member.timeZone, ctx.coalition.defaultTimeZone),
    },
    {
      id: 'email',
      input: 'text',
      label: 'profile.email.label',
      optional: true,
      prompt: (ctx) => ctx.t('profile.email.prompt'),
      schema: () => profileRules.email,
      current: (ctx) => ctx.member.email,
    },
    {
      // Asked where the coalition works in more than one language, of a member who has not chosen
      // one and whose platform gave another language than the coalition's default: confirms it
      // (or changes it). Anyone can also choose at any time with `language` or the welcome's buttons.
      id: 'language',
      input: 'choice',
      label: 'profile.language.label',
      optional: true,
      prompt: (ctx) => ctx.t('profile.language.prompt'),
      when: (_answers, ctx) =>
        offeredLanguages(ctx).length > 1 && !ctx.member.localeChosen && coalitionLanguage(ctx.coalition, ctx.member.locale) !== ctx.coalition.defaultLocale,
      choices: (ctx) => offeredLanguages(ctx).map((language) => ({ label: languageName(language), value: language })),
      parse: parseLanguage,
      display: (value) => languageName(String(value)),
    },
  ],
  async complete(ctx, answers) {
    const language = typeof answers.language === 'string' ? answers.language : undefined;
    // The same language as now keeps the member's regional locale (fr-SN); another replaces it.
    const locale = language && (coalitionLanguage({ ...ctx.coalition, languages: [language] }, ctx.member.locale) ? ctx.member.locale : language);
    const member = await ctx.repositories.members.updateProfile(
      ctx.member.id,
      {
        name: answers.name as string,
        organization: answers.organization as string,
        category: answers.category as string,
        country: answers.country as string,
        timeZone: answers.timeZone as string,
        email: (answers.email as string | null) ?? ctx.member.email,
        profileCompletedAt: ctx.now,
        ...(locale ? { locale, localeChosen: true } : {}),
      },
      { at: ctx.now, actor: `member:${ctx.member.id}`, action: 'profile.updated', subject: ctx.member.id },
    );
    // Answered in the language just chosen (when one was), next steps included.
    const reader = readerContext(ctx, member);
    return [await afterProfile(reader, { text: reader.t('profile.saved', { name: member.name ?? '' }), tone: 'success' })];
  },
};
