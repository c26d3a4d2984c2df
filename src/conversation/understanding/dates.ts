// Dates and times as people type them ("next Tuesday 14:00", "8 Dec 2pm", "tomorrow 9:30",
// "2026-12-08 2pm"), read by chrono-node with the parser of the member's language, on the wall
// clock of a time zone: the result is a local date and time in that zone, never an instant read
// in the server's zone.
import * as chrono from 'chrono-node';
import { parseLocal, toLocal, type LocalDateTime } from '../../core/meetings/zoned-time';
import { isTimeZone } from '../../core/time-zones';

/** At most this much text is given to the parser (it is bounded, not cut silently: longer is refused). */
export const MAX_DATE_TEXT = 200;

const PARSERS: Record<string, chrono.Chrono> = {
  en: chrono.casual,
  fr: chrono.fr.casual,
  es: chrono.es.casual,
  de: chrono.de.casual,
  pt: chrono.pt.casual,
  it: chrono.it.casual,
  nl: chrono.nl.casual,
  ru: chrono.ru.casual,
  ja: chrono.ja.casual,
  zh: chrono.zh.casual,
  ar: (chrono.ar as unknown as { casual?: chrono.Chrono }).casual ?? chrono.casual,
};

/** The chrono parser of a locale ("fr-CH" → French), English when chrono has none for it. */
export function dateParser(locale: string): chrono.Chrono {
  return PARSERS[locale.split('-')[0].toLowerCase()] ?? chrono.casual;
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
