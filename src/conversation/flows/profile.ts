// The `profile` flow: who the member is, which joining and pledging rely on.
import { z } from 'zod';
import { profileRules } from '../../core/members/profile';
import { suggestTimeZones } from '../../core/time-zones';
import { zoneFromText, zonesOfCountry } from '../understanding/time-zones';
import type { Answers, FlowDefinition, ParseResult } from '../flow/flow';
import type { ConversationContext } from '../context';
import { afterProfile } from '../next-steps';

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
  ],
  async complete(ctx, answers) {
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
      },
      { at: ctx.now, actor: `member:${ctx.member.id}`, action: 'profile.updated', subject: ctx.member.id },
    );
    return [await afterProfile(ctx, { text: ctx.t('profile.saved', { name: member.name ?? '' }), tone: 'success' })];
  },
};
