// The most recent time a 5-field cron expression (or 6 with seconds, read at second 0)
// fired in a time zone: the slot a scheduled digest belongs to, also when it was missed.
import { toLocal } from '../meetings/zoned-time';

function matches(field: string, value: number, min: number, max: number): boolean {
  return field.split(',').some((part) => {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let low = min;
    let high = max;
    if (range !== '*') {
      const [a, b] = range.split('-').map(Number);
      low = a;
      high = b ?? (stepText ? max : a);
    }
    return value >= low && value <= high && (value - low) % step === 0;
  });
}

/** True when the cron fires at the wall-clock minute `instant` shows in `timeZone`. */
export function cronMatches(cron: string, instant: Date, timeZone: string): boolean {
  const fields = cron.trim().split(/\s+/);
  const [minute, hour, day, month, weekday] = fields.length === 6 ? fields.slice(1) : fields;
  const l = toLocal(instant, timeZone);
  const dow = new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay();
  const dayOk = matches(day, l.day, 1, 31);
  const weekdayOk = matches(weekday.replace(/\b7\b/g, '0'), dow, 0, 6);
  // Cron's rule: when both day fields are restricted, either may match.
  const days = day !== '*' && weekday !== '*' ? dayOk || weekdayOk : dayOk && weekdayOk;
  return matches(minute, l.minute, 0, 59) && matches(hour, l.hour, 0, 23) && matches(month, l.month, 1, 12) && days;
}

/** The latest minute at or before `now` the cron fired, looking back at most `lookbackDays`; null when none. */
export function previousSlot(cron: string, timeZone: string, now: Date, lookbackDays: number): Date | null {
  let minute = Math.floor(now.getTime() / 60_000) * 60_000;
  const stop = minute - lookbackDays * 24 * 60 * 60_000;
  for (; minute >= stop; minute -= 60_000) {
    if (cronMatches(cron, new Date(minute), timeZone)) return new Date(minute);
  }
  return null;
}
