// The coalition file's schema: everything that makes one coalition differ from another.
// Validated once at start; the rest of the bot reads the typed `Coalition`.
import { z } from 'zod';
import { CODED_LISTS, coalitionCodeTables, codeClashes, type CodeClash } from './coded-names';
import { cronProblem, describeCronProblem } from '../schedules/cron';
import { isTimeZone } from '../time-zones';

const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

const key = z.string().regex(KEY_PATTERN, { message: 'a key of lowercase letters, digits and _, starting with a letter' });
const text = z.string().trim().min(1, { message: 'a non-empty text' });
/**
 * A text of the coalition file: a plain string (the text in the default language only) or one
 * text per language, `{ en: Access, fr: Accès }`. Plain strings are kept under DEFAULT_LANGUAGE
 * until the file's defaultLocale is known.
 */
const DEFAULT_LANGUAGE = '*';
const languageTag = z.string().refine(isLocale, { message: 'a language tag such as en or fr' });
export class LocalizedText {
  constructor(readonly texts: Readonly<Record<string, string>>) {}
}
const localized = z
  .union([z.string(), z.record(languageTag, z.string())], {
    errorMap: (issue, ctx) => (issue.code === 'invalid_union' ? { message: 'a non-empty text, or one text per language such as { en: ..., fr: ... }' } : { message: ctx.defaultError }),
  })
  .superRefine((value, ctx) => {
    const texts = typeof value === 'string' ? { [DEFAULT_LANGUAGE]: value } : value;
    for (const [language, one] of Object.entries(texts)) {
      if (one.trim() === '') ctx.addIssue({ code: z.ZodIssueCode.custom, path: language === DEFAULT_LANGUAGE ? [] : [language], message: 'a non-empty text' });
    }
  })
  .transform((value) => new LocalizedText(typeof value === 'string' ? { [DEFAULT_LANGUAGE]: value.trim() } : Object.fromEntries(Object.entries(value).map(([l, v]) => [l, v.trim()]))));
const positiveInt = z.number().int({ message: 'a whole number' }).positive({ message: 'a whole number greater than 0' });

/**
 * An array of keyed items whose keys must be unique. The check runs on the raw input,
 * before the items are parsed, so a duplicate is reported even when an item is otherwise
 * invalid (a superRefine on the array would be skipped then).
 */
function keyedList<T extends z.ZodTypeAny>(item: T, minItems = 0) {
  const list = z.array(item).min(minItems, { message: `at least ${minItems} item${minItems === 1 ? '' : 's'}` });
  return z.preprocess((raw, ctx) => {
    reportDuplicateKeys(raw, ctx);
    return raw;
  }, list);
}

function reportDuplicateKeys(raw: unknown, ctx: z.RefinementCtx): void {
  if (!Array.isArray(raw)) return;
  const firstIndex = new Map<string, number>();
  raw.forEach((item: unknown, index) => {
    const itemKey = item !== null && typeof item === 'object' ? (item as { key?: unknown }).key : undefined;
    if (typeof itemKey !== 'string') return;
    const first = firstIndex.get(itemKey);
    if (first === undefined) firstIndex.set(itemKey, index);
    else ctx.addIssue({ code: z.ZodIssueCode.custom, path: [index, 'key'], message: `a unique key ("${itemKey}" is already used at ${formatPath([...ctx.path, first])})` });
  });
}

/** A zod path as people write it: `focusAreas[2].key`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

const pillarSchema = z.object({ key, name: localized }).strict();

const focusAreaSchema = z
  .object({
    key,
    name: localized,
    purpose: localized,
    pillars: keyedList(pillarSchema).optional(),
    /** Each focus area has one working group, keyed like the focus area. */
    workingGroup: z.object({ name: localized, description: localized.optional() }).strict(),
  })
  .strict();

const stakeholderCategorySchema = z.object({ key, name: localized, description: localized.optional() }).strict();

/** Input kinds a joining criterion may ask with (the flow engine's names). */
export const CRITERION_KINDS = ['yes-no', 'text'] as const;

const joiningCriterionSchema = z
  .object({ key, question: localized, kind: z.enum(CRITERION_KINDS) })
  .strict();

const pledgeTypeSchema = z
  .object({ key, name: localized, description: localized.optional(), valueRequired: z.boolean() })
  .strict();

const beneficiaryGroupSchema = z.object({ key, name: localized }).strict();

const cronExpression = z
  .string()
  .trim()
  .min(1, { message: 'a non-empty cron expression' })
  .superRefine((cron, ctx) => {
    // Whether an expression can fire does not depend on the zone or the day it is read.
    const problem = cronProblem(cron, 'UTC', new Date(0));
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: describeCronProblem(problem) });
  });

const timeZone = z.string().refine(isTimeZone, { message: 'an IANA time zone such as Europe/Zurich' });

const locale = z.string().refine(isLocale, { message: 'a BCP 47 language tag such as en or fr-CH' });

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** The file as written: texts per language, before they are resolved into one Coalition per language. */
const coalitionFileObject = z
  .object({
    id: key,
    name: localized,
    shortName: text,
    botName: text,
    // Slack's rule for command names: a slash, then lowercase letters, digits, - or _.
    slashCommand: z.string().regex(/^\/[a-z0-9_-]{1,31}$/, { message: 'a slash command such as /p2c (lowercase, at most 32 characters)' }),
    defaultTimeZone: timeZone,
    defaultLocale: locale,
    /** Every language the file's texts are written in; the default language alone when absent. */
    languages: z.array(locale).min(1, { message: 'at least 1 language' }).refine((l) => new Set(l).size === l.length, { message: 'languages without repeats' }).optional(),
    /** A language whose text is used where a text lacks another: `{ es: en }`. */
    fallbacks: z.record(locale, locale).optional(),
    horizonYear: z.number().int({ message: 'a whole number' }).min(2000, { message: 'a year from 2000' }).max(2100, { message: 'a year up to 2100' }),
    focusAreas: keyedList(focusAreaSchema, 1),
    stakeholderCategories: keyedList(stakeholderCategorySchema, 1),
    joiningCriteria: keyedList(joiningCriterionSchema),
    pledgeTypes: keyedList(pledgeTypeSchema, 1),
    beneficiaryGroups: keyedList(beneficiaryGroupSchema),
    digest: z.object({ cron: cronExpression, periodDays: positiveInt }).strict(),
    /** Minutes before a meeting starts; empty means no reminders. */
    reminders: z
      .object({
        offsetsMinutes: z.array(positiveInt).refine((offsets) => new Set(offsets).size === offsets.length, { message: 'offsets without repeats' }),
      })
      .strict(),
    pledgeCheckIn: z.object({ intervalMonths: positiveInt, reaskAfterDays: positiveInt }).strict(),
    flows: z.object({ abandonedAfterDays: positiveInt }).strict(),
    /** What the coalition aims to have pledged (the dashboard draws it against the cumulative sum). */
    pledgeTarget: z
      .object({ usd: z.number().positive({ message: 'a positive amount of USD' }), year: z.number().int({ message: 'a whole number' }).min(2000).max(2100).optional() })
      .strict()
      .optional(),
  })
  .strict();

export const coalitionSchema = coalitionFileObject
  .superRefine((file, ctx) => {
    const languages = file.languages ?? [file.defaultLocale];
    if (!languages.includes(file.defaultLocale)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['languages'], message: `a list that includes the defaultLocale "${file.defaultLocale}"` });
    }
    for (const [from, to] of Object.entries(file.fallbacks ?? {})) {
      if (!languages.includes(from) || !languages.includes(to) || from === to) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['fallbacks', from], message: `a fallback between two different languages of ${languages.join(', ')}` });
      }
    }
    for (const { path, text } of localizedTexts(file)) {
      for (const language of Object.keys(text.texts)) {
        if (language !== DEFAULT_LANGUAGE && !languages.includes(language)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...path, language], message: `a language of the file (languages: ${languages.join(', ')})` });
        }
      }
      for (const language of languages) {
        if (textIn(text, language, file.defaultLocale, file.fallbacks ?? {}) === undefined) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...path, language], message: `a text in ${language} (every text has every language of ${languages.join(', ')}, or the file declares a fallback for ${language})` });
        }
      }
    }
  })
  .transform((file, ctx) => {
    const coalition = resolveCoalition(file);
    // A name an import would read as two things (a category's name in one language, another's in another).
    for (const clash of codeClashes(coalitionCodeTables(coalition))) {
      const [first, second] = clash.codes as [CodeClash['codes'][number], CodeClash['codes'][number]];
      const [list, area] = clash.column.startsWith('pillar:') ? ['focusAreas', clash.column.slice('pillar:'.length)] : [CODED_LISTS[clash.column as keyof typeof CODED_LISTS], undefined];
      const areaIndex = area === undefined ? -1 : coalition.focusAreas.findIndex((a) => a.key === area);
      const items: readonly { key: string }[] = area === undefined ? coalition[list as (typeof CODED_LISTS)[keyof typeof CODED_LISTS]] : (coalition.focusAreas[areaIndex]?.pillars ?? []);
      const path = [...(area === undefined ? [list] : ['focusAreas', areaIndex, 'pillars']), items.findIndex((item) => item.key === second.code), 'name'];
      const what = (c: typeof first) => `${c.code} (${c.languages.join(', ')})`;
      ctx.addIssue({ code: z.ZodIssueCode.custom, path, message: `names that say one thing in every language ("${clash.word}" names ${what(first)} and ${what(second)})` });
    }
    return coalition;
  });

type CoalitionFile = FileShape;
type FileShape = z.output<typeof coalitionFileObject>;
/** A text of the file in one language, with the file's fallbacks followed; undefined when missing. */
function textIn(text: LocalizedText, language: string, defaultLocale: string, fallbacks: Record<string, string>): string | undefined {
  const seen = new Set<string>();
  for (let current: string | undefined = language; current !== undefined && !seen.has(current); current = fallbacks[current]) {
    seen.add(current);
    const own = text.texts[current] ?? (current === defaultLocale ? text.texts[DEFAULT_LANGUAGE] : undefined);
    if (own !== undefined) return own;
  }
  return undefined;
}

/** Every localized text of the file with where it is. */
function localizedTexts(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; text: LocalizedText }[] {
  if (value instanceof LocalizedText) return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => localizedTexts(item, [...path, index]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => localizedTexts(v, [...path, k]));
  return [];
}

/** The file's shape with every localized text replaced by its text in one language. */
type Resolved<T> = T extends LocalizedText ? string : T extends readonly (infer U)[] ? Resolved<U>[] : T extends object ? { [K in keyof T]: Resolved<T[K]> } : T;
type ResolvedFile = Resolved<Omit<FileShape, 'languages' | 'fallbacks'>>;

/**
 * The coalition, its texts in the default language; `languages` are those of the file and
 * `translations` the same texts in each of them (see coalitionIn).
 */
export type Coalition = ResolvedFile & {
  languages: string[];
  translations: Record<string, ResolvedFile>;
};

function resolveIn(value: unknown, language: string, file: CoalitionFile): unknown {
  if (value instanceof LocalizedText) return textIn(value, language, file.defaultLocale, file.fallbacks ?? {}) ?? textIn(value, file.defaultLocale, file.defaultLocale, {}) ?? Object.values(value.texts)[0];
  if (Array.isArray(value)) return value.map((item) => resolveIn(item, language, file));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIn(v, language, file)]));
  return value;
}

function resolveCoalition(file: CoalitionFile): Coalition {
  const languages = file.languages ?? [file.defaultLocale];
  const { languages: _languages, fallbacks: _fallbacks, ...rest } = file;
  const translations = Object.fromEntries(languages.map((language) => [language, resolveIn(rest, language, file) as ResolvedFile]));
  return { ...(resolveIn(rest, file.defaultLocale, file) as ResolvedFile), languages, translations };
}

const inLanguage = new WeakMap<Coalition, Map<string, Coalition>>();
/** Each language's coalition points back to the coalition as loaded, so any of them can switch language. */
const loaded = new WeakMap<Coalition, Coalition>();

/** The language of `locale` among the coalition's languages (`fr-SN` -> `fr`), or undefined. */
export function coalitionLanguage(coalition: Coalition, locale: string | null | undefined): string | undefined {
  if (!locale) return undefined;
  const languages = coalition.languages ?? [coalition.defaultLocale];
  if (languages.includes(locale)) return locale;
  const language = locale.split('-')[0]!.toLowerCase();
  return languages.find((l) => l.toLowerCase() === language || l.split('-')[0]!.toLowerCase() === language);
}

/**
 * The coalition with its texts in the language of `locale` (the default language when the
 * coalition does not have that language). The same object for the same language.
 */
export function coalitionIn(coalition: Coalition, locale: string | null | undefined): Coalition {
  const root = loaded.get(coalition) ?? coalition;
  const language = coalitionLanguage(root, locale) ?? root.defaultLocale;
  const texts = root.translations?.[language];
  if (!texts || language === root.defaultLocale) return root;
  let byLanguage = inLanguage.get(root);
  if (!byLanguage) inLanguage.set(root, (byLanguage = new Map<string, Coalition>()));
  let found = byLanguage.get(language);
  if (!found) {
    byLanguage.set(language, (found = { ...texts, languages: root.languages, translations: root.translations }));
    loaded.set(found, root);
  }
  return found;
}

export type FocusArea = Coalition['focusAreas'][number];
export type StakeholderCategory = Coalition['stakeholderCategories'][number];
export type JoiningCriterion = Coalition['joiningCriteria'][number];
export type PledgeType = Coalition['pledgeTypes'][number];

export function focusArea(coalition: Coalition, key: string): FocusArea | undefined {
  return coalition.focusAreas.find((area) => area.key === key);
}

export function category(coalition: Coalition, key: string): StakeholderCategory | undefined {
  return coalition.stakeholderCategories.find((c) => c.key === key);
}

export function pledgeType(coalition: Coalition, key: string): PledgeType | undefined {
  return coalition.pledgeTypes.find((type) => type.key === key);
}

/** Working groups mirror the focus areas: same key, the group's own name. */
export function workingGroups(coalition: Coalition): { key: string; name: string; focusArea: FocusArea }[] {
  return coalition.focusAreas.map((area) => ({ key: area.key, name: area.workingGroup.name, focusArea: area }));
}
