import { dueReminders, effectiveOffsets, reminderOwed, type MeetingTimes } from '../../src/core/meetings/reminder-policy';
import { FakeClock } from '../support/fake-clock';

const at = (iso: string) => new Date(iso);
const meeting = at('2026-12-01T13:00:00Z');
const tickMs = 60_000;

describe('reminder policy', () => {
  it('uses the coalition defaults unless the member chose other offsets', () => {
    const now = at('2026-11-29T10:00:00Z');
    expect(effectiveOffsets({ offsets: null, off: false, pausedUntil: null }, [60, 1440], now)).toEqual([1440, 60]);
    expect(effectiveOffsets({ offsets: [15, 15, 120], off: false, pausedUntil: null }, [60, 1440], now)).toEqual([120, 15]);
  });

  it('sends nothing to a member who turned reminders off or paused them until a later date', () => {
    const now = at('2026-11-29T10:00:00Z');
    expect(effectiveOffsets({ offsets: null, off: true, pausedUntil: null }, [60], now)).toEqual([]);
    expect(effectiveOffsets({ offsets: null, off: false, pausedUntil: at('2026-12-10T00:00:00Z') }, [60], now)).toEqual([]);
    expect(effectiveOffsets({ offsets: null, off: false, pausedUntil: at('2026-11-01T00:00:00Z') }, [60], now)).toEqual([60]);
  });

  it('nothing is due before the first offset; each offset is due from its moment on time', () => {
    expect(dueReminders(meeting, [1440, 60], at('2026-11-30T12:59:00Z'), { tickMs })).toEqual([]);
    expect(dueReminders(meeting, [1440, 60], at('2026-11-30T13:00:00Z'), { tickMs })).toEqual([
      { occurrenceAt: meeting, offsetMinutes: 1440, dueAt: at('2026-11-30T13:00:00Z'), late: false },
    ]);
    expect(dueReminders(meeting, [1440, 60], at('2026-12-01T12:00:30Z'), { tickMs }).map((r) => [r.offsetMinutes, r.late])).toEqual([[60, false]]);
  });

  it('a reminder missed while down is still due (late) until the meeting starts, never after', () => {
    const due = dueReminders(meeting, [60], at('2026-12-01T12:40:00Z'), { tickMs });
    expect(due).toEqual([{ occurrenceAt: meeting, offsetMinutes: 60, dueAt: at('2026-12-01T12:00:00Z'), late: true }]);
    expect(dueReminders(meeting, [60], at('2026-12-01T13:00:00Z'), { tickMs })).toEqual([]);
  });

  it('offsets passed unsent are superseded by the nearest one (short notice, downtime)', () => {
    const due = dueReminders(meeting, [1440, 60], at('2026-12-01T12:30:00Z'), { tickMs });
    expect(due.map((r) => [r.offsetMinutes, r.late])).toEqual([[60, true]]);
  });
});

describe('a meeting scheduled at short notice', () => {
  // The clock of the scheduler, moved by hand tick by tick.
  const clock = new FakeClock(at('2026-12-01T11:54:00Z'));
  const offsets = [1440, 60];
  /** Every reminder a minute-by-minute tick would find due from `from` until the meeting starts. */
  function dueOverTicks(occurrenceAt: Date, times: MeetingTimes, from: string): number[] {
    clock.set(from);
    const found: number[] = [];
    while (clock.now() < occurrenceAt) {
      for (const due of dueReminders(occurrenceAt, offsets, clock.now(), { tickMs, meeting: times })) if (!found.includes(due.offsetMinutes)) found.push(due.offsetMinutes);
      clock.advance(tickMs);
    }
    return found;
  }

  it('66 minutes ahead: no overdue 24-hour reminder and no 1-hour reminder six minutes after the notice', () => {
    const scheduledAt = at('2026-12-01T11:54:00Z');
    expect(dueOverTicks(meeting, { scheduledAt, changedAt: scheduledAt }, '2026-12-01T11:54:00Z')).toEqual([]);
    expect(reminderOwed(meeting, offsets, { scheduledAt, changedAt: scheduledAt })).toBe(false);
    // Without the meeting's times (the old behaviour) both would have gone out.
    clock.set('2026-12-01T11:55:00Z');
    expect(dueReminders(meeting, offsets, clock.now(), { tickMs }).map((r) => r.offsetMinutes)).toEqual([1440]);
  });

  it('three hours ahead: only the 1-hour reminder; 30 hours ahead: the 24-hour one is covered by the notice 6 hours before it', () => {
    const threeHours = at('2026-12-01T10:00:00Z');
    expect(dueOverTicks(meeting, { scheduledAt: threeHours, changedAt: threeHours }, '2026-12-01T10:00:00Z')).toEqual([60]);
    const thirtyHours = at('2026-11-30T07:00:00Z');
    expect(dueOverTicks(meeting, { scheduledAt: thirtyHours, changedAt: thirtyHours }, '2026-11-30T07:00:00Z')).toEqual([60]);
    const twoDays = at('2026-11-29T13:00:00Z');
    expect(dueOverTicks(meeting, { scheduledAt: twoDays, changedAt: twoDays }, '2026-11-29T13:00:00Z')).toEqual([1440, 60]);
    expect(reminderOwed(meeting, offsets, { scheduledAt: threeHours, changedAt: threeHours })).toBe(true);
  });

  it('half the offset is the line: a notice 30 minutes before the 1-hour reminder is covered, 31 minutes is not', () => {
    expect(dueOverTicks(meeting, { scheduledAt: at('2026-12-01T11:30:00Z'), changedAt: at('2026-12-01T11:30:00Z') }, '2026-12-01T11:30:00Z')).toEqual([60]);
    expect(dueOverTicks(meeting, { scheduledAt: at('2026-12-01T11:31:00Z'), changedAt: at('2026-12-01T11:31:00Z') }, '2026-12-01T11:31:00Z')).toEqual([]);
  });

  it('a meeting moved after a reminder fell due does not get that reminder late; the next offset still comes', () => {
    const scheduledAt = at('2026-11-20T09:00:00Z');
    const movedAt = at('2026-11-30T18:00:00Z'); // after the 24-hour moment (2026-11-30 13:00)
    expect(dueOverTicks(meeting, { scheduledAt, changedAt: movedAt }, '2026-11-30T18:00:00Z')).toEqual([60]);
  });
});
