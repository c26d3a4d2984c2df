// Meeting recurrence: the presets a chair picks (weekly, every two weeks, monthly on the same
// weekday) and typed RFC 5545 rules. Reading and expanding a rule is rrule-temporal's work
// (zone-aware, bounded in iterations): we only decide which rule parts we accept, and keep
// the rule as the library rebuilt it, never as typed.
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from '@js-temporal/polyfill';
import { wallClockProblem } from './wall-clock';
import { formatLocal, parseLocal, toInstant, weekday, type LocalDateTime } from './zoned-time';

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

export type RecurrenceChoice = 'none' | 'weekly' | 'biweekly' | 'monthly';

/** Rule parts we honour; anything else is refused by name. */
const ACCEPTED = ['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL', 'WKST'] as const;
const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY'];
export const MAX_RULE_LENGTH = 300;
export const MAX_INTERVAL = 52;
export const MAX_COUNT = 1000;
/** How far ahead a new rule must produce a meeting. */
export const HORIZON_YEARS = 5;
/** Outer periods (days, weeks, months) the library may step through in one expansion. */
const MAX_PERIODS = 20_000;

export type RecurrenceProblem =
  | { code: 'too_long'; max: number }
  | { code: 'characters' }
  | { code: 'unsupported'; parts: string }
  | { code: 'duplicate'; parts: string }
  | { code: 'unreadable'; detail: string }
  | { code: 'dropped'; parts: string }
  | { code: 'frequency'; value: string }
  | { code: 'interval'; max: number }
  | { code: 'count'; max: number }
  | { code: 'position' }
  | { code: 'start_not_in_rule'; first: string }
  | { code: 'no_occurrence'; years: number }
  | { code: 'wall_clock'; kind: 'gap' | 'overlap'; date: string };

export class RecurrenceError extends Error {
  constructor(readonly problem: RecurrenceProblem) {
    super(`recurrence rule refused: ${problem.code}`);
  }
}

/** The series a rule belongs to: its first start (wall-clock time) and zone. */
export interface SeriesStart {
  start: LocalDateTime;
  timeZone: string;
}

function zoned(start: LocalDateTime, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.PlainDateTime.from({ ...start }).toZonedDateTime(timeZone, { disambiguation: 'compatible' });
}

function library(body: string, series: SeriesStart): RRuleTemporal {
  // The library's own candidate cap (a million) stays: a lower one was seen to disable its fast path.
  return new RRuleTemporal({ rruleString: body, dtstart: zoned(series.start, series.timeZone), maxIterations: MAX_PERIODS });
}

/** The keys of a rule body, in order (only to compare what was typed with what the library read). */
function keysOf(body: string): string[] {
  return body
    .split(';')
    .filter(Boolean)
    .map((part) => part.split('=')[0].toUpperCase());
}

/**
 * The rule expanded on the wall clock (as if the zone were UTC): the library reads the rule in
 * the meeting's zone (UNTIL is an instant there), and generates local dates and times, which
 * zoned-time turns into instants. Its own zone arithmetic is not used: it was seen to put
 * Casablanca's 2029 Ramadan hour on the wrong side.
 */
function wallClockRule(body: string, series: SeriesStart): RRuleTemporal {
  const key = `${body}|${formatLocal(series.start)}|${series.timeZone}`;
  const cached = expanders.get(key);
  if (cached) return cached;
  const rule = buildWallClockRule(body, series);
  // The reminder tick expands every meeting every minute: the rules are kept (a few hundred at most).
  if (expanders.size >= MAX_CACHED_RULES) expanders.delete(expanders.keys().next().value!);
  expanders.set(key, rule);
  return rule;
}

const MAX_CACHED_RULES = 500;
const expanders = new Map<string, RRuleTemporal>();

function buildWallClockRule(body: string, series: SeriesStart): RRuleTemporal {
  const o = library(body, series).options();
  const floating = (l: { year: number; month: number; day: number; hour: number; minute: number }) =>
    Temporal.PlainDateTime.from({ year: l.year, month: l.month, day: l.day, hour: l.hour, minute: l.minute }).toZonedDateTime('UTC');
  const until = o.until ? floating(Temporal.Instant.fromEpochMilliseconds(o.until.epochMilliseconds).toZonedDateTimeISO(series.timeZone)) : undefined;
  return new RRuleTemporal({
    freq: o.freq,
    interval: o.interval,
    count: o.count,
    byDay: o.byDay,
    byMonthDay: o.byMonthDay,
    wkst: o.wkst,
    until,
    tzid: 'UTC',
    dtstart: floating(series.start),
    maxIterations: MAX_PERIODS,
  });
}

const bodyOf = (rule: RRuleTemporal) => (rule.toString().split('\n').find((line) => line.startsWith('RRULE:')) ?? 'RRULE:').slice('RRULE:'.length);

/** The RRULE for a preset, anchored on the first meeting's date; null for a single meeting. */
export function presetRule(choice: RecurrenceChoice, series: SeriesStart): string | null {
  const { start } = series;
  const day = DAYS[weekday(start.year, start.month, start.day)];
  switch (choice) {
    case 'none':
      return null;
    case 'weekly':
      return normalizeRule(`FREQ=WEEKLY;BYDAY=${day}`, series);
    case 'biweekly':
      return normalizeRule(`FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}`, series);
    case 'monthly': {
      // A fifth weekday does not exist every month: it becomes "the last".
      const nth = Math.ceil(start.day / 7);
      return normalizeRule(`FREQ=MONTHLY;BYDAY=${nth === 5 ? -1 : nth}${day}`, series);
    }
  }
}

/**
 * Reads a typed rule (with or without "RRULE:") for a series, refuses what we cannot honour
 * with a RecurrenceError naming it, and returns the rule body as the library rebuilt it.
 */
export function normalizeRule(text: string, series: SeriesStart): string {
  const body = text.trim().replace(/^RRULE:/i, '').replace(/;+$/, '');
  if (body.length > MAX_RULE_LENGTH) throw new RecurrenceError({ code: 'too_long', max: MAX_RULE_LENGTH });
  // A rule is one line of letters, digits and = ; , + -: nothing else can reach the calendar file.
  if (!/^[A-Za-z0-9=;,+-]+$/.test(body)) throw new RecurrenceError({ code: 'characters' });
  const typed = keysOf(body);
  const unsupported = [...new Set(typed.filter((k) => !(ACCEPTED as readonly string[]).includes(k)))];
  if (unsupported.length) throw new RecurrenceError({ code: 'unsupported', parts: unsupported.join(', ') });
  const duplicates = [...new Set(typed.filter((k, i) => typed.indexOf(k) !== i))];
  if (duplicates.length) throw new RecurrenceError({ code: 'duplicate', parts: duplicates.join(', ') });
  let rule: RRuleTemporal;
  try {
    rule = library(body.toUpperCase(), series);
  } catch (error) {
    throw new RecurrenceError({ code: 'unreadable', detail: error instanceof Error ? error.message.slice(0, 200) : String(error) });
  }
  const options = rule.options();
  if (!FREQUENCIES.includes(options.freq)) throw new RecurrenceError({ code: 'frequency', value: options.freq });
  const rebuilt = bodyOf(rule);
  // Whatever the library did not keep (BYMONTHDAY=0, ...) is refused, never dropped.
  const dropped = typed.filter((k) => !keysOf(rebuilt).includes(k));
  if (dropped.length) throw new RecurrenceError({ code: 'dropped', parts: dropped.join(', ') });
  if ((options.interval ?? 1) > MAX_INTERVAL) throw new RecurrenceError({ code: 'interval', max: MAX_INTERVAL });
  if (options.count !== undefined && options.count > MAX_COUNT) throw new RecurrenceError({ code: 'count', max: MAX_COUNT });
  // "2TU" means something only within a month.
  if (options.freq !== 'MONTHLY' && (options.byDay ?? []).some((d) => /\d/.test(d))) throw new RecurrenceError({ code: 'position' });
  const first = safe(() => wallClockRule(rebuilt, series).all((_, i) => i < 1)[0]);
  if (!first || formatLocal(floatingLocal(first)) !== formatLocal(series.start)) {
    throw new RecurrenceError({ code: 'start_not_in_rule', first: first ? formatLocal(floatingLocal(first)) : '' });
  }
  return rebuilt;
}

/**
 * Checks a rule for a series about to be saved at `now`: it must produce a meeting within
 * HORIZON_YEARS, and its time of day must exist, once, on every day of the series there
 * (a DST change skips or repeats some local times, and calendars disagree on those).
 */
export function checkSeries(series: SeriesStart & { rrule: string | null }, now: Date): void {
  const until = new Date(now.getTime() + HORIZON_YEARS * 366 * 86_400_000);
  const within = occurrences(series, now, until, 1);
  if (series.rrule && within.length === 0) throw new RecurrenceError({ code: 'no_occurrence', years: HORIZON_YEARS });
  const problem = wallClockProblem(series.start, series.timeZone, series.rrule ? { from: now, to: until, dates: occurrenceDates(series, now, until) } : null);
  if (problem) throw new RecurrenceError({ code: 'wall_clock', kind: problem.kind, date: problem.date });
}

function safe<T>(run: () => T): T | null {
  try {
    return run();
  } catch {
    return null;
  }
}

/** The wall-clock time of an occurrence of a wall-clock (UTC-floating) rule: read from its epoch, much cheaper than its fields. */
function floatingLocal(z: { epochMilliseconds: number }): LocalDateTime {
  const d = new Date(z.epochMilliseconds);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/** The calendar dates ("YYYY-MM-DD") of the series' occurrences in [from, to), as the rule generates them. */
function occurrenceDates(series: SeriesStart & { rrule: string | null }, from: Date, to: Date): string[] {
  if (!series.rrule) return [formatLocal(series.start).slice(0, 10)];
  const list = safe(() => wallClockRule(series.rrule!, series).between(new Date(from.getTime() - 2 * 86_400_000), new Date(to.getTime() + 2 * 86_400_000), true));
  return (list ?? []).slice(0, 5 * MAX_COUNT).map((z) => formatLocal(floatingLocal(z)).slice(0, 10));
}

/** One occurrence moved or cancelled alone (its original start is its RECURRENCE-ID). */
export interface OccurrenceException {
  occurrenceAt: Date;
  /** The new wall-clock start in the meeting's zone; null when cancelled. */
  startLocal: string | null;
  cancelled: boolean;
}

export interface SeriesDefinition extends SeriesStart {
  rrule: string | null;
}

/**
 * The UTC instants of the rule's own occurrences that start in [from, to), at most `limit`.
 * A single meeting (rrule null) has one. Bounded: the library stops after MAX_PERIODS periods
 * and its own cap of candidates, and a rule past those bounds yields nothing.
 */
export function occurrences(series: SeriesDefinition, from: Date, to: Date, limit = 500): Date[] {
  const only = toInstant(series.start, series.timeZone).getTime();
  if (!series.rrule) return only >= from.getTime() && only < to.getTime() ? [new Date(only)] : [];
  if (to <= from) return [];
  // The wall-clock window is the instant window widened by more than the largest offsets (±14 h).
  const found = safe(() => wallClockRule(series.rrule!, series).between(new Date(from.getTime() - 2 * 86_400_000), new Date(to.getTime() + 2 * 86_400_000), true)) ?? [];
  const result: Date[] = [];
  for (const z of found) {
    const at = toInstant(floatingLocal(z), series.timeZone);
    if (at >= to || result.length >= limit) break;
    if (at >= from) result.push(at);
  }
  return result;
}

/** An occurrence as members see it: when it starts, and which occurrence of the rule it is. */
export interface Occurrence {
  at: Date;
  /** The rule's own start for it (RECURRENCE-ID); equal to `at` unless it was moved. */
  originalAt: Date;
}

/** The furthest an occurrence may be moved from its original start (so a window finds it). */
export const MAX_MOVE_MS = 366 * 86_400_000;

/** Occurrences in [from, to) with the exceptions applied: moved ones at their new time, cancelled ones left out. */
export function meetingOccurrences(series: SeriesDefinition & { exceptions?: readonly OccurrenceException[] }, from: Date, to: Date, limit = 500): Occurrence[] {
  const exceptions = series.exceptions ?? [];
  if (exceptions.length === 0) return occurrences(series, from, to, limit).map((at) => ({ at, originalAt: at }));
  const byOriginal = new Map(exceptions.map((e) => [e.occurrenceAt.getTime(), e]));
  const widened = occurrences(series, new Date(from.getTime() - MAX_MOVE_MS), new Date(to.getTime() + MAX_MOVE_MS), 5 * MAX_COUNT);
  const result: Occurrence[] = [];
  for (const originalAt of widened) {
    const exception = byOriginal.get(originalAt.getTime());
    if (exception?.cancelled) continue;
    const moved = exception?.startLocal ? parseLocal(exception.startLocal) : null;
    const at = moved ? new Date(zoned(moved, series.timeZone).epochMilliseconds) : originalAt;
    if (at >= from && at < to) result.push({ at, originalAt });
  }
  return result.sort((a, b) => a.at.getTime() - b.at.getTime()).slice(0, limit);
}

/** The rule's parts a reschedule keeps or shifts. */
export function ruleParts(rrule: string, series: SeriesStart): { freq: string; byDay: string[]; byMonthDay: number[] } {
  const o = library(rrule, series).options();
  return { freq: o.freq, byDay: [...(o.byDay ?? [])], byMonthDay: [...(o.byMonthDay ?? [])] };
}

/**
 * The rule of a series moved to `to`: its weekdays (and day of month) move with the start, so
 * a Tuesday series moved to a Wednesday repeats on Wednesdays. Null when the rule would not
 * give `to` itself (the caller then asks for another date or rule).
 */
export function shiftRule(rrule: string, from: SeriesStart, to: SeriesStart): string | null {
  const parts = ruleParts(rrule, from);
  const shift = weekday(to.start.year, to.start.month, to.start.day) - weekday(from.start.year, from.start.month, from.start.day);
  const moveDay = (token: string) => {
    const m = /^([+-]?\d+)?([A-Z]{2})$/.exec(token)!;
    const day = DAYS[(DAYS.indexOf(m[2] as (typeof DAYS)[number]) + shift + 7) % 7];
    if (m[1] === undefined) return day;
    // An ordinal weekday follows the new date: the 2nd Tuesday moved to the 3rd Wednesday.
    const nth = Math.ceil(to.start.day / 7);
    return `${Number(m[1]) < 0 || nth === 5 ? -1 : nth}${day}`;
  };
  let body = rrule;
  if (parts.byDay.length && parts.freq !== 'DAILY') body = body.replace(/BYDAY=[^;]+/, `BYDAY=${parts.byDay.map(moveDay).join(',')}`);
  if (parts.byMonthDay.length === 1 && parts.byMonthDay[0] > 0) body = body.replace(/BYMONTHDAY=[^;]+/, `BYMONTHDAY=${to.start.day}`);
  try {
    return normalizeRule(body, to);
  } catch {
    return null;
  }
}

/** A stored rule as the library reads it (what a calendar file carries); null when it cannot be read. */
export function canonicalRule(rrule: string, series: SeriesStart): string | null {
  const body = rrule.trim().replace(/^RRULE:/i, '');
  if (!/^[A-Za-z0-9=;,+-]+$/.test(body)) return null;
  return safe(() => bodyOf(library(body.toUpperCase(), series)));
}

/** A weekday as rules name them: 0 = Sunday … 6 = Saturday. */
export type WeekdayIndex = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * A rule as people say it, without its RFC 5545 spelling: the conversation layer turns it
 * into a sentence of the member's language ("every two weeks on Tuesday", "the last Friday
 * of each month", "10 times"). Parts the rule leaves out are taken from the series' start, as
 * the library does when it expands it.
 */
export type RuleShape =
  | { kind: 'daily'; interval: number; onlyOn: WeekdayIndex[] }
  | { kind: 'weekdays' }
  | { kind: 'weekly'; interval: number; days: WeekdayIndex[] }
  /** Days of the month: 3 = the 3rd, -1 = the last day; `onlyOn` when BYDAY also filters them. */
  | { kind: 'monthly_day'; interval: number; days: number[]; onlyOn: WeekdayIndex[] }
  /** Weekdays of the month: nth 1..5 from the start, -1..-5 from the end, 0 = every such weekday. */
  | { kind: 'monthly_weekday'; interval: number; positions: { nth: number; day: WeekdayIndex }[] };

export interface RuleDescription {
  shape: RuleShape;
  /** How many meetings in all (COUNT), or the last instant one may start (UNTIL); neither: no end. */
  count: number | null;
  until: Date | null;
}

const WORK_WEEK: WeekdayIndex[] = [1, 2, 3, 4, 5];

/** A stored rule described for people; null when the library cannot read it. */
export function describeRule(rrule: string, series: SeriesStart): RuleDescription | null {
  const body = rrule.trim().replace(/^RRULE:/i, '');
  if (!/^[A-Za-z0-9=;,+-]+$/.test(body)) return null;
  const o = safe(() => library(body.toUpperCase(), series).options());
  if (!o) return null;
  const interval = o.interval ?? 1;
  const tokens = (o.byDay ?? []).map((token) => /^([+-]?\d+)?([A-Z]{2})$/.exec(token)).filter((m): m is RegExpExecArray => m !== null);
  const dayOf = (code: string) => DAYS.indexOf(code as (typeof DAYS)[number]) as WeekdayIndex;
  const sortDays = (days: WeekdayIndex[]) => [...new Set(days)].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  const plainDays = sortDays(tokens.map((m) => dayOf(m[2])));
  const startDay = weekday(series.start.year, series.start.month, series.start.day) as WeekdayIndex;
  let shape: RuleShape;
  if (o.freq === 'DAILY' && !(interval === 1 && plainDays.length)) {
    shape = { kind: 'daily', interval, onlyOn: plainDays };
  } else if (o.freq === 'WEEKLY' || o.freq === 'DAILY') {
    // Every day, only on some weekdays, is those weekdays every week.
    const days = plainDays.length ? plainDays : [startDay];
    shape = interval === 1 && days.join() === WORK_WEEK.join() ? { kind: 'weekdays' } : { kind: 'weekly', interval, days };
  } else if ((o.byMonthDay ?? []).length > 0 || tokens.length === 0) {
    const days = (o.byMonthDay ?? []).length ? [...(o.byMonthDay ?? [])].sort((a, b) => (a < 0 ? 100 + a : a) - (b < 0 ? 100 + b : b)) : [series.start.day];
    shape = { kind: 'monthly_day', interval, days, onlyOn: plainDays };
  } else {
    const positions = tokens
      .map((m) => ({ nth: m[1] === undefined ? 0 : Number(m[1]), day: dayOf(m[2]) }))
      .sort((a, b) => (a.nth < 0 ? 10 + a.nth : a.nth) - (b.nth < 0 ? 10 + b.nth : b.nth) || ((a.day + 6) % 7) - ((b.day + 6) % 7));
    shape = { kind: 'monthly_weekday', interval, positions };
  }
  return { shape, count: o.count ?? null, until: o.until ? new Date(o.until.epochMilliseconds) : null };
}
