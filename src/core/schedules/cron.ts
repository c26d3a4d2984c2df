// Cron expressions, read by one parser (cron-parser) wherever the bot needs them: checking
// DIGEST_CRON, REMINDER_TICK_CRON and the coalition file's digest schedule at start, and
// finding the slot a scheduled digest belongs to. node-cron runs the schedules; the standard
// fields accepted here are read the same way by both (a test holds them against each other).
import { CronExpressionParser, type CronExpression } from 'cron-parser';

/** Why an expression is refused; the caller names the setting it came from. */
export type CronProblem =
  | { reason: 'too_long'; max: number }
  | { reason: 'field_count'; found: number }
  | { reason: 'unsupported'; found: string }
  | { reason: 'both_days' }
  | { reason: 'invalid'; detail: string }
  | { reason: 'never_fires' };

export const CRON_MAX_LENGTH = 200;

// Extensions (L, W, #, ?, H) mean different things to different cron readers, or are random
// (H): refused, so the scheduler and the slot reader cannot disagree.
const EXTENSIONS = /#|\?|(?<![a-z\d])(?:\d*[LW]|H)(?![a-z])/i;
const NAMES = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)\b/gi;

function parse(cron: string, timeZone: string, currentDate: Date): CronExpression {
  return CronExpressionParser.parse(cron, { tz: timeZone, currentDate });
}

/**
 * Null when `cron` is a 5-field (minute hour day month weekday) or 6-field (with seconds first)
 * expression that fires at some time after `now` in `timeZone`; else why not.
 */
export function cronProblem(cron: string, timeZone: string, now: Date): CronProblem | null {
  const text = cron.trim();
  if (text.length > CRON_MAX_LENGTH) return { reason: 'too_long', max: CRON_MAX_LENGTH };
  const fields = text.split(/\s+/).filter(Boolean);
  if (fields.length !== 5 && fields.length !== 6) return { reason: 'field_count', found: fields.length };
  const extension = EXTENSIONS.exec(text.replace(NAMES, ''));
  if (extension) return { reason: 'unsupported', found: extension[0] };
  // node-cron fires when both day fields match, cron-parser and POSIX cron when either does.
  const [day, weekday] = fields.slice(-3).filter((_, i) => i !== 1);
  if (day !== '*' && weekday !== '*') return { reason: 'both_days' };
  let expression: CronExpression;
  try {
    expression = parse(text, timeZone, now);
  } catch (error) {
    // cron-parser refuses a day that no listed month has ("31 2") with this message.
    const detail = error instanceof Error ? error.message : String(error);
    return /day of month/i.test(detail) ? { reason: 'never_fires' } : { reason: 'invalid', detail };
  }
  try {
    expression.next();
    return null;
  } catch {
    return { reason: 'never_fires' };
  }
}

/** A sentence for an operator reading the start-up error (config and coalition file problems are not translated). */
export function describeCronProblem(problem: CronProblem): string {
  switch (problem.reason) {
    case 'too_long':
      return `expected a cron expression of at most ${problem.max} characters`;
    case 'field_count':
      return `expected a cron expression of 5 fields (minute hour day month weekday), or 6 with seconds first; found ${problem.found}`;
    case 'unsupported':
      return `"${problem.found}" is not supported in a cron expression here: use numbers, names (mon, jan), *, ranges (1-5), steps (*/15) and lists (1,3,5)`;
    case 'both_days':
      return 'a cron expression may restrict the day of the month or the weekday, not both (cron readers differ on whether both or either must match)';
    case 'invalid':
      return `not a cron expression (${problem.detail}); expected e.g. "0 9 * * mon" (minute hour day month weekday)`;
    case 'never_fires':
      return 'this cron expression never fires (none of its months has that day); pick a day the listed months have';
  }
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The date and time `instant` shows on a clock in `timeZone`, to the second. */
function wallClock(instant: Date, timeZone: string): string {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', dateStyle: 'short', timeStyle: 'medium' });
    wallClocks.set(timeZone, format);
  }
  return format.format(instant);
}

/**
 * The latest instant at or before `now` the cron fired in `timeZone`, looking back at most
 * `lookbackDays`; null when none. On the day clocks go back, a wall-clock time that happens
 * twice is one slot, the first (node-cron fires at both; the second finds the same slot, so
 * a scheduled digest is sent once). A time the spring-forward skips has no slot that day,
 * as node-cron does not fire then either.
 */
export function previousSlot(cron: string, timeZone: string, now: Date, lookbackDays: number): Date | null {
  // prev() is strictly before currentDate: start one second after now's whole second.
  const from = new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000);
  const expression = parse(cron.trim(), timeZone, from);
  const stop = now.getTime() - lookbackDays * 24 * 3600_000;
  let slot: Date;
  try {
    slot = expression.prev().toDate();
  } catch {
    return null;
  }
  if (slot.getTime() < stop) return null;
  try {
    const before = expression.prev().toDate();
    if (before.getTime() >= stop && wallClock(before, timeZone) === wallClock(slot, timeZone)) return before;
  } catch {
    // no earlier fire: `slot` is the first one
  }
  return slot;
}
