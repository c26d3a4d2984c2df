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
 * Reminders due at `now` for one occurrence: every offset whose moment has come while
 * the meeting has not started yet. One missed while the bot was down is still due (late);
 * once the meeting has begun, nothing is. Offsets whose time came before `notBefore`
 * (e.g. the meeting was scheduled after that moment) are skipped, except the nearest.
 */
export function dueReminders(occurrenceAt: Date, offsets: readonly number[], now: Date, options: { tickMs: number; notBefore?: Date }): DueReminder[] {
  if (now >= occurrenceAt) return [];
  const due = offsets
    .map((offsetMinutes) => ({ offsetMinutes, dueAt: new Date(occurrenceAt.getTime() - offsetMinutes * 60_000) }))
    .filter((r) => r.dueAt <= now)
    .sort((a, b) => b.dueAt.getTime() - a.dueAt.getTime());
  // Of several offsets passed before the meeting was known, only the nearest one is useful.
  const notBefore = options.notBefore;
  const kept = notBefore ? due.filter((r, i) => r.dueAt >= notBefore || i === 0) : due;
  return kept.map((r) => ({ ...r, occurrenceAt, late: now.getTime() - r.dueAt.getTime() > options.tickMs }));
}

/** Occurrences worth looking at in one tick: those starting within the largest offset. */
export function lookahead(offsets: readonly number[]): number {
  return Math.max(0, ...offsets) * 60_000;
}
