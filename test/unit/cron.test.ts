// Cron expressions read by one parser: the digest's slot and the checks at start. Held
// against node-cron's own matcher (what the scheduler fires on) and against instants derived
// by hand from the calendar, across the days Europe/Zurich changes its clocks.
import { createTask } from 'node-cron';
import { ConfigError, loadConfig } from '../../src/config';
import { cronProblem, previousSlot } from '../../src/core/schedules/cron';

const MINUTE = 60_000;
const ZURICH = 'Europe/Zurich';
const formats = new Map<string, Intl.DateTimeFormat>();
const wall = (instant: Date, timeZone: string) => {
  if (!formats.has(timeZone)) formats.set(timeZone, new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', dateStyle: 'short', timeStyle: 'medium' }));
  return formats.get(timeZone)!.format(instant);
};

/**
 * node-cron's reading: every minute from `from` to `to` it would fire on, a wall-clock time seen
 * twice (clocks going back) counted at its first instant, as the bot sends one digest per slot.
 */
function nodeCronFires(cron: string, timeZone: string, from: string, to: string): Date[] {
  const task = createTask(cron, () => undefined, { timezone: timeZone });
  const fires: Date[] = [];
  const seen = new Set<string>();
  for (let t = new Date(from).getTime(); t <= new Date(to).getTime(); t += MINUTE) {
    const at = new Date(t);
    if (!task.match(at)) continue;
    if (seen.has(wall(at, timeZone))) continue;
    seen.add(wall(at, timeZone));
    fires.push(at);
  }
  return fires;
}

describe('the digest slot agrees with the scheduler (node-cron) minute by minute', () => {
  const cases: [cron: string, timeZone: string, from: string, to: string][] = [
    ['0 9 * * mon', ZURICH, '2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z'],
    ['0 9 * * MON-FRI', ZURICH, '2026-11-01T00:00:00Z', '2026-11-16T00:00:00Z'],
    ['30 7 * * Sat,sun', 'America/New_York', '2026-11-01T00:00:00Z', '2026-11-16T00:00:00Z'],
    ['*/15 8-18 * * 1,3,5', ZURICH, '2026-11-02T00:00:00Z', '2026-11-06T00:00:00Z'],
    ['0 0 1,15 jan,jul *', 'Asia/Kolkata', '2025-12-25T00:00:00Z', '2026-01-20T00:00:00Z'],
    ['30 2 * * *', ZURICH, '2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z'],
    ['30 2 * * *', ZURICH, '2026-10-23T00:00:00Z', '2026-10-27T00:00:00Z'],
    ['0 * * * *', ZURICH, '2026-10-24T20:00:00Z', '2026-10-25T06:00:00Z'],
  ];
  it.each(cases)('%s in %s', (cron, timeZone, from, to) => {
    const fires = nodeCronFires(cron, timeZone, from, to);
    expect(fires.length).toBeGreaterThan(1);
    // Asked 30 s after each fire the slot is that fire; asked 1 s before, the fire before it.
    const asked = fires.map((fire, i) => [
      previousSlot(cron, timeZone, new Date(fire.getTime() + 30_000), 400)?.toISOString(),
      i === 0 ? fire.toISOString() : previousSlot(cron, timeZone, new Date(fire.getTime() - 1000), 400)?.toISOString(),
    ]);
    expect(asked).toEqual(fires.map((fire, i) => [fire.toISOString(), (i === 0 ? fire : fires[i - 1]).toISOString()]));
  });
});

describe('slots derived by hand from the calendar', () => {
  it('names, ranges, steps and lists', () => {
    // Mon 2026-11-30, Zurich on CET (UTC+1).
    expect(previousSlot('0 9 * * mon', ZURICH, new Date('2026-11-30T08:00:30Z'), 8)).toEqual(new Date('2026-11-30T08:00:00Z'));
    expect(previousSlot('0 9 * * mon', ZURICH, new Date('2026-11-30T07:59:59Z'), 8)).toEqual(new Date('2026-11-23T08:00:00Z'));
    // Sat 2026-12-05: the latest weekday at 09:00 is Fri the 4th.
    expect(previousSlot('0 9 * * MON-FRI', ZURICH, new Date('2026-12-05T12:00:00Z'), 8)).toEqual(new Date('2026-12-04T08:00:00Z'));
    expect(previousSlot('0 0 1 jan *', ZURICH, new Date('2026-12-05T12:00:00Z'), 400)).toEqual(new Date('2025-12-31T23:00:00Z'));
    expect(previousSlot('*/15 8-9 1,15 * *', 'UTC', new Date('2026-11-15T09:20:00Z'), 2)).toEqual(new Date('2026-11-15T09:15:00Z'));
    expect(previousSlot('0 0 9 * * 1', ZURICH, new Date('2026-07-07T00:00:00Z'), 8)).toEqual(new Date('2026-07-06T07:00:00Z')); // seconds first; CEST
    expect(previousSlot('30 9 * * 1', 'Asia/Kolkata', new Date('2026-11-30T04:00:59Z'), 8)).toEqual(new Date('2026-11-30T04:00:00Z'));
    expect(previousSlot('0 0 1 1 *', 'UTC', new Date('2026-11-15T09:20:00Z'), 31)).toBeNull();
  });

  it('02:30 on the spring-forward day (Sun 2026-03-29, Zurich skips 02:00-03:00) has no slot', () => {
    // 02:30 CET on the 28th is 01:30Z; 02:30 CEST on the 30th is 00:30Z.
    expect(previousSlot('30 2 * * *', ZURICH, new Date('2026-03-29T12:00:00Z'), 8)).toEqual(new Date('2026-03-28T01:30:00Z'));
    expect(previousSlot('30 2 * * *', ZURICH, new Date('2026-03-30T00:30:00Z'), 8)).toEqual(new Date('2026-03-30T00:30:00Z'));
    expect(previousSlot('30 2 * * sun', ZURICH, new Date('2026-03-31T00:00:00Z'), 14)).toEqual(new Date('2026-03-22T01:30:00Z'));
  });

  it('02:30 on the day clocks go back (Sun 2026-10-25, 02:00-03:00 happens twice) is one slot, the first', () => {
    // 02:30 CEST is 00:30Z; 02:30 again, CET, is 01:30Z.
    expect(previousSlot('30 2 * * *', ZURICH, new Date('2026-10-25T00:45:00Z'), 8)).toEqual(new Date('2026-10-25T00:30:00Z'));
    expect(previousSlot('30 2 * * *', ZURICH, new Date('2026-10-25T01:30:00Z'), 8)).toEqual(new Date('2026-10-25T00:30:00Z'));
    expect(previousSlot('30 2 * * *', ZURICH, new Date('2026-10-26T06:00:00Z'), 8)).toEqual(new Date('2026-10-26T01:30:00Z'));
  });
});

describe('expressions refused at start', () => {
  const now = new Date('2026-12-05T12:00:00Z');
  it('accepts names, ranges, steps and lists', () => {
    for (const cron of ['0 9 * * mon', '0 9 * * MON-FRI', '0 0 1 jan *', '*/15 8-18 * * 1,3,5', '0 9 * JAN-MAR SUN', '0 0 29 2 *', '0 0 31 1,2 *', '0 0 9 * * 1']) {
      expect([cron, cronProblem(cron, ZURICH, now)]).toEqual([cron, null]);
    }
  });

  it('says why', () => {
    expect(cronProblem('0 0 31 2 *', ZURICH, now)).toEqual({ reason: 'never_fires' });
    expect(cronProblem('0 0 30 2 *', ZURICH, now)).toEqual({ reason: 'never_fires' });
    expect(cronProblem('0 0 31 4,6,9,11 *', ZURICH, now)).toEqual({ reason: 'never_fires' });
    expect(cronProblem('0 9 * *', ZURICH, now)).toEqual({ reason: 'field_count', found: 4 });
    // node-cron fires when both match, cron-parser (and POSIX cron) when either does: refused.
    expect(cronProblem('0 6 1-7 * mon', ZURICH, now)).toEqual({ reason: 'both_days' });
    expect(cronProblem('0 0 L * *', ZURICH, now)).toEqual({ reason: 'unsupported', found: 'L' });
    expect(cronProblem('0 0 * * 1#2', ZURICH, now)).toEqual({ reason: 'unsupported', found: '#' });
    expect(cronProblem('61 * * * *', ZURICH, now)).toMatchObject({ reason: 'invalid' });
    expect(cronProblem('0 9 * * funday', ZURICH, now)).toMatchObject({ reason: 'invalid' });
    expect(cronProblem('0 9 * * hello', ZURICH, now)).toMatchObject({ reason: 'invalid' });
    expect(cronProblem('0 9 15W * *', ZURICH, now)).toEqual({ reason: 'unsupported', found: '15W' });
    expect(cronProblem('H 9 * * *', ZURICH, now)).toEqual({ reason: 'unsupported', found: 'H' });
    expect(cronProblem('0 9 ? * mon', ZURICH, now)).toEqual({ reason: 'unsupported', found: '?' });
    expect(cronProblem(`0 9 * * ${'1,'.repeat(200)}1`, ZURICH, now)).toEqual({ reason: 'too_long', max: 200 });
  });

  it('DIGEST_CRON and REMINDER_TICK_CRON that never fire stop the start, naming the variable', () => {
    let error: unknown;
    try {
      loadConfig({ DIGEST_CRON: '0 0 31 2 *', REMINDER_TICK_CRON: '0 0 30 2 *' }, '/srv/bot');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => [p.variable, p.message])).toEqual([
      ['DIGEST_CRON', expect.stringMatching(/never fires/)],
      ['REMINDER_TICK_CRON', expect.stringMatching(/never fires/)],
    ]);
    expect(loadConfig({ DIGEST_CRON: '0 9 * * mon-fri' }, '/srv/bot').digest.cron).toBe('0 9 * * mon-fri');
  });
});
