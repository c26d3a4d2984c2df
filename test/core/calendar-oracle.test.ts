// The bot's reminders and a calendar must agree on every occurrence. The bot expands rules with
// rrule-temporal in the meeting's zone; the oracle is ical.js reading the bot's own .ics file,
// with no zone but the VTIMEZONE block the bot wrote. Two libraries, two zone paths.
import ICAL from 'ical.js';
import { buildIcs, type IcsMeeting } from '../../src/core/meetings/ics';
import { checkSeries, meetingOccurrences, normalizeRule, RecurrenceError, type OccurrenceException } from '../../src/core/meetings/recurrence';
import { parseLocal } from '../../src/core/meetings/zoned-time';

const ZONES = ['Europe/Zurich', 'America/New_York', 'America/Santiago', 'Asia/Beirut', 'Asia/Jerusalem', 'Africa/Casablanca', 'Pacific/Apia', 'Australia/Lord_Howe'];
const NOW = new Date('2026-12-01T00:00:00Z');
const TWO_YEARS = 2 * 366 * 86_400_000;

/** Rule, first meeting's date (a day the rule gives). */
const RULES: [string, string][] = [
  ['FREQ=WEEKLY;BYDAY=TU', '2027-01-05'],
  ['FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', '2027-01-05'],
  ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=SU', '2027-01-04'],
  ['FREQ=MONTHLY;BYDAY=2TU', '2027-01-12'],
  ['FREQ=MONTHLY;BYDAY=-1FR', '2027-01-29'],
  ['FREQ=MONTHLY;BYMONTHDAY=29', '2027-01-29'],
  ['FREQ=MONTHLY;BYMONTHDAY=30', '2027-01-30'],
  ['FREQ=MONTHLY;BYMONTHDAY=31', '2027-01-31'],
  ['FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13', '2027-08-13'],
  ['FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', '2027-01-04'],
  ['FREQ=WEEKLY;BYDAY=WE;COUNT=10', '2027-01-06'],
  ['FREQ=WEEKLY;BYDAY=WE;UNTIL=20270915T000000Z', '2027-01-06'],
  ['FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15', '2027-01-15'],
  ['FREQ=DAILY;INTERVAL=3', '2027-01-02'],
];
const TIMES = ['14:00', '00:30'];

function icsFor(meeting: Omit<IcsMeeting, 'uid' | 'sequence' | 'title' | 'durationMinutes' | 'joinUrl' | 'agenda' | 'cancelled' | 'organizer'>): string {
  return buildIcs(
    { ...meeting, uid: 'm@test', sequence: 1, title: 'Call', durationMinutes: 60, joinUrl: null, agenda: null, cancelled: false, organizer: { name: 'Coalition', email: 'noreply@example.org' } },
    NOW,
  );
}

/** Occurrence instants ical.js reads from the file in [from, to), the zone taken from the file alone. */
function calendarInstants(ics: string, from: Date, to: Date): string[] {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const master = events.find((e) => !e.isRecurrenceException())!;
  for (const exception of events.filter((e) => e.isRecurrenceException())) master.relateException(exception);
  const result: string[] = [];
  const iterator = master.iterator();
  for (let i = 0; i < 5000; i++) {
    const next = iterator.next();
    if (!next || next.toJSDate() >= new Date(to.getTime() + 400 * 86_400_000)) break;
    const at = master.getOccurrenceDetails(next).startDate.toJSDate();
    if (at >= from && at < to) result.push(at.toISOString());
  }
  return result.sort();
}

function botInstants(series: { start: NonNullable<ReturnType<typeof parseLocal>>; timeZone: string; rrule: string | null; exceptions?: OccurrenceException[] }, from: Date, to: Date): string[] {
  return meetingOccurrences(series, from, to, 5000).map((o) => o.at.toISOString());
}

describe('oracle: the bot reminds about exactly the occurrences a calendar shows', () => {
  const cases = ZONES.flatMap((zone) => RULES.flatMap(([rule, date]) => TIMES.map((time) => [zone, rule, date, time] as const)));

  it.each(cases)('%s %s from %s at %s', (timeZone, typed, date, time) => {
    const start = parseLocal(`${date}T${time}`)!;
    const rrule = normalizeRule(typed, { start, timeZone });
    try {
      checkSeries({ start, timeZone, rrule }, NOW);
    } catch (error) {
      // A time a DST change skips or repeats on some meeting day is refused, never guessed.
      expect(error).toBeInstanceOf(RecurrenceError);
      expect((error as RecurrenceError).problem.code).toBe('wall_clock');
      return;
    }
    const from = new Date(Date.UTC(start.year, start.month - 1, start.day - 1));
    const to = new Date(from.getTime() + TWO_YEARS);
    const bot = botInstants({ start, timeZone, rrule }, from, to);
    expect(bot.length).toBeGreaterThan(typed.includes('COUNT') ? 9 : typed.includes('BYMONTHDAY=13') ? 3 : 5);
    expect(calendarInstants(icsFor({ start, timeZone, rrule }), from, to)).toEqual(bot);
  });

  it('refuses the times a DST change skips in the named zones, and only those', () => {
    const refused = (zone: string, text: string, rule = 'FREQ=DAILY') => {
      const start = parseLocal(text)!;
      try {
        checkSeries({ start, timeZone: zone, rrule: normalizeRule(rule, { start, timeZone: zone }) }, NOW);
        return null;
      } catch (error) {
        return (error as RecurrenceError).problem;
      }
    };
    expect(refused('Europe/Zurich', '2027-01-04T02:30')).toEqual({ code: 'wall_clock', kind: 'gap', date: '2027-03-28' });
    expect(refused('Europe/Zurich', '2027-01-04T02:30', 'FREQ=WEEKLY;BYDAY=MO')).toBeNull(); // never on a Sunday
    expect(refused('Asia/Beirut', '2027-01-04T00:30')).toMatchObject({ kind: 'gap', date: '2027-03-28' });
    expect(refused('America/Santiago', '2027-01-04T00:30')).toMatchObject({ kind: 'gap' });
    expect(refused('Asia/Jerusalem', '2028-01-04T02:30')).toMatchObject({ kind: 'gap', date: '2028-03-24' });
    expect(refused('America/New_York', '2027-01-04T01:30')).toMatchObject({ kind: 'overlap', date: '2027-11-07' });
  });

  it('agrees on moved and cancelled occurrences (RECURRENCE-ID, EXDATE)', () => {
    for (const timeZone of ZONES) {
      const start = parseLocal('2027-01-05T14:00')!;
      const rrule = normalizeRule('FREQ=WEEKLY;BYDAY=TU', { start, timeZone });
      const [, second, third] = meetingOccurrences({ start, timeZone, rrule }, NOW, new Date('2027-02-01Z'));
      const exceptions: OccurrenceException[] = [
        { occurrenceAt: second.at, startLocal: '2027-01-13T16:30', cancelled: false },
        { occurrenceAt: third.at, startLocal: null, cancelled: true },
      ];
      const from = new Date('2027-01-01Z');
      const to = new Date('2027-03-01Z');
      const bot = botInstants({ start, timeZone, rrule, exceptions }, from, to);
      expect(bot).toHaveLength(7);
      expect(calendarInstants(icsFor({ start, timeZone, rrule, exceptions }), from, to)).toEqual(bot);
    }
  });

  it('would catch a wrong time zone block: one change moved by a week no longer agrees', () => {
    const start = parseLocal('2027-01-05T14:00')!;
    const timeZone = 'Europe/Zurich';
    const rrule = normalizeRule('FREQ=WEEKLY;BYDAY=TU', { start, timeZone });
    const from = new Date('2027-01-01Z');
    const to = new Date(from.getTime() + TWO_YEARS);
    const ics = icsFor({ start, timeZone, rrule }).replace('DTSTART:20270328T020000', 'DTSTART:20270404T020000');
    expect(ics).toContain('DTSTART:20270404T020000');
    expect(calendarInstants(ics, from, to)).not.toEqual(botInstants({ start, timeZone, rrule }, from, to));
  });

  it('would catch a wrong expansion: a rule read differently no longer agrees', () => {
    const start = parseLocal('2027-01-05T14:00')!;
    const timeZone = 'Asia/Jerusalem';
    const from = new Date('2027-01-01Z');
    const to = new Date(from.getTime() + TWO_YEARS);
    const ics = icsFor({ start, timeZone, rrule: normalizeRule('FREQ=WEEKLY;BYDAY=TU', { start, timeZone }) });
    const other = botInstants({ start, timeZone, rrule: normalizeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', { start, timeZone }) }, from, to);
    expect(calendarInstants(ics, from, to)).not.toEqual(other);
  });
});
