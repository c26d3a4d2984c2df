// Does a meeting's wall-clock time exist, once, on the days it happens? A DST change skips an
// hour (02:30 in Zurich on the last Sunday of March, 00:30 in Beirut) or repeats one, and
// calendars place such a meeting differently: the bot refuses those times instead.
// The zone's changes come from the Temporal polyfill (IANA rules), never worked out by hand.
import { Temporal } from '@js-temporal/polyfill';
import { formatLocal, type LocalDateTime } from './zoned-time';

export interface WallClockProblem {
  kind: 'gap' | 'overlap';
  /** "YYYY-MM-DD": the first day the time is skipped or repeated. */
  date: string;
}

export interface ZoneTransition {
  at: Date;
  /** Offsets from UTC before and after, in minutes. */
  before: number;
  after: number;
}

/** The zone's offset changes in [from, to), in order (at most `max`). */
export function transitions(timeZone: string, from: Date, to: Date, max = 1000): ZoneTransition[] {
  const result: ZoneTransition[] = [];
  for (let year = from.getUTCFullYear(); year <= to.getUTCFullYear() && result.length < max; year++) {
    for (const change of transitionsOfYear(timeZone, year)) {
      if (change.at >= from && change.at < to && result.length < max) result.push(change);
    }
  }
  return result;
}

/** Years already worked out, per zone: a zone's past and announced rules do not change while the process runs. */
const years = new Map<string, ZoneTransition[]>();
const MAX_CACHED_YEARS = 5000;

function transitionsOfYear(timeZone: string, year: number): ZoneTransition[] {
  const key = `${timeZone}|${year}`;
  const known = years.get(key);
  if (known) return known;
  const result: ZoneTransition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let cursor = Temporal.Instant.fromEpochMilliseconds(Date.UTC(year, 0, 1) - 1).toZonedDateTimeISO(timeZone);
  for (;;) {
    const next = cursor.getTimeZoneTransition('next');
    if (!next || next.epochMilliseconds >= end) break;
    const before = next.subtract({ nanoseconds: 1 }).offsetNanoseconds / 60e9;
    result.push({ at: new Date(next.epochMilliseconds), before: Math.round(before), after: Math.round(next.offsetNanoseconds / 60e9) });
    cursor = next;
  }
  if (years.size >= MAX_CACHED_YEARS) years.delete(years.keys().next().value!);
  years.set(key, result);
  return result;
}

/**
 * The first day in `repeating.dates` (or the start's own day, for a single meeting) on which the
 * start's time of day is skipped or happens twice; null when there is none.
 */
export function wallClockProblem(start: LocalDateTime, timeZone: string, repeating: { from: Date; to: Date; dates: string[] } | null): WallClockProblem | null {
  const dates = new Set(repeating ? repeating.dates : [formatLocal(start).slice(0, 10)]);
  const from = repeating ? repeating.from : new Date(Date.UTC(start.year, start.month - 1, start.day - 2));
  const to = repeating ? repeating.to : new Date(Date.UTC(start.year, start.month - 1, start.day + 2));
  for (const change of transitions(timeZone, from, to)) {
    if (change.before === change.after) continue;
    // The affected wall-clock span, as naive UTC milliseconds.
    const lo = change.at.getTime() + Math.min(change.before, change.after) * 60_000;
    const hi = change.at.getTime() + Math.max(change.before, change.after) * 60_000;
    for (const dayStart of new Set([Math.floor(lo / 86_400_000), Math.floor((hi - 1) / 86_400_000)])) {
      const day = new Date(dayStart * 86_400_000);
      const wall = dayStart * 86_400_000 + (start.hour * 60 + start.minute) * 60_000;
      const date = day.toISOString().slice(0, 10);
      if (wall >= lo && wall < hi && dates.has(date)) return { kind: change.after > change.before ? 'gap' : 'overlap', date };
    }
  }
  return null;
}
