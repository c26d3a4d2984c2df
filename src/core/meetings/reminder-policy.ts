// When reminders are due. Pure: the caller passes the time, the occurrences and the
// member's preferences; the scheduler turns the answer into claimed rows.

export interface ReminderPreferences {
  /** Minutes before a meeting; null = the coalition's default offsets. */
  offsets: number[] | null;
  off: boolean;
  pausedUntil: Date | null;
}

export interface DueReminder {
  occurrenceAt: Date;
  offsetMinutes: number;
  dueAt: Date;
  /** Due before the previous tick (the bot was down, or the tick was slow). */
  late: boolean;
}

/** The offsets that apply to a member now: none when off or paused. */
export function effectiveOffsets(preferences: ReminderPreferences, defaults: readonly number[], now: Date): number[] {
  if (preferences.off) return [];
  if (preferences.pausedUntil && preferences.pausedUntil > now) return [];
  return [...new Set(preferences.offsets ?? defaults)].filter((o) => o > 0).sort((a, b) => b - a);
}

/**
 * A new meeting's notice stands in for any reminder that would follow it within half that
 * reminder's offset: scheduled 66 minutes ahead, the notice ("in 1 hour") is the only message,
 * not a 1-hour reminder six minutes later; scheduled three hours ahead, the 1-hour reminder
 * still comes.
 */
export const NOTICE_COVERS_FRACTION = 0.5;

export interface MeetingTimes {
  /** When the meeting was scheduled: its members were told then ("new meeting"). */
  scheduledAt: Date;
  /** Its latest change (a move, a cancelled occurrence): a reminder due before it is never sent late. */
  changedAt: Date;
}

/**
 * The reminder due at `now` for one occurrence: the offset whose moment came most recently,
 * while the meeting has not started yet. Earlier offsets that passed unsent (the bot was down)
 * are superseded by it: nobody needs a "tomorrow" reminder an hour before. An offset whose
 * moment came before the meeting was scheduled or changed is not due at all (the members were
 * just told), nor one the new-meeting notice stands in for (NOTICE_COVERS_FRACTION). Once the
 * meeting has begun, nothing is due.
 */
export function dueReminders(occurrenceAt: Date, offsets: readonly number[], now: Date, options: { tickMs: number; meeting?: MeetingTimes }): DueReminder[] {
  if (now >= occurrenceAt) return [];
  const times = options.meeting;
  const passed = offsets
    .map((offsetMinutes) => ({ offsetMinutes, dueAt: new Date(occurrenceAt.getTime() - offsetMinutes * 60_000) }))
    .filter((r) => r.dueAt <= now)
    .sort((a, b) => b.dueAt.getTime() - a.dueAt.getTime());
  // Only the most recent offset is a candidate: one that was superseded never comes back.
  return passed
    .slice(0, 1)
    .filter((r) => !times || owed(r, times))
    .map((r) => ({ ...r, occurrenceAt, late: now.getTime() - r.dueAt.getTime() > options.tickMs }));
}

function owed(reminder: { offsetMinutes: number; dueAt: Date }, times: MeetingTimes): boolean {
  const sinceScheduled = reminder.dueAt.getTime() - times.scheduledAt.getTime();
  return reminder.dueAt >= times.changedAt && sinceScheduled >= reminder.offsetMinutes * 60_000 * NOTICE_COVERS_FRACTION;
}

/**
 * Whether any reminder was owed for an occurrence (one that began without any is then a
 * dropped reminder, not a meeting whose notice was its only message).
 */
export function reminderOwed(occurrenceAt: Date, offsets: readonly number[], times: MeetingTimes): boolean {
  return offsets.some((offsetMinutes) => owed({ offsetMinutes, dueAt: new Date(occurrenceAt.getTime() - offsetMinutes * 60_000) }, times));
}

/** Occurrences worth looking at in one tick: those starting within the largest offset. */
export function lookahead(offsets: readonly number[]): number {
  return Math.max(0, ...offsets) * 60_000;
}
