import { dueReminders, effectiveOffsets } from '../../src/core/meetings/reminder-policy';

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
