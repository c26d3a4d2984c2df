// The reminder tick: find what is due from the database, claim it, send it, mark it.
// Nothing lives in memory between ticks, so restarts and replicas cannot lose or repeat one.
import type { OutgoingMessage } from '../messages';
import type { ChatPort } from '../ports';
import type { Meeting, MeetingRepository, ReminderDeliveries, ReminderDelivery } from './meeting-ports';
import { occurrences } from './recurrence';
import { dueReminders, effectiveOffsets, lookahead } from './reminder-policy';
import { parseLocal } from './zoned-time';

export interface ReminderServiceOptions {
  meetings: MeetingRepository;
  reminders: ReminderDeliveries;
  chat: ChatPort;
  /** Where to reach a member, best first (a linked member has one per platform). */
  addressesOf(memberId: string): Promise<{ address: string; platform: string }[]>;
  compose(meeting: Meeting, occurrenceAt: Date, delivery: ReminderDelivery): Promise<OutgoingMessage>;
  defaultOffsets: readonly number[];
  /** How often the tick runs, to tell a late reminder from an on-time one. */
  tickMs: number;
  /** How long a claim protects a reminder from other senders (default 10 minutes: longer than an adapter's bounded retries). */
  leaseMs?: number;
  /** Attempts before a reminder is marked failed for good. */
  maxAttempts?: number;
  concurrency?: number;
  log?: (event: string, data: Record<string, unknown>) => void;
  /** Told about each outcome as it happens, so a tick that fails part-way is still counted (metrics). */
  count?: (outcome: keyof TickResult) => void;
}

export interface TickResult {
  claimed: number;
  sent: number;
  failed: number;
  late: number;
  /** Members who got no reminder for an occurrence that began meanwhile (the bot was down). */
  dropped: number;
}

export class ReminderService {
  constructor(private readonly options: ReminderServiceOptions) {}

  async tick(now: Date): Promise<TickResult> {
    const o = this.options;
    const result: TickResult = { claimed: 0, sent: 0, failed: 0, late: 0, dropped: 0 };
    const add = (outcome: keyof TickResult) => {
      result[outcome]++;
      o.count?.(outcome);
    };
    const work: (() => Promise<void>)[] = [];
    for (const meeting of await o.meetings.scheduled()) {
      const recipients = await o.reminders.recipients(meeting.group);
      const offsets = recipients.map((r) => ({ memberId: r.memberId, offsets: effectiveOffsets(r.preferences, o.defaultOffsets, now) }));
      const horizon = lookahead(offsets.flatMap((r) => r.offsets));
      if (horizon === 0) continue;
      const start = parseLocal(meeting.startLocal);
      if (!start) continue;
      const series = { start, timeZone: meeting.timeZone, rrule: meeting.rrule };
      // Occurrences that began within the reminder window without any reminder sent: recorded once, logged.
      for (const begun of occurrences(series, new Date(now.getTime() - horizon), now)) {
        if (begun < meeting.updatedAt) continue; // scheduled or moved after it: nothing was due
        for (const recipient of offsets.filter((r) => r.offsets.length > 0)) {
          const offsetMinutes = Math.min(...recipient.offsets);
          work.push(async () => {
            if (await o.reminders.recordDropped({ meetingId: meeting.id, occurrenceAt: begun, memberId: recipient.memberId, offsetMinutes }, now)) {
              add('dropped');
              o.log?.('reminder dropped: the meeting had begun', { meeting: meeting.id, occurrenceAt: begun.toISOString(), member: recipient.memberId });
            }
          });
        }
      }
      const upcoming = occurrences(series, now, new Date(now.getTime() + horizon + 1));
      for (const occurrenceAt of upcoming) {
        for (const recipient of offsets) {
          for (const due of dueReminders(occurrenceAt, recipient.offsets, now, { tickMs: o.tickMs })) {
            work.push(async () => {
              const claimed = await o.reminders.claim(
                { meetingId: meeting.id, occurrenceAt, memberId: recipient.memberId, offsetMinutes: due.offsetMinutes },
                new Date(now.getTime() + (o.leaseMs ?? 10 * 60_000)),
                now,
              );
              if (!claimed) return;
              add('claimed');
              if (due.late) add('late');
              if (await this.deliver(meeting, occurrenceAt, claimed, now)) add('sent');
              else add('failed');
            });
          }
        }
      }
    }
    await runPool(work, o.concurrency ?? 16);
    if (result.claimed + result.dropped > 0) o.log?.('reminders', { ...result });
    return result;
  }

  private async deliver(meeting: Meeting, occurrenceAt: Date, delivery: ReminderDelivery, now: Date): Promise<boolean> {
    const o = this.options;
    const message = await o.compose(meeting, occurrenceAt, delivery);
    const errors: string[] = [];
    for (const { address, platform } of await o.addressesOf(delivery.memberId)) {
      try {
        await o.chat.send(address, message);
        await o.reminders.markSent(delivery.id, platform, now);
        return true;
      } catch (error) {
        errors.push(`${platform}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const reason = errors.length ? errors.join('; ') : 'no address to reach the member';
    const final = errors.length === 0 || delivery.attempts >= (o.maxAttempts ?? 5);
    await o.reminders.markFailed(delivery.id, reason, final, now);
    o.log?.('reminder failed', { reminder: delivery.id, final, reason });
    return false;
  }
}

async function runPool(tasks: (() => Promise<void>)[], size: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, worker));
}
