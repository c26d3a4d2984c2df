// The period a digest or an export covers: [start, end). Periods the secretariat types are
// read in the coalition's time zone: "last 30 days", "2026-11-01..2026-11-30" (both days included).
import { toInstant, toLocal } from '../meetings/zoned-time';

export interface Period {
  start: Date;
  end: Date;
}

const DAY = 24 * 3600_000;

export function lastDays(now: Date, days: number): Period {
  return { start: new Date(now.getTime() - days * DAY), end: now };
}

function dayStart(text: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const check = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (check.getUTCMonth() !== +m[2] - 1 || check.getUTCDate() !== +m[3]) return null;
  return toInstant({ year: +m[1], month: +m[2], day: +m[3], hour: 0, minute: 0 }, timeZone);
}

function nextDay(text: string): string {
  const d = new Date(`${text}T00:00:00Z`);
  return new Date(d.getTime() + DAY).toISOString().slice(0, 10);
}

/**
 * Reads a period: empty text is the last `defaultDays` days; null when the text is not a period
 * (or ends before it starts, or reaches past 366 days).
 */
export function parsePeriod(text: string, now: Date, defaultDays: number, timeZone: string): Period | null {
  const words = text.trim().toLowerCase();
  if (words === '') return lastDays(now, defaultDays);
  const last = /^(?:last|past)\s+(\d{1,3})\s+days?$/.exec(words) ?? /^(?:last|past)\s+(week|month)$/.exec(words);
  if (last) {
    const days = last[1] === 'week' ? 7 : last[1] === 'month' ? 30 : Number(last[1]);
    return days >= 1 && days <= 366 ? lastDays(now, days) : null;
  }
  const range = /^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|to|–|-\s)\s*(\d{4}-\d{2}-\d{2})$/.exec(words);
  if (!range) return null;
  const start = dayStart(range[1], timeZone);
  const end = dayStart(range[2], timeZone) && dayStart(nextDay(range[2]), timeZone);
  if (!start || !end || end <= start || end.getTime() - start.getTime() > 367 * DAY) return null;
  return { start, end };
}

/** "2026-11-23 – 2026-11-30" as days in the zone (the end day is the last one included). */
export function periodLabel(period: Period, timeZone: string): { from: string; to: string } {
  const day = (d: Date) => {
    const l = toLocal(d, timeZone);
    return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
  };
  return { from: day(period.start), to: day(new Date(period.end.getTime() - 1)) };
}
