// Wall-clock time in an IANA zone <-> UTC instants, with the runtime's time zone data.
// A meeting is kept as local time + zone, so 14:00 in Geneva stays 14:00 across DST.

export interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time an instant shows in a zone. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour % 24, minute: +parts.minute };
}

/** Offset of the zone from UTC at an instant, in minutes (Zurich in winter: +60). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const l = toLocal(instant, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60000) * 60000) / 60000);
}

/**
 * The instant a wall-clock time happens in a zone. A time skipped by a DST change
 * (02:30 on a spring-forward night) moves forward by the gap; a repeated one (autumn)
 * takes the first of the two.
 */
export function toInstant(local: LocalDateTime, timeZone: string): Date {
  const naive = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const before = offsetMinutes(new Date(naive - 24 * 3600_000), timeZone);
  const after = offsetMinutes(new Date(naive + 24 * 3600_000), timeZone);
  const candidates = [...new Set([before, after])].map((offset) => naive - offset * 60000);
  const exact = candidates.filter((t) => sameLocal(toLocal(new Date(t), timeZone), local)).sort((a, b) => a - b);
  if (exact.length > 0) return new Date(exact[0]);
  // In a gap: the offset before the change, read forward (02:30 -> 03:30).
  return new Date(naive - before * 60000);
}

function sameLocal(a: LocalDateTime, b: LocalDateTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;
}

/** Parses "YYYY-MM-DDTHH:mm" (or with a space); null when it is not a real date and time. */
export function parseLocal(text: string): LocalDateTime | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const local = { year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5] };
  const check = new Date(Date.UTC(local.year, local.month - 1, local.day));
  if (check.getUTCMonth() !== local.month - 1 || check.getUTCDate() !== local.day || local.hour > 23 || local.minute > 59) return null;
  return local;
}

export function formatLocal(l: LocalDateTime): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(l.year, 4)}-${p(l.month)}-${p(l.day)}T${p(l.hour)}:${p(l.minute)}`;
}

/** Day of week of a calendar date, 0 = Sunday. */
export function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}
