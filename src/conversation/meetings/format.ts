import type { Translate } from '../catalog/catalog';

// Dates and times as the member reads them: their locale and time zone, on a 24-hour
// clock (a coalition across continents: 14:00 is read the same everywhere).

/** The shapes of date this file writes (each formatter is built once per shape, locale and zone). */
const SHAPES = {
  when: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  date: { day: 'numeric', month: 'short', year: 'numeric' },
  day: { year: 'numeric', month: '2-digit', day: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** Formatters kept: building one is costly (a reminder fan-out built four per message); the oldest go first. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 2_000;

function formatter(shape: keyof typeof SHAPES, locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${shape}|${locale}|${timeZone}`;
  let kept = formatters.get(key);
  if (!kept) {
    // An unknown zone or locale throws here, as before, and nothing is kept.
    kept = new Intl.DateTimeFormat(locale, { ...SHAPES[shape], timeZone });
    if (formatters.size >= MAX_FORMATTERS) formatters.delete(formatters.keys().next().value!);
    formatters.set(key, kept);
  }
  return kept;
}

export function formatWhen(instant: Date, timeZone: string, locale: string): string {
  return `${formatter('when', locale, timeZone).format(instant)} (${timeZone})`;
}

/** How near "in 1 hour" may be: a reminder sent a few minutes either side of its hour still reads "in 1 hour". */
const HOUR_SLACK_MINUTES = 5;

function calendarDay(instant: Date, timeZone: string): string {
  return formatter('day', 'en-CA', timeZone).format(instant);
}

/**
 * When a meeting is, read at a glance from `now`: "in 45 minutes", "in 1 hour, at 14:00",
 * "today at 14:00", "tomorrow at 14:00", else the full date; in the member's zone and language
 * (Intl.RelativeTimeFormat names "today" and "tomorrow", the catalog puts the words around them).
 */
export function formatWhenAtAGlance(instant: Date, now: Date, timeZone: string, locale: string, t: Translate): string {
  const minutes = Math.round((instant.getTime() - now.getTime()) / 60_000);
  if (minutes <= 0) return formatWhen(instant, timeZone, locale);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const time = formatter('time', locale, timeZone).format(instant);
  if (minutes < 60 - HOUR_SLACK_MINUTES) return t('when.soon', { relative: relative.format(minutes, 'minute'), time });
  if (minutes <= 60 + HOUR_SLACK_MINUTES) return t('when.soon', { relative: relative.format(1, 'hour'), time });
  const today = calendarDay(now, timeZone);
  // The calendar day after today's (a day may last 23 or 25 hours in the zone).
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const day = calendarDay(instant, timeZone);
  if (day === today) return t('when.day_at', { day: relative.format(0, 'day'), time });
  if (day === tomorrow) return t('when.day_at', { day: relative.format(1, 'day'), time });
  return formatWhen(instant, timeZone, locale);
}

export function formatDate(instant: Date, timeZone: string, locale: string): string {
  return formatter('date', locale, timeZone).format(instant);
}

/**
 * How long before a meeting each reminder comes, in words: "1 day and 1 hour", "2 hours 30
 * minutes and 15 minutes" (each offset's parts with the catalog's plurals, the offsets joined as
 * the member's language lists things).
 */
export function offsetsInWords(offsets: readonly number[], locale: string, t: Translate): string {
  const one = (minutes: number) => {
    const parts: string[] = [];
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const rest = minutes % 60;
    if (days) parts.push(t('reminders.offset.days', { count: days }));
    if (hours) parts.push(t('reminders.offset.hours', { count: hours }));
    if (rest || parts.length === 0) parts.push(t('reminders.offset.minutes', { count: rest }));
    return new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(parts);
  };
  return new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' }).format(offsets.map(one));
}

/** Parses "90", "90m", "1h", "1h30", "1.5h", "2d" into minutes; null when unreadable. */
export function parseMinutes(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  let m = /^(\d+)(m|min|mins|minutes)?$/.exec(t);
  if (m) return Number(m[1]);
  m = /^(\d+(?:\.\d+)?)(h|hr|hours?)$/.exec(t);
  if (m) return Math.round(Number(m[1]) * 60);
  m = /^(\d+)h(\d{1,2})(m|min)?$/.exec(t);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  m = /^(\d+)(d|days?)$/.exec(t);
  if (m) return Number(m[1]) * 1440;
  return null;
}
