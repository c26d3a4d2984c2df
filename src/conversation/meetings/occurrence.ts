import type { Meeting } from '../../core/meetings/meeting-ports';
import { occurrences } from '../../core/meetings/recurrence';
import { parseLocal } from '../../core/meetings/zoned-time';

/** The next occurrences of a meeting from `now` (up to `count`, within a year). */
export function nextOccurrences(meeting: Meeting, now: Date, count = 1): Date[] {
  const start = parseLocal(meeting.startLocal);
  if (!start) return [];
  return occurrences({ start, timeZone: meeting.timeZone, rrule: meeting.rrule }, now, new Date(now.getTime() + 366 * 86_400_000), count);
}
