// The rules every meeting keeps, checked by this one function wherever a meeting is made or
// changed: at the schedule summary and its edits, at confirm, and at reschedule.
import { checkSeries, RecurrenceError, type RecurrenceProblem } from './recurrence';
import { parseLocal, toInstant } from './zoned-time';

export const MIN_DURATION_MINUTES = 5;
export const MAX_DURATION_MINUTES = 720;

export type MeetingProblem = { code: 'start_unreadable' } | { code: 'start_past' } | { code: 'duration'; min: number; max: number } | { code: 'rule'; problem: RecurrenceProblem };

export interface MeetingTimes {
  startLocal: string;
  timeZone: string;
  durationMinutes?: number | null;
  rrule?: string | null;
}

/** The first rule the meeting breaks at `now`, or null. Parts not known yet (a flow half-way) are not checked. */
export function meetingProblem(meeting: MeetingTimes, now: Date): MeetingProblem | null {
  const start = parseLocal(meeting.startLocal);
  if (!start) return { code: 'start_unreadable' };
  if (toInstant(start, meeting.timeZone) <= now) return { code: 'start_past' };
  const d = meeting.durationMinutes;
  if (d !== undefined && d !== null && (!Number.isInteger(d) || d < MIN_DURATION_MINUTES || d > MAX_DURATION_MINUTES)) {
    return { code: 'duration', min: MIN_DURATION_MINUTES, max: MAX_DURATION_MINUTES };
  }
  try {
    checkSeries({ start, timeZone: meeting.timeZone, rrule: meeting.rrule ?? null }, now);
  } catch (error) {
    if (error instanceof RecurrenceError) return { code: 'rule', problem: error.problem };
    throw error;
  }
  return null;
}
