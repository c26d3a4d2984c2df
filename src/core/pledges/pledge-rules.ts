// What a valid pledge is, how its status may change, and which countries it targets.
// Pure: the coalition, the country registry and the time are passed in.
import { z } from 'zod';
import type { Coalition } from '../coalition/coalition';
import type { CountryRegistry, CountryTarget } from '../countries/country-registry';
import { plainText } from '../members/profile';
import type { PledgeField, PledgeStatus } from './pledge-ports';

export const EARLIEST_START_YEAR = 2015;

export const pledgeRules = {
  title: plainText(5, 120),
  description: plainText(20, 2000),
  reason: plainText(3, 500),
  narrative: plainText(10, 2000),
};

export function pledgeTypeSchema(coalition: Coalition) {
  return z.string().refine((key) => coalition.pledgeTypes.some((t) => t.key === key), { message: 'pledge.error.type' });
}

export function valueRequired(coalition: Coalition, type: unknown): boolean {
  return coalition.pledgeTypes.find((t) => t.key === type)?.valueRequired === true;
}

export function sdgSchema() {
  return z.array(z.number().int().min(1).max(17)).min(1);
}

export function beneficiariesSchema(coalition: Coalition) {
  return z.array(z.string().refine((key) => coalition.beneficiaryGroups.some((g) => g.key === key), { message: 'pledge.error.beneficiary' })).min(1);
}

export function startYearSchema(coalition: Coalition) {
  return z
    .number()
    .int()
    .refine((year) => year >= EARLIEST_START_YEAR, { message: 'pledge.error.start_too_early', params: { earliest: EARLIEST_START_YEAR } })
    .refine((year) => year <= coalition.horizonYear, { message: 'pledge.error.after_horizon', params: { horizon: coalition.horizonYear } });
}

export function endYearSchema(coalition: Coalition, startYear: number | null | undefined) {
  return z
    .number()
    .int()
    .refine((year) => startYear == null || year >= startYear, { message: 'pledge.error.end_before_start', params: { start: startYear ?? '' } })
    .refine((year) => year <= coalition.horizonYear, { message: 'pledge.error.after_horizon', params: { horizon: coalition.horizonYear } });
}

/** A whole year as typed ("2027"); null when it is not one. */
export function parseYear(raw: string): number | null {
  const m = /^\s*(\d{4})\s*$/.exec(raw);
  return m ? Number(m[1]) : null;
}

/** SDG numbers as typed ("4, 5 and 9", "SDG 4"); null when something is not a goal number. */
export function parseSdgs(raw: string): number[] | null {
  const parts = raw.split(/\s*(?:,|;|\band\b|&|\s)\s*/i).map((p) => p.replace(/^sdg\s*/i, '').trim()).filter((p) => p && !/^sdgs?$/i.test(p));
  const goals: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,2}$/.test(part)) return null;
    const goal = Number(part);
    if (goal < 1 || goal > 17) return null;
    if (!goals.includes(goal)) goals.push(goal);
  }
  return goals.length ? goals.sort((a, b) => a - b) : null;
}

// --- countries ------------------------------------------------------------------------

export const GLOBAL = 'GLOBAL';

/** How a target is stored: ISO alpha-3, "GLOBAL" or "region:<key>". */
export function targetCode(target: CountryTarget): string {
  return target.kind === 'country' ? target.country.iso3 : target.kind === 'global' ? GLOBAL : `region:${target.key}`;
}

/** The region a stored code names: "region:<key>" as the pledge flow writes it, or a bare lowercase key as older data has it. */
function regionKeyOf(code: string): string | null {
  if (code.startsWith('region:')) return code.slice(7);
  return /^[a-z]/.test(code) ? code : null;
}

/** The countries a stored list covers (regions expanded; "GLOBAL" covers none in particular). */
export function coveredCountries(codes: readonly string[], countries: CountryRegistry): string[] {
  const covered = new Set<string>();
  for (const code of codes) {
    if (code === GLOBAL) continue;
    const region = regionKeyOf(code);
    if (region !== null) for (const iso3 of countries.region(region)?.members ?? []) covered.add(iso3);
    else covered.add(code);
  }
  return [...covered];
}

export interface TargetedGroups {
  ldc: boolean;
  lldc: boolean;
  sids: boolean;
}

/**
 * The one rule for "targeting LDCs / LLDCs / SIDS", used by the digest, `pledge totals` and the
 * exports: a pledge targets a group when one of its countries belongs to it, a region counting
 * as the list of its countries (so `region:sids` also targets the LDCs among the SIDS); `global`
 * targets none.
 */
export function targetedGroups(codes: readonly string[], countries: CountryRegistry): TargetedGroups {
  const counts = countries.classify(coveredCountries(codes, countries));
  return { ldc: counts.ldc > 0, lldc: counts.lldc > 0, sids: counts.sids > 0 };
}

export function targetName(code: string, countries: CountryRegistry): string {
  if (code === GLOBAL) return 'Global';
  if (code.startsWith('region:')) return countries.region(code.slice(7))?.name ?? code;
  return countries.get(code)?.name ?? code;
}

// --- the whole pledge -----------------------------------------------------------------

/** The fields in the order a member is asked them: the first problem is the first to fix. */
export const PLEDGE_FIELDS: readonly PledgeField[] = ['focusArea', 'pillar', 'title', 'description', 'type', 'valueUsd', 'countries', 'beneficiaries', 'sdgs', 'startYear', 'endYear'];

export const MAX_PLEDGE_USD = 1e13;
export const MAX_PLEDGE_COUNTRIES = 300;

export interface PledgeProblem {
  field: PledgeField;
  /** What zod found; a custom issue's message is a message id, with its params. */
  issue: z.ZodIssue;
}

const missing = (message: string, params?: Record<string, unknown>): z.ZodIssue => ({ code: z.ZodIssueCode.custom, path: [], message, ...(params ? { params } : {}) });

function knownTarget(code: string, countries: CountryRegistry): boolean {
  if (code === GLOBAL) return true;
  if (code.startsWith('region:')) return countries.region(code.slice(7)) !== undefined;
  return /^[A-Z]{3}$/.test(code) && countries.get(code)?.iso3 === code;
}

/**
 * Every rule of a pledge, on the whole record: what the `pledge` flow's summary and confirm,
 * its Slack and Teams forms and `update pledge` all check before anything is stored, so a
 * change to one answer (the type) cannot leave another (the value) breaking a rule.
 * Empty when the pledge may be stored.
 */
export function pledgeProblems(pledge: Partial<Record<PledgeField, unknown>>, coalition: Coalition, countries: CountryRegistry): PledgeProblem[] {
  const area = coalition.focusAreas.find((a) => a.key === pledge.focusArea);
  const pillars = area?.pillars ?? [];
  const type = coalition.pledgeTypes.find((t) => t.key === pledge.type);
  const rules: Record<PledgeField, { required: boolean; schema: z.ZodTypeAny; missing?: z.ZodIssue }> = {
    focusArea: { required: true, schema: z.string().refine((key) => area?.key === key, { message: 'pledge.error.focus_area' }) },
    pillar: {
      required: pillars.length > 0,
      schema: z.string().refine((key) => pillars.some((p) => p.key === key), { message: 'pledge.error.pillar', params: { area: area?.name ?? '' } }),
      missing: missing('pledge.error.pillar', { area: area?.name ?? '' }),
    },
    title: { required: true, schema: pledgeRules.title },
    description: { required: true, schema: pledgeRules.description },
    type: { required: true, schema: pledgeTypeSchema(coalition) },
    valueUsd: {
      required: type?.valueRequired === true,
      schema: z.number().finite().positive().max(MAX_PLEDGE_USD),
      missing: missing('pledge.error.value_required', { type: type?.name ?? '' }),
    },
    countries: {
      required: true,
      schema: z.array(z.string().refine((code) => knownTarget(code, countries), { message: 'pledge.error.country_code' })).min(1).max(MAX_PLEDGE_COUNTRIES),
    },
    beneficiaries: { required: true, schema: beneficiariesSchema(coalition) },
    sdgs: { required: true, schema: sdgSchema() },
    startYear: { required: true, schema: startYearSchema(coalition) },
    endYear: { required: true, schema: endYearSchema(coalition, typeof pledge.startYear === 'number' ? pledge.startYear : null) },
  };
  const problems: PledgeProblem[] = [];
  for (const field of PLEDGE_FIELDS) {
    const rule = rules[field];
    const value = pledge[field];
    if (value === null || value === undefined) {
      // Not asked (a pillar where the area has none, a value where the type needs none): fine.
      if (rule.required) problems.push({ field, issue: rule.missing ?? missing('error.required') });
      continue;
    }
    if (field === 'pillar' && pillars.length === 0) {
      problems.push({ field, issue: missing('pledge.error.pillar_none', { area: area?.name ?? '' }) });
      continue;
    }
    const result = rule.schema.safeParse(value);
    if (!result.success) problems.push({ field, issue: result.error.issues[0] });
  }
  return problems;
}

// --- status ---------------------------------------------------------------------------

const NEXT: Record<PledgeStatus, PledgeStatus[]> = {
  announced: ['in_progress', 'completed', 'withdrawn'],
  in_progress: ['completed', 'withdrawn'],
  completed: [],
  withdrawn: [],
};

export type StatusChange = { ok: true } | { ok: false; reason: 'same' | 'not_allowed' | 'reason_required' };

export function checkStatusChange(from: PledgeStatus, to: PledgeStatus, reason: string | null | undefined): StatusChange {
  if (from === to) return { ok: false, reason: 'same' };
  if (!NEXT[from].includes(to)) return { ok: false, reason: 'not_allowed' };
  if (to === 'withdrawn' && !reason?.trim()) return { ok: false, reason: 'reason_required' };
  return { ok: true };
}

/** When the first progress check-in is due: one interval after submission. */
export function firstCheckInAt(submittedAt: Date, intervalMonths: number): Date {
  const due = new Date(submittedAt);
  due.setUTCMonth(due.getUTCMonth() + intervalMonths);
  return due;
}
