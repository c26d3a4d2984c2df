// The most recent time a 5-field cron expression (or 6 with seconds, read at second 0)
// fired in a time zone: the slot a scheduled digest belongs to, also when it was missed.
import { toLocal, type LocalDateTime } from '../meetings/zoned-time';

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

function fields(cron: string): string[] {
  const all = cron.trim().split(/\s+/);
  return all.length === 6 ? all.slice(1) : all;
}

/** True when the cron fires in the wall-clock hour `l` shows (any minute of it). */
function hourMatches([, hour, day, month, weekday]: string[], l: LocalDateTime): boolean {
  const dow = new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay();
  const dayOk = matches(day, l.day, 1, 31);
  const weekdayOk = matches(weekday.replace(/\b7\b/g, '0'), dow, 0, 6);
  // Cron's rule: when both day fields are restricted, either may match.
  const days = day !== '*' && weekday !== '*' ? dayOk || weekdayOk : dayOk && weekdayOk;
  return matches(hour, l.hour, 0, 23) && matches(month, l.month, 1, 12) && days;
}

/** True when the cron fires at the wall-clock minute `instant` shows in `timeZone`. */
export function cronMatches(cron: string, instant: Date, timeZone: string): boolean {
  const f = fields(cron);
  const l = toLocal(instant, timeZone);
  return hourMatches(f, l) && matches(f[0], l.minute, 0, 59);
}

/** The latest minute at or before `now` the cron fired, looking back at most `lookbackDays`; null when none. */
export function previousSlot(cron: string, timeZone: string, now: Date, lookbackDays: number): Date | null {
  const f = fields(cron);
  let minute = Math.floor(now.getTime() / 60_000) * 60_000;
  const stop = minute - lookbackDays * 24 * 60 * 60_000;
  while (minute >= stop) {
    const l = toLocal(new Date(minute), timeZone);
    if (!hourMatches(f, l)) {
      minute -= (l.minute + 1) * 60_000; // to the last minute of the hour before
      continue;
    }
    if (matches(f[0], l.minute, 0, 59)) return new Date(minute);
    minute -= 60_000;
  }
  return null;
}
