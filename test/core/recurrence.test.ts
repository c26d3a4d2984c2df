import { occurrences, parseRule, presetRule, RecurrenceError } from '../../src/core/meetings/recurrence';
import { formatLocal, offsetMinutes, parseLocal, toInstant, toLocal } from '../../src/core/meetings/zoned-time';

const GENEVA = 'Europe/Zurich';
const local = (text: string) => parseLocal(text)!;
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const inGeneva = (dates: Date[]) => dates.map((d) => formatLocal(toLocal(d, GENEVA)));

describe('zoned time', () => {
  it('converts wall-clock time to UTC in winter and summer', () => {
    expect(toInstant(local('2026-12-01T14:00'), GENEVA).toISOString()).toBe('2026-12-01T13:00:00.000Z');
    expect(toInstant(local('2026-07-01T14:00'), GENEVA).toISOString()).toBe('2026-07-01T12:00:00.000Z');
    expect(toInstant(local('2026-07-01T14:00'), 'America/New_York').toISOString()).toBe('2026-07-01T18:00:00.000Z');
    expect(offsetMinutes(new Date('2026-07-01T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });

  it('moves a time skipped by spring-forward ahead, and takes the first of a repeated autumn time', () => {
    // 2026-03-29 02:00 -> 03:00 in Zurich; 2026-10-25 03:00 -> 02:00.
    expect(toInstant(local('2026-03-29T02:30'), GENEVA).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(formatLocal(toLocal(toInstant(local('2026-03-29T02:30'), GENEVA), GENEVA))).toBe('2026-03-29T03:30');
    expect(toInstant(local('2026-10-25T02:30'), GENEVA).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('parses only real dates and times', () => {
    expect(parseLocal('2026-02-30T10:00')).toBeNull();
    expect(parseLocal('2026-02-10T24:00')).toBeNull();
    expect(parseLocal('tomorrow')).toBeNull();
    expect(parseLocal('2026-02-10 9:05')).toEqual({ year: 2026, month: 2, day: 10, hour: 9, minute: 5 });
  });
});

describe('recurrence', () => {
  it('weekly at 14:00 Geneva time stays at 14:00 local across both DST changes', () => {
    const start = local('2026-03-17T14:00'); // a Tuesday
    const dates = occurrences({ start, timeZone: GENEVA, rrule: presetRule('weekly', start) }, new Date('2026-03-01Z'), new Date('2026-04-08Z'));
    expect(inGeneva(dates)).toEqual(['2026-03-17T14:00', '2026-03-24T14:00', '2026-03-31T14:00', '2026-04-07T14:00']);
    expect(iso(dates)).toEqual(['2026-03-17T13:00:00.000Z', '2026-03-24T13:00:00.000Z', '2026-03-31T12:00:00.000Z', '2026-04-07T12:00:00.000Z']);
    const autumn = occurrences({ start, timeZone: GENEVA, rrule: 'FREQ=WEEKLY;BYDAY=TU' }, new Date('2026-10-19Z'), new Date('2026-11-01Z'));
    expect(iso(autumn)).toEqual(['2026-10-20T12:00:00.000Z', '2026-10-27T13:00:00.000Z']);
  });

  it('every two weeks', () => {
    const start = local('2026-10-15T09:30');
    const rule = presetRule('biweekly', start);
    expect(rule).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TH');
    expect(inGeneva(occurrences({ start, timeZone: GENEVA, rrule: rule }, new Date('2026-10-01Z'), new Date('2026-11-20Z')))).toEqual([
      '2026-10-15T09:30',
      '2026-10-29T09:30',
      '2026-11-12T09:30',
    ]);
  });

  it('monthly on the same weekday: the 3rd Wednesday, and the last Friday for a fifth one', () => {
    const third = local('2026-10-21T16:00');
    expect(presetRule('monthly', third)).toBe('FREQ=MONTHLY;BYDAY=3WE');
    expect(inGeneva(occurrences({ start: third, timeZone: GENEVA, rrule: presetRule('monthly', third) }, new Date('2026-10-01Z'), new Date('2027-01-31Z')))).toEqual([
      '2026-10-21T16:00',
      '2026-11-18T16:00',
      '2026-12-16T16:00',
      '2027-01-20T16:00',
    ]);
    const fifth = local('2026-10-30T10:00'); // fifth Friday of October
    expect(presetRule('monthly', fifth)).toBe('FREQ=MONTHLY;BYDAY=-1FR');
    expect(inGeneva(occurrences({ start: fifth, timeZone: GENEVA, rrule: presetRule('monthly', fifth) }, new Date('2026-10-01Z'), new Date('2026-12-31Z')))).toEqual([
      '2026-10-30T10:00',
      '2026-11-27T10:00',
      '2026-12-25T10:00',
    ]);
  });

  it('RRULE with several weekdays, COUNT and UNTIL', () => {
    const start = local('2026-11-02T08:00'); // Monday
    expect(inGeneva(occurrences({ start, timeZone: GENEVA, rrule: 'RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=3' }, new Date('2026-01-01Z'), new Date('2027-12-31Z')))).toEqual([
      '2026-11-02T08:00',
      '2026-11-04T08:00',
      '2026-11-09T08:00',
    ]);
    expect(occurrences({ start, timeZone: GENEVA, rrule: 'FREQ=DAILY;UNTIL=20261104' }, new Date('2026-01-01Z'), new Date('2027-01-01Z'))).toHaveLength(3);
    expect(inGeneva(occurrences({ start, timeZone: GENEVA, rrule: 'FREQ=MONTHLY;BYMONTHDAY=31' }, new Date('2026-01-01Z'), new Date('2027-04-01Z')))).toEqual([
      '2026-12-31T08:00',
      '2027-01-31T08:00',
      '2027-03-31T08:00',
    ]);
  });

  it('a single meeting has one occurrence, inside the window only', () => {
    const start = local('2026-12-01T14:00');
    expect(iso(occurrences({ start, timeZone: GENEVA, rrule: null }, new Date('2026-11-01Z'), new Date('2027-01-01Z')))).toEqual(['2026-12-01T13:00:00.000Z']);
    expect(occurrences({ start, timeZone: GENEVA, rrule: null }, new Date('2026-12-02Z'), new Date('2027-01-01Z'))).toEqual([]);
  });

  it('refuses rules it cannot honour, saying why', () => {
    const bad: [string, RegExp][] = [
      ['FREQ=YEARLY', /FREQ must be DAILY, WEEKLY or MONTHLY/],
      ['FREQ=WEEKLY;BYSETPOS=1', /BYSETPOS is not supported/],
      ['FREQ=WEEKLY;BYDAY=XX', /BYDAY "XX"/],
      ['FREQ=MONTHLY;BYDAY=TU', /needs a position/],
      ['FREQ=WEEKLY;INTERVAL=0', /INTERVAL/],
      ['FREQ=DAILY;COUNT=2;UNTIL=20270101', /COUNT or UNTIL/],
      ['FREQ', /KEY=VALUE/],
    ];
    for (const [rule, message] of bad) {
      expect(() => parseRule(rule)).toThrow(RecurrenceError);
      expect(() => parseRule(rule)).toThrow(message);
    }
  });
});
