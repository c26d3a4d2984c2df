// iCalendar (RFC 5545) invitations for a meeting series. The UID stays the same across
// reschedules and SEQUENCE grows, so calendars update the event instead of adding one.
import { offsetMinutes, toInstant, toLocal, weekday, type LocalDateTime } from './zoned-time';

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
  organizer: string;
}

const encoder = new TextEncoder();
const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n').replace(/([,;])/g, '\\$1');
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

/** The instant in [from, to) where the zone's offset changes (binary search to the minute). */
function transition(timeZone: string, from: number, to: number): number {
  const before = offsetMinutes(new Date(from), timeZone);
  while (to - from > 60_000) {
    const mid = from + Math.floor((to - from) / 120_000) * 60_000;
    if (offsetMinutes(new Date(mid), timeZone) === before) from = mid;
    else to = mid;
  }
  return to;
}

/** VTIMEZONE for the zone as it is in `year`, with yearly rules (e.g. last Sunday of March). */
function vtimezone(timeZone: string, year: number): string[] {
  const jan = Date.UTC(year, 0, 1);
  const jul = Date.UTC(year, 6, 1);
  const next = Date.UTC(year + 1, 0, 1);
  const winter = offsetMinutes(new Date(jan), timeZone);
  const summer = offsetMinutes(new Date(jul), timeZone);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  if (winter === summer) {
    lines.push('BEGIN:STANDARD', `DTSTART:${year}0101T000000`, `TZOFFSETFROM:${offset(winter)}`, `TZOFFSETTO:${offset(winter)}`, 'END:STANDARD');
    return [...lines, 'END:VTIMEZONE'];
  }
  const firstChange = transition(timeZone, jan, jul);
  const secondChange = transition(timeZone, jul, next);
  const component = (kind: 'DAYLIGHT' | 'STANDARD', at: number, from: number, to: number) => {
    const local = toLocal(new Date(at - 60_000), timeZone); // wall-clock time just before the change, per RFC 5545
    const wall = { ...local, minute: local.minute + 1 };
    if (wall.minute === 60) Object.assign(wall, { hour: wall.hour + 1, minute: 0 });
    const nth = wall.day + 7 > new Date(Date.UTC(wall.year, wall.month, 0)).getUTCDate() ? -1 : Math.ceil(wall.day / 7);
    return [
      `BEGIN:${kind}`,
      `DTSTART:${localStamp(wall)}`,
      `RRULE:FREQ=YEARLY;BYMONTH=${wall.month};BYDAY=${nth}${DAYS[weekday(wall.year, wall.month, wall.day)]}`,
      `TZOFFSETFROM:${offset(from)}`,
      `TZOFFSETTO:${offset(to)}`,
      `END:${kind}`,
    ];
  };
  // Northern zones change to summer time in the first half of the year, southern ones in the second.
  const daylightFirst = summer > winter;
  lines.push(...component(daylightFirst ? 'DAYLIGHT' : 'STANDARD', firstChange, winter, summer));
  lines.push(...component(daylightFirst ? 'STANDARD' : 'DAYLIGHT', secondChange, summer, winter));
  return [...lines, 'END:VTIMEZONE'];
}

export function buildIcs(meeting: IcsMeeting, now: Date): string {
  const end = new Date(toInstant(meeting.start, meeting.timeZone).getTime() + meeting.durationMinutes * 60_000);
  const description = [meeting.agenda, meeting.joinUrl].filter(Boolean).join('\n\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//${escapeText(meeting.organizer)}//Coalition bot//EN`,
    'CALSCALE:GREGORIAN',
    `METHOD:${meeting.cancelled ? 'CANCEL' : 'PUBLISH'}`,
    ...vtimezone(meeting.timeZone, meeting.start.year),
    'BEGIN:VEVENT',
    `UID:${meeting.uid}`,
    `SEQUENCE:${meeting.sequence}`,
    `DTSTAMP:${utcStamp(now)}`,
    `DTSTART;TZID=${meeting.timeZone}:${localStamp(meeting.start)}`,
    `DTEND;TZID=${meeting.timeZone}:${localStamp(toLocal(end, meeting.timeZone))}`,
    ...(meeting.rrule ? [`RRULE:${meeting.rrule.replace(/^RRULE:/i, '')}`] : []),
    `SUMMARY:${escapeText(meeting.title)}`,
    ...(description ? [`DESCRIPTION:${escapeText(description)}`] : []),
    ...(meeting.joinUrl ? [`URL:${meeting.joinUrl}`, `LOCATION:${escapeText(meeting.joinUrl)}`] : []),
    `STATUS:${meeting.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
