import type { Meeting } from '../../core/meetings/meeting-ports';
import { meetingOccurrences, type Occurrence } from '../../core/meetings/recurrence';
import { parseLocal } from '../../core/meetings/zoned-time';

/** The next occurrences of a meeting from `now` (up to `count`, within a year), moved ones at their new time. */
export function nextOccurrenceDetails(meeting: Meeting, now: Date, count = 1): Occurrence[] {
  const start = parseLocal(meeting.startLocal);
  if (!start) return [];
  return meetingOccurrences({ start, timeZone: meeting.timeZone, rrule: meeting.rrule, exceptions: meeting.exceptions }, now, new Date(now.getTime() + 366 * 86_400_000), count);
}

/** The next occurrences of a meeting from `now` (up to `count`, within a year). */
export function nextOccurrences(meeting: Meeting, now: Date, count = 1): Date[] {
  return nextOccurrenceDetails(meeting, now, count).map((o) => o.at);
}
