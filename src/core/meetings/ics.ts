// iCalendar (RFC 5545) files for a meeting series. The UID stays the same across reschedules
// and SEQUENCE grows, so calendars update the event instead of adding one. The time zone block
// lists the zone's real changes (from the IANA rules, through the Temporal polyfill) for the
// years the file covers, each as an explicit date: no yearly rule to drift from the truth.
import { canonicalRule, type OccurrenceException } from './recurrence';
import { transitions } from './wall-clock';
import { parseLocal, toInstant, toLocal, type LocalDateTime } from './zoned-time';

export interface IcsMeeting {
  uid: string;
  sequence: number;
  title: string;
  start: LocalDateTime;
  timeZone: string;
  durationMinutes: number;
  rrule: string | null;
  joinUrl: string | null;
  agenda: string | null;
  cancelled: boolean;
  organizer: { name: string; email: string };
  /** Occurrences moved (a VEVENT with RECURRENCE-ID each) or cancelled (EXDATE). */
  exceptions?: readonly OccurrenceException[];
}

/** How many years past the later of the start and now the time zone block covers. */
export const ZONE_YEARS_AHEAD = 10;

const encoder = new TextEncoder();

/** Control characters (CR, LF, tab, DEL, C1) never reach a content line. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** A value of a non-text property (URI, UID, TZID, CN): control characters removed. */
function plain(value: string): string {
  return value.replace(CONTROL, '');
}

/**
 * A TEXT value: control characters removed, \\ ; , escaped; line breaks become a space, or
 * the escaped \\n of RFC 5545 in a multi-line value (the description).
 */
function text(value: string, multiline = false): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => plain(line).replace(/\\/g, '\\\\').replace(/([,;])/g, '\\$1'))
    .join(multiline ? '\\n' : ' ');
}

/** A parameter value (CN=...): quoted, without the characters a quoted value may not hold. */
function param(value: string): string {
  return `"${plain(value).replace(/"/g, "'")}"`;
}

/** Folds a content line at 75 octets, never inside a UTF-8 sequence. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (bytes + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const localStamp = (l: LocalDateTime) => `${pad(l.year, 4)}${pad(l.month)}${pad(l.day)}T${pad(l.hour)}${pad(l.minute)}00`;
const utcStamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const offset = (minutes: number) => `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;
/** The wall-clock time of an instant at a fixed offset, as a local stamp (never T240000). */
const wallStamp = (at: Date, offsetMinutes: number) => new Date(at.getTime() + offsetMinutes * 60_000).toISOString().replace(/[-:]/g, '').slice(0, 15);

/** VTIMEZONE for the zone over [from, to): each change the IANA rules make there, as an explicit date. */
export function vtimezone(timeZone: string, from: Date, to: Date): string[] {
  const changes = transitions(timeZone, from, to);
  const initial = changes.length ? changes[0].before : Math.round(offsetAt(timeZone, from));
  const lines = ['BEGIN:VTIMEZONE', `TZID:${plain(timeZone)}`];
  // The offset in force when the file's range begins.
  lines.push('BEGIN:STANDARD', `DTSTART:${wallStamp(from, initial)}`, `TZOFFSETFROM:${offset(initial)}`, `TZOFFSETTO:${offset(initial)}`, 'END:STANDARD');
  // One observance per change, no RDATE: every parser reads a lone DTSTART the same way
  // (ical.js, for one, ignores an observance's DTSTART once it has RDATEs).
  for (const { at, before, after } of changes) {
    const kind = after > before ? 'DAYLIGHT' : 'STANDARD';
    // RFC 5545: the onset is the local time before the change.
    lines.push(`BEGIN:${kind}`, `DTSTART:${wallStamp(at, before)}`, `TZOFFSETFROM:${offset(before)}`, `TZOFFSETTO:${offset(after)}`, `END:${kind}`);
  }
  return [...lines, 'END:VTIMEZONE'];
}

function offsetAt(timeZone: string, at: Date): number {
  const l = toLocal(at, timeZone);
  return (Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute) - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000;
}

export function buildIcs(meeting: IcsMeeting, now: Date): string {
  const zone = plain(meeting.timeZone);
  const firstAt = toInstant(meeting.start, meeting.timeZone);
  const rangeFrom = new Date(Date.UTC(meeting.start.year, meeting.start.month - 1, meeting.start.day - 7));
  const rangeTo = new Date(Date.UTC(Math.max(meeting.start.year, now.getUTCFullYear()) + ZONE_YEARS_AHEAD, 0, 1));
  const description = [meeting.agenda, meeting.joinUrl].filter(Boolean).join('\n\n');
  const rule = meeting.rrule ? canonicalRule(meeting.rrule, { start: meeting.start, timeZone: meeting.timeZone }) : null;
  const exceptions = rule ? (meeting.exceptions ?? []) : [];
  const organizer = `ORGANIZER;CN=${param(meeting.organizer.name)}:mailto:${plain(meeting.organizer.email)}`;
  const event = (start: LocalDateTime, extra: string[]) => {
    const end = new Date(toInstant(start, meeting.timeZone).getTime() + meeting.durationMinutes * 60_000);
    return [
      'BEGIN:VEVENT',
      `UID:${plain(meeting.uid)}`,
      `SEQUENCE:${meeting.sequence}`,
      `DTSTAMP:${utcStamp(now)}`,
      `DTSTART;TZID=${zone}:${localStamp(start)}`,
      `DTEND;TZID=${zone}:${localStamp(toLocal(end, meeting.timeZone))}`,
      ...extra,
      `SUMMARY:${text(meeting.title)}`,
      ...(description ? [`DESCRIPTION:${text(description, true)}`] : []),
      ...(meeting.joinUrl ? [`URL:${plain(meeting.joinUrl)}`, `LOCATION:${text(meeting.joinUrl)}`] : []),
      organizer,
      `STATUS:${meeting.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      'END:VEVENT',
    ];
  };
  const exdates = exceptions.filter((e) => e.cancelled).map((e) => `EXDATE;TZID=${zone}:${localStamp(toLocal(e.occurrenceAt, meeting.timeZone))}`);
  const overrides = exceptions
    .filter((e) => !e.cancelled && e.startLocal && parseLocal(e.startLocal))
    .flatMap((e) => event(parseLocal(e.startLocal!)!, [`RECURRENCE-ID;TZID=${zone}:${localStamp(toLocal(e.occurrenceAt, meeting.timeZone))}`]));
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//${text(meeting.organizer.name).replace(/\/\//g, '/')}//Coalition bot//EN`,
    'CALSCALE:GREGORIAN',
    `METHOD:${meeting.cancelled ? 'CANCEL' : 'PUBLISH'}`,
    ...vtimezone(meeting.timeZone, new Date(Math.min(rangeFrom.getTime(), firstAt.getTime())), rangeTo),
    ...event(meeting.start, [...(rule ? [`RRULE:${rule}`] : []), ...exdates]),
    ...overrides,
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
