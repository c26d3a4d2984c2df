// Dates and times as people type them ("next Tuesday 14:00", "8 Dec 2pm", "tomorrow 9:30",
// "2026-12-08 2pm"), read by chrono-node with the parser of the member's language, on the wall
// clock of a time zone: the result is a local date and time in that zone, never an instant read
// in the server's zone.
import type { Chrono } from 'chrono-node';
import { parseLocal, toLocal, type LocalDateTime } from '../../core/meetings/zoned-time';
import { isTimeZone } from '../../core/time-zones';

/** At most this much text is given to the parser (it is bounded, not cut silently: longer is refused). */
export const MAX_DATE_TEXT = 200;

/**
 * The languages chrono reads here. Each parser is loaded from chrono's module of that language at
 * its first date: chrono's index loads all sixteen (about 15 MB resident), where most turns read
 * no date and most members write in one language.
 */
const LANGUAGES = new Set(['en', 'fr', 'es', 'de', 'pt', 'it', 'nl', 'ru', 'ja', 'zh', 'ar']);
const parsers = new Map<string, Chrono>();

function parserOf(language: string): Chrono {
  let parser = parsers.get(language);
  if (!parser) {
    // A synchronous load (dates are read in synchronous code) of chrono's locales/<language>
    // module, beside its index (the package's own "chrono-node/<language>" export).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(require.resolve('chrono-node').replace(/index\.js$/, `locales/${language}/index.js`)) as { casual?: Chrono };
    parser = loaded.casual ?? parserOf('en');
    parsers.set(language, parser);
  }
  return parser;
}

/** The chrono parser of a locale ("fr-CH" → French), English when chrono has none for it. */
export function dateParser(locale: string): Chrono {
  const language = locale.split('-')[0].toLowerCase();
  return parserOf(LANGUAGES.has(language) ? language : 'en');
}

export type DateRead =
  | { kind: 'ok'; local: LocalDateTime }
  /** A date was read but no time of day ("next Tuesday"): the hint asks for the time. */
  | { kind: 'no_time'; date: { year: number; month: number; day: number } }
  | { kind: 'unreadable' };

/**
 * The date and time `text` names, on the wall clock of `timeZone` as it is at `now` ("tomorrow"
 * is tomorrow there). A time of day is required; a date before now is read forward ("8 Dec" in
 * December is this year's, "Tuesday" the next one).
 */
export function readDateTime(text: string, now: Date, timeZone: string, locale = 'en'): DateRead {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_DATE_TEXT || !isTimeZone(timeZone)) return { kind: 'unreadable' };
  const strict = parseLocal(trimmed);
  if (strict) return { kind: 'ok', local: strict };
  const wall = toLocal(now, timeZone);
  // The zone's wall clock as the parser's reference: chrono fills what is implied (year, month,
  // today) from it, and its components are read back as they were typed, with no zone involved.
  const reference = new Date(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const results = dateParser(locale).parse(trimmed, reference, { forwardDate: true });
  if (results.length === 0) return { kind: 'unreadable' };
  // "2026-12-08 2pm" may come back as two results (the date, then the time): joined here.
  const dated = results.find((r) => r.start.isCertain('day') || r.start.isCertain('weekday')) ?? results[0];
  const timed = results.find((r) => r.start.isCertain('hour'));
  // Everything typed must be understood: left-over words are not guessed away.
  const covered = results.reduce((n, r) => n + r.text.length, 0);
  if (covered < normalizeLength(trimmed) * 0.6) return { kind: 'unreadable' };
  const c = dated.start;
  const date = { year: c.get('year')!, month: c.get('month')!, day: c.get('day')! };
  if (!timed) return { kind: 'no_time', date };
  const hour = timed.start.get('hour')!;
  const minute = timed.start.get('minute') ?? 0;
  const local = { ...date, hour, minute };
  const checked = parseLocal(`${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')} ${hour}:${String(minute).padStart(2, '0')}`);
  return checked ? { kind: 'ok', local } : { kind: 'unreadable' };
}

function normalizeLength(text: string): number {
  return text.replace(/\s+/g, ' ').length;
}
