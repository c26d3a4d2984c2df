// The reminder tick: find what is due from the database, claim it, send it, mark it.
// Nothing lives in memory between ticks, so restarts and replicas cannot lose or repeat one.
// Claims carry a short lease that the sender renews while it works on them: a live sender
// (slow, rate-limited) keeps its claims, a dead one loses them within a lease. A claim taken
// over is "in doubt" (the dead sender may have sent it): where the platform can look up
// what it sent (ChatPort.findSent), it is marked sent instead of being sent again.
import type { OutgoingMessage } from '../messages';
import type { ChatPort } from '../ports';
import type { Meeting, MeetingRepository, ReminderDeliveries, ReminderDelivery } from './meeting-ports';
import { meetingOccurrences, type SeriesDefinition } from './recurrence';
import { dueReminders, effectiveOffsets, lookahead, reminderOwed } from './reminder-policy';
import { parseLocal } from './zoned-time';

export interface ReminderServiceOptions {
  meetings: MeetingRepository;
  reminders: ReminderDeliveries;
  chat: ChatPort;
  /**
   * The reminder's message and where to reach its member, best first (a linked member has one
   * address per platform); no address when the member is gone.
   */
  prepare(meeting: Meeting, occurrenceAt: Date, delivery: ReminderDelivery): Promise<{ message: OutgoingMessage; addresses: { address: string; platform: string }[] }>;
  defaultOffsets: readonly number[];
  /** How often the tick runs, to tell a late reminder from an on-time one. */
  tickMs: number;
  /** How long a claim protects a reminder from other senders unless renewed (default 60 s). */
  leaseMs?: number;
  /** How often a sender renews the leases of the claims it holds (default a third of leaseMs). */
  renewEveryMs?: number;
  /** A monotonic clock in ms (default performance.now): claims made late in a long tick get leases from their own moment. */
  elapsed?: () => number;
  /** Attempts before a reminder is marked failed for good. */
  maxAttempts?: number;
  concurrency?: number;
  log?: (event: string, data: Record<string, unknown>) => void;
  /** Told about each outcome as it happens, so a tick that fails part-way is still counted (metrics). */
  count?: (outcome: CountedOutcome) => void;
}

export interface TickResult {
  claimed: number;
  sent: number;
  /** Claims taken over from a sender that died, found already delivered and not sent again. */
  recovered?: number;
  failed: number;
  late: number;
  /** Members who got no reminder for an occurrence that began meanwhile (the bot was down). */
  dropped: number;
}

/** The outcomes counted as they happen (`recovered` is reported in the tick's result only). */
export type CountedOutcome = Exclude<keyof TickResult, 'recovered'>;

export class ReminderService {
  constructor(private readonly options: ReminderServiceOptions) {}

  async tick(now: Date): Promise<TickResult> {
    const o = this.options;
    const leaseMs = o.leaseMs ?? 60_000;
    const elapsed = o.elapsed ?? (() => performance.now());
    const started = elapsed();
    /** `now` moved on by the time the tick has taken so far. */
    const at = () => new Date(now.getTime() + (elapsed() - started));
    const result: TickResult = { claimed: 0, sent: 0, failed: 0, late: 0, dropped: 0 };
    const add = (outcome: CountedOutcome) => {
      result[outcome]++;
      o.count?.(outcome);
    };
    const work: (() => Promise<void>)[] = [];
    const held = new Map<string, number>(); // claim id -> attempt, renewed until settled
    for (const meeting of await o.meetings.scheduled()) {
      const recipients = await o.reminders.recipients(meeting.group);
      const offsets = recipients.map((r) => ({ memberId: r.memberId, offsets: effectiveOffsets(r.preferences, o.defaultOffsets, now) }));
      const horizon = lookahead(offsets.flatMap((r) => r.offsets));
      if (horizon === 0) continue;
      const start = parseLocal(meeting.startLocal);
      if (!start) continue;
      const series = { start, timeZone: meeting.timeZone, rrule: meeting.rrule, exceptions: meeting.exceptions };
      const times = { scheduledAt: meeting.createdAt, changedAt: meeting.updatedAt };
      const occurrences = (s: SeriesDefinition, from: Date, to: Date) => meetingOccurrences(s, from, to).map((o) => o.at);
      // Occurrences that began within the reminder window without any reminder sent: recorded once, logged.
      for (const begun of occurrences(series, new Date(now.getTime() - horizon), now)) {
        if (begun < meeting.updatedAt) continue; // scheduled or moved after it: nothing was due
        // Members who were owed no reminder (the new-meeting notice stood in for it) lost none.
        for (const recipient of offsets.filter((r) => r.offsets.length > 0 && reminderOwed(begun, r.offsets, times))) {
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
        // One read instead of one refused claim per member: what is sent or held is skipped.
        const taken = new Set((await o.reminders.unclaimable(meeting.id, occurrenceAt, now)).map((k) => `${k.memberId}/${k.offsetMinutes}`));
        for (const recipient of offsets) {
          for (const due of dueReminders(occurrenceAt, recipient.offsets, now, { tickMs: o.tickMs, meeting: times })) {
            if (taken.has(`${recipient.memberId}/${due.offsetMinutes}`)) continue;
            work.push(async () => {
              const claimedAt = at();
              const claimed = await o.reminders.claim(
                { meetingId: meeting.id, occurrenceAt, memberId: recipient.memberId, offsetMinutes: due.offsetMinutes },
                new Date(claimedAt.getTime() + leaseMs),
                claimedAt,
              );
              if (!claimed) return;
              add('claimed');
              if (due.late) add('late');
              held.set(claimed.id, claimed.attempts);
              try {
                const outcome = await this.deliver(meeting, occurrenceAt, claimed, at);
                add(outcome === 'failed' ? 'failed' : 'sent');
                if (outcome === 'recovered') result.recovered = (result.recovered ?? 0) + 1;
              } finally {
                held.delete(claimed.id);
              }
            });
          }
        }
      }
    }
    if (work.length > 0) o.log?.('reminders due', { due: work.length });
    // The heartbeat: while this tick runs, its unsettled claims stay its own.
    let renewing = false;
    const renew = setInterval(() => {
      if (renewing || held.size === 0) return;
      renewing = true;
      const claims = [...held].map(([id, attempts]) => ({ id, attempts }));
      o.reminders
        .renew(claims, new Date(at().getTime() + leaseMs))
        .catch((error: unknown) => o.log?.('reminder leases not renewed', { error: error instanceof Error ? error.message : String(error) }))
        .finally(() => (renewing = false));
    }, o.renewEveryMs ?? Math.max(1, Math.floor(leaseMs / 3)));
    renew.unref?.();
    try {
      await runPool(work, o.concurrency ?? 16);
    } finally {
      clearInterval(renew);
    }
    if (result.claimed + result.dropped > 0) o.log?.('reminders', { ...result });
    return result;
  }

  private async deliver(meeting: Meeting, occurrenceAt: Date, delivery: ReminderDelivery, at: () => Date): Promise<'sent' | 'recovered' | 'failed'> {
    const o = this.options;
    const { message, addresses } = await o.prepare(meeting, occurrenceAt, delivery);
    const errors: string[] = [];
    if (delivery.attempts > 1 && o.chat.findSent) {
      // Taken over: the previous sender may have sent it before dying. Nothing can have been
      // sent before the reminder fell due (a minute's margin for clocks).
      const since = new Date(occurrenceAt.getTime() - delivery.offsetMinutes * 60_000 - 60_000);
      for (const { address, platform } of [...addresses]) {
        try {
          if (await o.chat.findSent(address, delivery.id, since)) {
            await o.reminders.markSent(delivery.id, platform, at());
            o.log?.('reminder already delivered before a restart: not sent again', { reminder: delivery.id, platform });
            return 'recovered';
          }
        } catch (error) {
          // Unknown whether it went out there: try that platform again later rather than risk a repeat.
          errors.push(`${platform}: ${error instanceof Error ? error.message : String(error)}`);
          addresses.splice(addresses.findIndex((a) => a.address === address), 1);
        }
      }
    }
    for (const { address, platform } of addresses) {
      try {
        await o.chat.send(address, message, { deliveryKey: delivery.id });
        await o.reminders.markSent(delivery.id, platform, at());
        return 'sent';
      } catch (error) {
        errors.push(`${platform}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const reason = errors.length ? errors.join('; ') : 'no address to reach the member';
    const final = errors.length === 0 || delivery.attempts >= (o.maxAttempts ?? 5);
    await o.reminders.markFailed(delivery.id, reason, final, at());
    o.log?.('reminder failed', { reminder: delivery.id, final, reason });
    return 'failed';
  }
}

async function runPool(tasks: (() => Promise<void>)[], size: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, worker));
}
