// Meeting recurrence: the presets a chair picks (weekly, every two weeks, monthly on the
// same weekday) and the subset of RFC 5545 RRULE the bot understands, expanded in the
// meeting's own zone so every occurrence keeps its wall-clock time across DST changes.
import { addDays, daysInMonth, toInstant, weekday, type LocalDateTime } from './zoned-time';

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
type Day = (typeof DAYS)[number];

export interface Rule {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  interval: number;
  /** WEEKLY: the weekdays; MONTHLY: one weekday with its ordinal (2nd Tuesday, -1 = last). */
  byDay: { day: Day; nth?: number }[];
  byMonthDay?: number;
  count?: number;
  until?: Date;
}

export type RecurrenceChoice = 'none' | 'weekly' | 'biweekly' | 'monthly';

export class RecurrenceError extends Error {}

/** The RRULE for a preset, anchored on the first meeting's date; null for a single meeting. */
export function presetRule(choice: RecurrenceChoice, start: LocalDateTime): string | null {
  const day = DAYS[weekday(start.year, start.month, start.day)];
  switch (choice) {
    case 'none':
      return null;
    case 'weekly':
      return `FREQ=WEEKLY;BYDAY=${day}`;
    case 'biweekly':
      return `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}`;
    case 'monthly': {
      // A fifth weekday does not exist every month: it becomes "the last".
      const nth = Math.ceil(start.day / 7);
      return `FREQ=MONTHLY;BYDAY=${nth === 5 ? -1 : nth}${day}`;
    }
  }
}

/** Parses an RRULE (with or without the "RRULE:" prefix); throws RecurrenceError naming what is wrong. */
export function parseRule(text: string): Rule {
  const body = text.trim().replace(/^RRULE:/i, '');
  const parts = new Map<string, string>();
  for (const part of body.split(';').filter(Boolean)) {
    const [key, value] = part.split('=');
    if (!key || value === undefined) throw new RecurrenceError(`"${part}" is not KEY=VALUE`);
    parts.set(key.toUpperCase(), value.toUpperCase());
  }
  const supported = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL', 'WKST']);
  for (const key of parts.keys()) if (!supported.has(key)) throw new RecurrenceError(`${key} is not supported (use FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL)`);
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY') throw new RecurrenceError('FREQ must be DAILY, WEEKLY or MONTHLY');
  const interval = parts.has('INTERVAL') ? Number(parts.get('INTERVAL')) : 1;
  if (!Number.isInteger(interval) || interval < 1 || interval > 52) throw new RecurrenceError('INTERVAL must be a whole number from 1 to 52');
  const byDay = (parts.get('BYDAY') ?? '')
    .split(',')
    .filter(Boolean)
    .map((token) => {
      const m = /^([+-]?\d)?(SU|MO|TU|WE|TH|FR|SA)$/.exec(token);
      if (!m) throw new RecurrenceError(`BYDAY "${token}" is not a weekday such as MO or 2TU`);
      const nth = m[1] === undefined ? undefined : Number(m[1]);
      if (nth !== undefined && (nth === 0 || nth < -1 || nth > 4)) throw new RecurrenceError('a BYDAY position must be 1 to 4, or -1 for the last');
      return { day: m[2] as Day, nth };
    });
  if (freq === 'MONTHLY' && byDay.length > 1) throw new RecurrenceError('a monthly rule takes one BYDAY, such as 2TU');
  if (freq !== 'MONTHLY' && byDay.some((d) => d.nth !== undefined)) throw new RecurrenceError('BYDAY positions (2TU) need FREQ=MONTHLY');
  if (freq === 'MONTHLY' && byDay.length === 1 && byDay[0].nth === undefined) throw new RecurrenceError('a monthly BYDAY needs a position, such as 2TU or -1FR');
  const byMonthDay = parts.has('BYMONTHDAY') ? Number(parts.get('BYMONTHDAY')) : undefined;
  if (byMonthDay !== undefined && (freq !== 'MONTHLY' || !Number.isInteger(byMonthDay) || byMonthDay < 1 || byMonthDay > 31))
    throw new RecurrenceError('BYMONTHDAY must be 1 to 31, with FREQ=MONTHLY');
  const count = parts.has('COUNT') ? Number(parts.get('COUNT')) : undefined;
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) throw new RecurrenceError('COUNT must be a positive whole number');
  const until = parts.has('UNTIL') ? parseUntil(parts.get('UNTIL')!) : undefined;
  if (count !== undefined && until) throw new RecurrenceError('use COUNT or UNTIL, not both');
  return { freq, interval, byDay, byMonthDay, count, until };
}

function parseUntil(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value);
  if (!m) throw new RecurrenceError('UNTIL must look like 20271231 or 20271231T235959Z');
  return m[4] === undefined ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], 23, 59, 59)) : new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/** Local dates of the series in order, the first being the start itself. */
function* localDates(start: LocalDateTime, rule: Rule): Generator<LocalDateTime> {
  const dayIndex = (d: Day) => DAYS.indexOf(d);
  if (rule.freq === 'DAILY') {
    for (let k = 0; ; k++) yield addDays(start, k * rule.interval);
  }
  if (rule.freq === 'WEEKLY') {
    const days = (rule.byDay.length ? rule.byDay.map((d) => dayIndex(d.day)) : [weekday(start.year, start.month, start.day)])
      .map((d) => (d + 6) % 7) // Monday first
      .sort((a, b) => a - b);
    const startDow = (weekday(start.year, start.month, start.day) + 6) % 7;
    const monday = addDays(start, -startDow);
    for (let week = 0; ; week += rule.interval) {
      for (const d of days) {
        const date = addDays(monday, week * 7 + d);
        if (week > 0 || d >= startDow) yield date;
      }
    }
  }
  for (let m = 0; ; m += rule.interval) {
    const month0 = start.month - 1 + m;
    const year = start.year + Math.floor(month0 / 12);
    const month = (month0 % 12) + 1;
    const day = monthlyDay(year, month, start, rule);
    if (day !== null && (m > 0 || day >= start.day)) yield { ...start, year, month, day };
  }
}

function monthlyDay(year: number, month: number, start: LocalDateTime, rule: Rule): number | null {
  const length = daysInMonth(year, month);
  if (rule.byDay.length === 1) {
    const target = DAYS.indexOf(rule.byDay[0].day);
    const nth = rule.byDay[0].nth!;
    if (nth > 0) {
      const first = 1 + ((target - weekday(year, month, 1) + 7) % 7);
      const day = first + (nth - 1) * 7;
      return day <= length ? day : null;
    }
    return length - ((weekday(year, month, length) - target + 7) % 7);
  }
  const day = rule.byMonthDay ?? start.day;
  return day <= length ? day : null;
}

/**
 * The UTC instants of the occurrences that start in [from, to), at most `limit`.
 * A single meeting (rrule null) has one occurrence.
 */
export function occurrences(series: { start: LocalDateTime; timeZone: string; rrule: string | null }, from: Date, to: Date, limit = 500): Date[] {
  const result: Date[] = [];
  if (!series.rrule) {
    const only = toInstant(series.start, series.timeZone);
    return only >= from && only < to ? [only] : [];
  }
  const rule = parseRule(series.rrule);
  let index = 0;
  for (const local of localDates(series.start, rule)) {
    index++;
    if (rule.count !== undefined && index > rule.count) break;
    const instant = toInstant(local, series.timeZone);
    if (instant >= to || (rule.until && instant > rule.until)) break;
    if (instant >= from) result.push(instant);
    if (result.length >= limit || index > 100_000) break;
  }
  return result;
}
