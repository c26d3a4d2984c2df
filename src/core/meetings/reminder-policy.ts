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
 * The reminder due at `now` for one occurrence: the offset whose moment came most recently,
 * while the meeting has not started yet. Earlier offsets that passed unsent (the bot was down,
 * or the meeting was scheduled at short notice) are superseded by it: nobody needs a
 * "tomorrow" reminder an hour before. Once the meeting has begun, nothing is due.
 */
export function dueReminders(occurrenceAt: Date, offsets: readonly number[], now: Date, options: { tickMs: number }): DueReminder[] {
  if (now >= occurrenceAt) return [];
  const passed = offsets
    .map((offsetMinutes) => ({ offsetMinutes, dueAt: new Date(occurrenceAt.getTime() - offsetMinutes * 60_000) }))
    .filter((r) => r.dueAt <= now)
    .sort((a, b) => b.dueAt.getTime() - a.dueAt.getTime());
  return passed.slice(0, 1).map((r) => ({ ...r, occurrenceAt, late: now.getTime() - r.dueAt.getTime() > options.tickMs }));
}

/** Occurrences worth looking at in one tick: those starting within the largest offset. */
export function lookahead(offsets: readonly number[]): number {
  return Math.max(0, ...offsets) * 60_000;
}
