// `admin reminders due`: what the next reminder tick would send, by the same policy, without claiming anything.
import type { ReminderDeliveries } from '../../src/core/meetings/meeting-ports';
import { occurrences } from '../../src/core/meetings/recurrence';
import { dueReminders, effectiveOffsets, lookahead } from '../../src/core/meetings/reminder-policy';
import { parseLocal } from '../../src/core/meetings/zoned-time';
import type { MeetingRepository } from '../../src/core/meetings/meeting-ports';

export interface DueLine {
  meetingId: string;
  title: string;
  occurrenceAt: Date;
  memberId: string;
  offsetMinutes: number;
  late: boolean;
}

export async function remindersDue(deps: { meetings: MeetingRepository; reminders: ReminderDeliveries; defaultOffsets: readonly number[]; tickMs: number }, now: Date): Promise<DueLine[]> {
  const existing = new Set((await deps.reminders.list({})).map((r) => `${r.meetingId}|${r.occurrenceAt.toISOString()}|${r.memberId}|${r.offsetMinutes}`));
  const lines: DueLine[] = [];
  for (const meeting of await deps.meetings.scheduled()) {
    const recipients = (await deps.reminders.recipients(meeting.group)).map((r) => ({ memberId: r.memberId, offsets: effectiveOffsets(r.preferences, deps.defaultOffsets, now) }));
    const horizon = lookahead(recipients.flatMap((r) => r.offsets));
    const start = parseLocal(meeting.startLocal);
    if (horizon === 0 || !start) continue;
    for (const occurrenceAt of occurrences({ start, timeZone: meeting.timeZone, rrule: meeting.rrule }, now, new Date(now.getTime() + horizon + 1))) {
      for (const recipient of recipients) {
        for (const due of dueReminders(occurrenceAt, recipient.offsets, now, { tickMs: deps.tickMs })) {
          if (existing.has(`${meeting.id}|${occurrenceAt.toISOString()}|${recipient.memberId}|${due.offsetMinutes}`)) continue;
          lines.push({ meetingId: meeting.id, title: meeting.title, occurrenceAt, memberId: recipient.memberId, offsetMinutes: due.offsetMinutes, late: due.late });
        }
      }
    }
  }
  return lines;
}
