// A meeting's rule said as people say it, checked against explicit sentences and against
// rrule-temporal's own English rendering (its toText) as an independent oracle.
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from '@js-temporal/polyfill';
import { describeRule, normalizeRule } from '../../src/core/meetings/recurrence';
import { translator } from '../../src/conversation/catalog/catalog';
import { ruleInWords } from '../../src/conversation/meetings/recurrence-words';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { toText } = require('rrule-temporal/totext') as { toText: (rule: RRuleTemporal, locale?: string) => string };

const t = translator('en');
// Tuesday 5 January 2027, 14:00 in Geneva: the first Tuesday of its month.
const series = { start: { year: 2027, month: 1, day: 5, hour: 14, minute: 0 }, timeZone: 'Europe/Zurich' };
const words = (rule: string | null, locale = 'en') => ruleInWords(rule === null ? null : normalizeRule(rule, series), series, t, locale);

describe('a rule in words', () => {
  it.each([
    ['FREQ=DAILY', 'every day'],
    ['FREQ=DAILY;INTERVAL=2', 'every other day'],
    ['FREQ=DAILY;INTERVAL=3', 'every 3 days'],
    ['FREQ=WEEKLY', 'every Tuesday'],
    ['FREQ=WEEKLY;BYDAY=TU', 'every Tuesday'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', 'every two weeks on Tuesday'],
    ['FREQ=WEEKLY;INTERVAL=3;BYDAY=TU', 'every 3 weeks on Tuesday'],
    ['FREQ=WEEKLY;BYDAY=TU,TH', 'every Tuesday and Thursday'],
    ['FREQ=WEEKLY;BYDAY=FR,MO,WE,TU,TH', 'every weekday'],
    ['FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', 'every weekday'],
    ['FREQ=WEEKLY;BYDAY=MO,TU,WE', 'every Monday, Tuesday, and Wednesday'],
    ['FREQ=MONTHLY', 'on the 5th of each month'],
    ['FREQ=MONTHLY;BYMONTHDAY=5', 'on the 5th of each month'],
    ['FREQ=MONTHLY;BYMONTHDAY=-1,5', 'on the 5th and last day of each month'],
    ['FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=5', 'on the 5th of every other month'],
    ['FREQ=MONTHLY;BYDAY=1TU', 'the first Tuesday of each month'],
    ['FREQ=MONTHLY;BYDAY=1TU,3TU', 'the first Tuesday and third Tuesday of each month'],
    ['FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU', 'the first Tuesday of every 3 months'],
    ['FREQ=MONTHLY;BYDAY=TU', 'every Tuesday'],
    ['FREQ=WEEKLY;BYDAY=TU;COUNT=10', 'every Tuesday, 10 times'],
    ['FREQ=DAILY;COUNT=1', 'every day, just once'],
    // UNTIL is an instant: midnight of 1 July in Geneva is still 30 June in UTC.
    ['FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T215959Z', 'every Tuesday, until June 30, 2027'],
  ])('%s reads "%s"', (rule, expected) => {
    expect(words(rule)).toBe(expected);
  });

  it('the last Friday of each month, from a series that starts on one', () => {
    const lastFriday = { start: { year: 2027, month: 1, day: 29, hour: 9, minute: 0 }, timeZone: 'Asia/Tokyo' };
    expect(ruleInWords(normalizeRule('FREQ=MONTHLY;BYDAY=-1FR', lastFriday), lastFriday, t, 'en')).toBe('the last Friday of each month');
    expect(ruleInWords(normalizeRule('FREQ=MONTHLY;BYMONTHDAY=-3', { ...lastFriday, start: { ...lastFriday.start, day: 29 } }), lastFriday, t, 'en')).toBe('on the third-to-last day of each month');
  });

  it('a single meeting does not repeat; a stored rule nobody can read is never shown raw', () => {
    expect(words(null)).toBe('does not repeat');
    expect(ruleInWords('FREQ=HOURLY;BYSECOND=x', series, t, 'en')).not.toMatch(/FREQ|HOURLY/);
  });

  it('weekdays, lists and dates follow the member\'s language', () => {
    expect(ruleInWords(normalizeRule('FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270630T215959Z', series), series, translator('en'), 'en-GB')).toBe('every Tuesday and Thursday, until 30 June 2027');
    // Weekday names and the list come from Intl, not from English glued in code.
    expect(ruleInWords(normalizeRule('FREQ=WEEKLY;BYDAY=TU,TH', series), series, translator('en'), 'fr')).toBe('every mardi et jeudi');
  });

  it('never shows a rule part to a member', () => {
    for (const rule of ['FREQ=WEEKLY;BYDAY=TU;WKST=SU', 'FREQ=MONTHLY;BYDAY=1TU;COUNT=3', 'FREQ=DAILY;UNTIL=20280101T000000Z']) {
      expect(words(rule)).not.toMatch(/FREQ|BYDAY|INTERVAL|COUNT|UNTIL|WKST|=/);
    }
  });
});

/** What a sentence says, read the same way from ours and from the library's: interval, weekdays, ordinals, count, end date. */
function facts(sentence: string) {
  const s = sentence.toLowerCase();
  const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].filter((d) => s.includes(d) || (s.includes('weekday') && !['saturday', 'sunday'].includes(d)));
  const numbers: Record<string, number> = { other: 2, two: 2 };
  const interval = /every (\d+|other|two) (day|week|month)/.exec(s);
  const ordinals = [...s.matchAll(/\b(1st|2nd|3rd|4th|first|second|third|fourth|last)\b/g)].map((m) => ({ '1st': 'first', '2nd': 'second', '3rd': 'third', '4th': 'fourth' })[m[1]] ?? m[1]).sort();
  const count = /(?:for )?(\d+) times/.exec(s)?.[1] ?? (s.includes('just once') || s.includes('for 1 time') ? '1' : null);
  const until = /until (.*)$/.exec(s)?.[1] ?? null;
  return { weekdays, interval: interval ? (numbers[interval[1]] ?? Number(interval[1])) : 1, ordinals, count, until: until ? new Date(`${until.replace(/ at .*$/, '')} 12:00Z`).toISOString().slice(0, 10) : null };
}

describe('oracle: rrule-temporal toText', () => {
  const days = ['MO', 'TU', 'WE', 'TH', 'FR'];
  const cases: string[] = [];
  for (const interval of [1, 2, 4]) {
    // INTERVAL=1 is the default, which the library drops (and normalizeRule then refuses as dropped).
    const every = interval === 1 ? '' : `;INTERVAL=${interval}`;
    cases.push(`FREQ=DAILY${every}`);
    cases.push(`FREQ=WEEKLY${every};BYDAY=TU`, `FREQ=WEEKLY${every};BYDAY=TU,${days[(interval + 3) % 5]}`);
    cases.push(`FREQ=MONTHLY${every};BYDAY=1TU`, `FREQ=MONTHLY${every};BYMONTHDAY=5`);
    for (const end of ['COUNT=7', 'UNTIL=20280314T120000Z']) cases.push(`FREQ=WEEKLY${every};BYDAY=TU;${end}`, `FREQ=MONTHLY${every};BYDAY=1TU;${end}`);
  }
  cases.push('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 'FREQ=MONTHLY;BYDAY=1TU,3TU', 'FREQ=MONTHLY;BYMONTHDAY=5,20');

  it.each(cases)('%s: our words say what the library says', (rule) => {
    const body = normalizeRule(rule, series);
    const dtstart = Temporal.PlainDateTime.from({ ...series.start }).toZonedDateTime(series.timeZone);
    const oracle = toText(new RRuleTemporal({ rruleString: body, dtstart }), 'en');
    const ours = words(rule);
    expect({ rule, ...facts(ours) }).toEqual({ rule, ...facts(oracle) });
    expect(describeRule(body, series)).not.toBeNull();
  });
});
