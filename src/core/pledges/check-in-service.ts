// Yearly progress check-ins: one interval after submission (and every interval after) the
// owner of an active pledge is asked; an unanswered check-in is asked again after
// `reaskAfterDays`. Each ask is claimed in the database before it is sent, so two ticks
// (or two replicas) never ask twice.
import type { OutgoingMessage } from '../messages';
import type { ChatPort } from '../ports';
import type { Pledge, PledgeCheckIn, PledgeRepository } from './pledge-ports';
import { firstCheckInAt } from './pledge-rules';

export interface CheckInServiceDeps {
  pledges: PledgeRepository;
  chat: ChatPort;
  intervalMonths: number;
  reaskAfterDays: number;
  /** Where the member is reached (null: nowhere). */
  addressOf(memberId: string): Promise<string | null>;
  compose(pledge: Pledge, checkIn: PledgeCheckIn, again: boolean): Promise<OutgoingMessage>;
  log?(event: string, data: Record<string, unknown>): void;
}

export interface CheckInTick {
  asked: number;
  reasked: number;
  failed: number;
}

export class PledgeCheckInService {
  constructor(private readonly deps: CheckInServiceDeps) {}

  async tick(now: Date): Promise<CheckInTick> {
    const result: CheckInTick = { asked: 0, reasked: 0, failed: 0 };
    for (const pledge of await this.deps.pledges.dueForCheckIn(now)) {
      const due = pledge.nextCheckInAt!;
      let next = firstCheckInAt(due, this.deps.intervalMonths);
      while (next <= now) next = firstCheckInAt(next, this.deps.intervalMonths); // a bot down for over a year asks once
      const checkIn = await this.deps.pledges.openCheckIn(pledge.id, due, next, now);
      if (!checkIn) continue;
      if (await this.send(pledge, checkIn, false)) result.asked++;
      else result.failed++;
    }
    const before = new Date(now.getTime() - this.deps.reaskAfterDays * 86_400_000);
    for (const checkIn of await this.deps.pledges.unansweredAskedBefore(before)) {
      if (!(await this.deps.pledges.reask(checkIn.id, checkIn.askedAt, now))) continue;
      const pledge = await this.deps.pledges.get(checkIn.pledgeId);
      if (pledge && (await this.send(pledge, checkIn, true))) result.reasked++;
      else result.failed++;
    }
    return result;
  }

  private async send(pledge: Pledge, checkIn: PledgeCheckIn, again: boolean): Promise<boolean> {
    const address = pledge.memberId ? await this.deps.addressOf(pledge.memberId) : null;
    if (!address) {
      this.deps.log?.('pledge check-in: owner unreachable', { pledge: pledge.id, year: checkIn.year });
      return false;
    }
    try {
      await this.deps.chat.send(address, await this.deps.compose(pledge, checkIn, again));
      return true;
    } catch (error) {
      // The check-in stays open: it is asked again after reaskAfterDays.
      this.deps.log?.('pledge check-in: send failed', { pledge: pledge.id, year: checkIn.year, error: String(error) });
      return false;
    }
  }
}
