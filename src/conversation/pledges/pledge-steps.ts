// The questions of a pledge, each with its parser and schema; the `pledge` flow asks them
// in order and `update pledge` asks one of them again.
import { isProfileComplete } from '../../core/members/profile';
import { parseUsd } from '../../core/pledges/value';
import { parseSdgList, SDG_SHORT_NAMES } from '../../core/pledges/sdgs';
import {
  beneficiariesSchema, endYearSchema, parseYear, pledgeProblems, pledgeRules, pledgeTypeSchema, sdgSchema, startYearSchema, targetCode, valueRequired,
} from '../../core/pledges/pledge-rules';
import type { PledgeField } from '../../core/pledges/pledge-ports';
import type { MessageId } from '../catalog/catalog';
import type { ConversationContext } from '../context';
import type { Answers, ParseResult, StepDefinition } from '../flow/flow';
import { clip, describeIssue } from '../flow/inputs';
import { amountWords, splitList } from '../understanding/words';
import { beneficiaryNames, countriesSaidBack, focusAreaName, formatSdgs, formatUsd, pledgeTypeName } from './format';

const pillarsOf = (ctx: ConversationContext, answers: Answers) => ctx.coalition.focusAreas.find((a) => a.key === answers.focusArea)?.pillars ?? [];

export function parseValue(raw: string, ctx: ConversationContext): ParseResult {
  const parsed = parseUsd(raw, amountWords(ctx.t));
  if (parsed.ok) return parsed;
  const input = clip(raw.trim());
  if (parsed.reason === 'unknown_word') return { ok: false, error: ctx.t('pledge.error.value_word', { input, word: parsed.word, number: String(parsed.number) }) };
  const id = parsed.reason === 'negative' ? 'pledge.error.value_negative' : parsed.reason === 'zero' ? 'pledge.error.value_zero' : 'pledge.error.value_unreadable';
  return { ok: false, error: ctx.t(id, { input }) };
}

function parseCountries(raw: string, ctx: ConversationContext): ParseResult {
  const list = ctx.countries.parseList(raw);
  if (list.unknown.length === 1) {
    const [unknown] = list.unknown;
    const suggestions = unknown.suggestions.map((c) => c.name).join(' or ');
    const error = suggestions ? ctx.t('pledge.error.country_suggest', { input: clip(unknown.input), suggestions }) : ctx.t('pledge.error.country_unknown', { input: clip(unknown.input) });
    return { ok: false, error, ...corrected(raw, list.unknown) };
  }
  if (list.unknown.length > 1) {
    // Every name not understood, at once, each with its suggestions.
    const items = list.unknown.slice(0, 20).map((u) =>
      u.suggestions.length > 0
        ? ctx.t('pledge.error.country_item_suggest', { input: clip(u.input, 40), suggestions: u.suggestions.map((c) => c.name).join(' or ') })
        : ctx.t('pledge.error.country_item', { input: clip(u.input, 40) }),
    );
    const fix = corrected(raw, list.unknown);
    const error = ctx.t('pledge.error.countries_unknown', { count: list.unknown.length, list: items.join(', ') });
    return { ok: false, error: fix.suggestion ? `${error} ${ctx.t('pledge.error.take_suggestions')}` : error, ...fix };
  }
  if (list.resolved.length === 0) return { ok: false, error: ctx.t('error.required') };
  return { ok: true, value: list.resolved.map(targetCode) };
}

/** The 17 short names in the member's language. */
const sdgNames = (ctx: ConversationContext) => SDG_SHORT_NAMES.map((_, i) => ctx.t(`sdg.name.${i + 1}` as MessageId));

/** The list with each misspelt name replaced by its only suggestion (taken by a "yes"); none when one has no single suggestion. */
function corrected(raw: string, unknown: { input: string; suggestions: { name: string }[] }[]): { suggestion?: string } {
  if (unknown.some((u) => u.suggestions.length !== 1)) return {};
  let text = raw;
  for (const u of unknown) text = text.replace(u.input, u.suggestions[0].name);
  return { suggestion: text };
}

function parseSdgs(raw: string, ctx: ConversationContext): ParseResult {
  // The language's list words ("and") split it; the core reads each goal.
  const goals = parseSdgList(splitList(raw, ctx.t).join(', '), sdgNames(ctx));
  return goals.ok ? goals : { ok: false, error: ctx.t('pledge.error.sdg', { input: clip(goals.input) }) };
}

function parseYearAnswer(raw: string, ctx: ConversationContext): ParseResult {
  const year = parseYear(raw);
  return year === null ? { ok: false, error: ctx.t('pledge.error.year', { input: clip(raw.trim()) }) } : { ok: true, value: year };
}

const yearChoices = (ctx: ConversationContext, from: number) => {
  const years: number[] = [];
  for (let y = from; y <= ctx.coalition.horizonYear && years.length < 4; y++) years.push(y);
  return years.map((y) => ({ label: String(y), value: String(y) }));
};

/** The pledge's countries, said back with how many are LDCs, LLDCs and SIDS, before the next question. */
const saidBack = (ctx: ConversationContext, answers: Answers) =>
  Array.isArray(answers.countries) ? `${ctx.t('pledge.said_back', { summary: countriesSaidBack(ctx, answers.countries as string[]) })}\n` : '';

export const pledgeSteps: StepDefinition[] = [
  {
    id: 'focusArea',
    input: 'choice',
    label: 'pledge.focus_area.label',
    prompt: (ctx) => ctx.t('pledge.focus_area.prompt'),
    choices: (ctx) => ctx.coalition.focusAreas.map((a) => ({ label: a.name, value: a.key })),
  },
  {
    id: 'pillar',
    input: 'choice',
    label: 'pledge.pillar.label',
    when: (answers, ctx) => pillarsOf(ctx, answers).length > 0,
    prompt: (ctx, answers) => ctx.t('pledge.pillar.prompt', { area: focusAreaName(ctx, String(answers.focusArea)) }),
    choices: (ctx, answers) => pillarsOf(ctx, answers).map((p) => ({ label: p.name, value: p.key })),
    display: (value, ctx) => ctx.coalition.focusAreas.flatMap((a) => a.pillars ?? []).find((p) => p.key === value)?.name ?? String(value),
  },
  { id: 'title', input: 'text', label: 'pledge.title.label', prompt: (ctx) => ctx.t('pledge.title.prompt'), schema: () => pledgeRules.title },
  { id: 'description', input: 'text', multiline: true, label: 'pledge.description.label', prompt: (ctx) => ctx.t('pledge.description.prompt'), schema: () => pledgeRules.description },
  {
    id: 'type',
    input: 'choice',
    label: 'pledge.type.label',
    prompt: (ctx) => ctx.t('pledge.type.prompt'),
    choices: (ctx) => ctx.coalition.pledgeTypes.map((t) => ({ label: t.name, value: t.key })),
    schema: (ctx) => pledgeTypeSchema(ctx.coalition),
    display: (value, ctx) => pledgeTypeName(ctx, String(value)),
  },
  {
    id: 'valueUsd',
    input: 'text',
    label: 'pledge.value.label',
    optional: (answers, ctx) => !valueRequired(ctx.coalition, answers.type),
    prompt: (ctx, answers) => ctx.t(valueRequired(ctx.coalition, answers.type) ? 'pledge.value.prompt_required' : 'pledge.value.prompt'),
    parse: (raw, ctx) => parseValue(raw, ctx),
    display: (value, ctx) => formatUsd(Number(value), ctx),
  },
  {
    id: 'countries',
    input: 'countries',
    label: 'pledge.countries.label',
    prompt: (ctx) => ctx.t('pledge.countries.prompt'),
    parse: (raw, ctx) => parseCountries(raw, ctx),
    display: (value, ctx) => countriesSaidBack(ctx, value as string[]),
  },
  {
    id: 'beneficiaries',
    input: 'multi-choice',
    label: 'pledge.beneficiaries.label',
    prompt: (ctx, answers) => saidBack(ctx, answers) + ctx.t('pledge.beneficiaries.prompt'),
    choices: (ctx) => ctx.coalition.beneficiaryGroups.map((g) => ({ label: g.name, value: g.key })),
    schema: (ctx) => beneficiariesSchema(ctx.coalition),
    display: (value, ctx) => beneficiaryNames(ctx, value as string[]),
  },
  {
    id: 'sdgs',
    input: 'multi-choice',
    label: 'pledge.sdgs.label',
    prompt: (ctx) => ctx.t('pledge.sdgs.prompt'),
    choices: (ctx) => sdgNames(ctx).map((name, i) => ({ label: `${i + 1} ${name}`, value: String(i + 1) })),
    parse: (raw, ctx) => parseSdgs(raw, ctx),
    schema: () => sdgSchema(),
    display: (value, ctx) => formatSdgs(value as number[], ctx.t),
  },
  {
    id: 'startYear',
    input: 'number',
    label: 'pledge.start_year.label',
    prompt: (ctx) => ctx.t('pledge.start_year.prompt'),
    choices: (ctx) => yearChoices(ctx, ctx.now.getUTCFullYear()),
    parse: (raw, ctx) => parseYearAnswer(raw, ctx),
    schema: (ctx, answers) =>
      startYearSchema(ctx.coalition).refine((year) => typeof answers.endYear !== 'number' || year <= answers.endYear, {
        message: 'pledge.error.start_after_end',
        params: { end: typeof answers.endYear === 'number' ? answers.endYear : '' },
      }),
  },
  {
    id: 'endYear',
    input: 'number',
    label: 'pledge.end_year.label',
    prompt: (ctx) => ctx.t('pledge.end_year.prompt', { horizon: ctx.coalition.horizonYear }),
    choices: (ctx, answers) => yearChoices(ctx, typeof answers.startYear === 'number' ? answers.startYear : ctx.now.getUTCFullYear()),
    parse: (raw, ctx) => parseYearAnswer(raw, ctx),
    schema: (ctx, answers) => endYearSchema(ctx.coalition, answers.startYear as number | undefined),
  },
];

export function pledgeStep(id: string): StepDefinition | undefined {
  return pledgeSteps.find((s) => s.id === id);
}

/** Entity and sector come from the profile, so it must be complete. */
export function profileReady(ctx: ConversationContext): boolean {
  return isProfileComplete(ctx.member);
}


/**
 * The rules of a pledge (core's pledgeProblems, the one check of every path) the answers break,
 * in the order the questions are asked: the field and the member-facing reason; empty when the
 * pledge may be stored.
 */
export function pledgeProblemsOf(ctx: ConversationContext, answers: Partial<Record<PledgeField, unknown>>): { step: PledgeField; error: string }[] {
  return pledgeProblems(answers, ctx.coalition, ctx.countries).map((problem) => {
    const value = answers[problem.field];
    const input = Array.isArray(value) ? String(value[Number(problem.issue.path[0])] ?? value.join(', ')) : value == null ? '' : String(value);
    return { step: problem.field, error: describeIssue(problem.issue, input, ctx.t) };
  });
}
