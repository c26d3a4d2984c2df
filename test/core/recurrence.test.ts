import { checkSeries, meetingOccurrences, normalizeRule, occurrences, presetRule, RecurrenceError, shiftRule, type RecurrenceProblem } from '../../src/core/meetings/recurrence';
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

const Z = (start: ReturnType<typeof local>) => ({ start, timeZone: GENEVA });
const problemOf = (run: () => unknown): RecurrenceProblem | null => {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof RecurrenceError)) throw error;
    return error.problem;
  }
};

describe('recurrence', () => {
  it('weekly at 14:00 Geneva time stays at 14:00 local across both DST changes', () => {
    const start = local('2026-03-17T14:00'); // a Tuesday
    const dates = occurrences({ ...Z(start), rrule: presetRule('weekly', Z(start)) }, new Date('2026-03-01Z'), new Date('2026-04-08Z'));
    expect(inGeneva(dates)).toEqual(['2026-03-17T14:00', '2026-03-24T14:00', '2026-03-31T14:00', '2026-04-07T14:00']);
    expect(iso(dates)).toEqual(['2026-03-17T13:00:00.000Z', '2026-03-24T13:00:00.000Z', '2026-03-31T12:00:00.000Z', '2026-04-07T12:00:00.000Z']);
  });

  it('presets are rebuilt by the library: every two weeks, the 3rd Wednesday, a fifth Friday as the last', () => {
    expect(presetRule('biweekly', Z(local('2026-10-15T09:30')))).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TH');
    const third = local('2026-10-21T16:00');
    expect(presetRule('monthly', Z(third))).toBe('FREQ=MONTHLY;BYDAY=3WE');
    expect(inGeneva(occurrences({ ...Z(third), rrule: presetRule('monthly', Z(third)) }, new Date('2026-10-01Z'), new Date('2027-01-31Z')))).toEqual([
      '2026-10-21T16:00',
      '2026-11-18T16:00',
      '2026-12-16T16:00',
      '2027-01-20T16:00',
    ]);
    const fifth = local('2026-10-30T10:00');
    expect(presetRule('monthly', Z(fifth))).toBe('FREQ=MONTHLY;BYDAY=-1FR');
    expect(presetRule('none', Z(fifth))).toBeNull();
  });

  it('DAILY on weekdays gives no weekend; BYDAY with BYMONTHDAY is honoured (Friday the 13th)', () => {
    const monday = local('2027-01-04T09:00');
    const days = occurrences({ ...Z(monday), rrule: normalizeRule('FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', Z(monday)) }, new Date('2027-01-01Z'), new Date('2027-01-18Z'));
    expect(days).toHaveLength(10);
    expect(days.every((d) => ![0, 6].includes(d.getUTCDay()))).toBe(true);
    const friday = local('2027-08-13T09:00');
    const rule = normalizeRule('FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13', Z(friday));
    expect(rule).toBe('FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13');
    expect(inGeneva(occurrences({ ...Z(friday), rrule: rule }, new Date('2027-01-01Z'), new Date('2029-01-01Z')))).toEqual(['2027-08-13T09:00', '2028-10-13T09:00']);
  });

  it('stores the rule as the library rebuilt it, never as typed', () => {
    const start = local('2027-01-04T09:00');
    expect(normalizeRule('rrule:freq=weekly;wkst=su;byday=mo;interval=2', Z(start))).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;WKST=SU');
    expect(normalizeRule('FREQ=WEEKLY;BYDAY=MO;UNTIL=20270301', Z(start))).toMatch(/^FREQ=WEEKLY;UNTIL=20270301T\d{6}Z;BYDAY=MO$/);
  });

  it('refuses what it cannot honour, naming the part', () => {
    const start = local('2027-01-05T14:00'); // a Tuesday
    const refuse = (rule: string) => problemOf(() => normalizeRule(rule, Z(start)));
    expect(refuse('FREQ=YEARLY')).toEqual({ code: 'frequency', value: 'YEARLY' });
    expect(refuse('FREQ=MONTHLY;BYSETPOS=1;BYDAY=TU')).toEqual({ code: 'unsupported', parts: 'BYSETPOS' });
    expect(refuse('FREQ=WEEKLY;BYHOUR=9;X-NAME=1')).toEqual({ code: 'unsupported', parts: 'BYHOUR, X-NAME' });
    expect(refuse('FREQ=WEEKLY;WKST=XX')).toMatchObject({ code: 'unreadable', detail: expect.stringContaining('WKST') });
    expect(refuse('FREQ=WEEKLY;BYDAY=XX')).toMatchObject({ code: 'unreadable', detail: expect.stringContaining('BYDAY') });
    expect(refuse('FREQ=WEEKLY;FREQ=DAILY')).toEqual({ code: 'duplicate', parts: 'FREQ' });
    expect(refuse('FREQ=MONTHLY;BYMONTHDAY=0')).toEqual({ code: 'dropped', parts: 'BYMONTHDAY' });
    expect(refuse('FREQ=WEEKLY;BYDAY=2TU')).toEqual({ code: 'position' });
    expect(refuse('FREQ=WEEKLY;INTERVAL=53')).toEqual({ code: 'interval', max: 52 });
    expect(refuse('FREQ=WEEKLY;COUNT=1001')).toEqual({ code: 'count', max: 1000 });
    expect(refuse('FREQ=WEEKLY;BYDAY=WE')).toEqual({ code: 'start_not_in_rule', first: '2027-01-06T14:00' });
    expect(refuse('FREQ=WEEKLY;WKST=MO\nATTENDEE:MAILTO:x')).toEqual({ code: 'characters' });
    expect(refuse('FREQ=WEEKLY;' + 'BYDAY=TU;'.repeat(40))).toEqual({ code: 'too_long', max: 300 });
  });

  it('answers at once for a rule that never meets, and refuses it at schedule', () => {
    const start = local('2027-02-01T14:00');
    const series = { ...Z(start), rrule: 'FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=30' };
    // A bounded expansion: the answer (nothing) comes back instead of a loop.
    expect(occurrences(series, new Date('2027-03-01Z'), new Date('2040-01-01Z'))).toEqual([]);
    expect(problemOf(() => normalizeRule(series.rrule, Z(start)))).toMatchObject({ code: 'start_not_in_rule' });
    const daily = { ...Z(local('2027-02-01T14:00')), rrule: 'FREQ=DAILY;INTERVAL=7;BYDAY=TU' };
    expect(occurrences(daily, new Date('2027-03-01Z'), new Date('2040-01-01Z'))).toEqual([]);
    expect(problemOf(() => checkSeries(daily, new Date('2026-12-01Z')))).toEqual({ code: 'no_occurrence', years: 5 });
  });

  it('moves a series weekday with its start, and keeps the typed date', () => {
    const tuesday = local('2026-12-08T15:30');
    const wednesday = local('2026-12-09T15:30');
    const moved = shiftRule('FREQ=WEEKLY;BYDAY=TU', Z(tuesday), Z(wednesday))!;
    expect(moved).toBe('FREQ=WEEKLY;BYDAY=WE');
    expect(inGeneva(occurrences({ ...Z(wednesday), rrule: moved }, new Date('2026-12-01Z'), new Date('2026-12-20Z')))).toEqual(['2026-12-09T15:30', '2026-12-16T15:30']);
    expect(shiftRule('FREQ=MONTHLY;BYDAY=2TU', Z(tuesday), Z(local('2026-12-16T15:30')))).toBe('FREQ=MONTHLY;BYDAY=3WE');
    expect(shiftRule('FREQ=MONTHLY;BYMONTHDAY=8', Z(tuesday), Z(local('2026-12-10T15:30')))).toBe('FREQ=MONTHLY;BYMONTHDAY=10');
    expect(shiftRule('FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', Z(tuesday), Z(local('2026-12-12T15:30')))).toBeNull(); // a Saturday
  });

  it('an occurrence moved alone is found at its new time, a cancelled one not at all', () => {
    const start = local('2026-12-08T15:30');
    const rrule = 'FREQ=WEEKLY;BYDAY=TU';
    const [, second, third] = occurrences({ ...Z(start), rrule }, new Date('2026-12-01Z'), new Date('2027-01-01Z'));
    const found = meetingOccurrences(
      { ...Z(start), rrule, exceptions: [{ occurrenceAt: second, startLocal: '2026-12-17T10:00', cancelled: false }, { occurrenceAt: third, startLocal: null, cancelled: true }] },
      new Date('2026-12-01Z'),
      new Date('2027-01-01Z'),
    );
    expect(found.map((o) => [formatLocal(toLocal(o.at, GENEVA)), o.originalAt.toISOString()])).toEqual([
      ['2026-12-08T15:30', '2026-12-08T14:30:00.000Z'],
      ['2026-12-17T10:00', second.toISOString()],
      ['2026-12-29T15:30', '2026-12-29T14:30:00.000Z'],
    ]);
  });

  it('a single meeting has one occurrence, inside the window only', () => {
    const start = local('2026-12-01T14:00');
    expect(iso(occurrences({ ...Z(start), rrule: null }, new Date('2026-11-01Z'), new Date('2027-01-01Z')))).toEqual(['2026-12-01T13:00:00.000Z']);
    expect(occurrences({ ...Z(start), rrule: null }, new Date('2026-12-02Z'), new Date('2027-01-01Z'))).toEqual([]);
  });
});
