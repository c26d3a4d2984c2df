// The coalition file's schema: everything that makes one coalition differ from another.
// Validated once at start; the rest of the bot reads the typed `Coalition`.
import { z } from 'zod';
import { cronProblem, describeCronProblem } from '../schedules/cron';
import { isTimeZone } from '../time-zones';

const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

const key = z.string().regex(KEY_PATTERN, { message: 'a key of lowercase letters, digits and _, starting with a letter' });
const text = z.string().trim().min(1, { message: 'a non-empty text' });
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

const pillarSchema = z.object({ key, name: text }).strict();

const focusAreaSchema = z
  .object({
    key,
    name: text,
    purpose: text,
    pillars: keyedList(pillarSchema).optional(),
    /** Each focus area has one working group, keyed like the focus area. */
    workingGroup: z.object({ name: text, description: text.optional() }).strict(),
  })
  .strict();

const stakeholderCategorySchema = z.object({ key, name: text, description: text.optional() }).strict();

/** Input kinds a joining criterion may ask with (the flow engine's names). */
export const CRITERION_KINDS = ['yes-no', 'text'] as const;

const joiningCriterionSchema = z
  .object({ key, question: text, kind: z.enum(CRITERION_KINDS) })
  .strict();

const pledgeTypeSchema = z
  .object({ key, name: text, description: text.optional(), valueRequired: z.boolean() })
  .strict();

const beneficiaryGroupSchema = z.object({ key, name: text }).strict();

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

export const coalitionSchema = z
  .object({
    id: key,
    name: text,
    shortName: text,
    botName: text,
    // Slack's rule for command names: a slash, then lowercase letters, digits, - or _.
    slashCommand: z.string().regex(/^\/[a-z0-9_-]{1,31}$/, { message: 'a slash command such as /p2c (lowercase, at most 32 characters)' }),
    defaultTimeZone: timeZone,
    defaultLocale: locale,
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

export type Coalition = z.infer<typeof coalitionSchema>;
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
