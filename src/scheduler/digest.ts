// The scheduled digest: the latest DIGEST_CRON slot's period is claimed in DigestRun before
// anything is sent, so one replica sends it once; at start a slot missed while the bot was
// down is sent, once. Goes to the secretariat's channels, or without any to its members directly.
import type { Clock } from '../core/clock';
import type { Coalition } from '../core/coalition/coalition';
import { previousSlot } from '../core/schedules/cron';
import type { Digest } from '../core/digest/digest';
import type { DigestRuns } from '../core/digest/digest-ports';
import type { Period } from '../core/digest/period';
import { notificationAddress } from '../core/membership/notification-address';
import type { OutgoingMessage } from '../core/messages';
import type { ChatPort, Repositories } from '../core/ports';
import { translator } from '../conversation/catalog/catalog';
import { digestMessage } from '../conversation/digest/digest-message';
import type { Logger } from '../logger';

export type DigestOutcome = { status: 'sent'; periodKey: string; delivered: number } | { status: 'already' | 'skipped'; periodKey: string } | { status: 'no-slot' };

export interface DigestJobDeps {
  runs: DigestRuns;
  repositories: Repositories;
  digest(period: Period, now: Date): Promise<Digest>;
  chat: ChatPort;
  coalition: Coalition;
  /** The secretariat's channel addresses (filled in by the adapters at start). */
  channels: readonly string[];
  cron: string;
  timeZone: string;
  clock: Clock;
  log: Logger;
}

export class DigestJob {
  constructor(private readonly deps: DigestJobDeps) {}

  get cron(): string {
    return this.deps.cron;
  }

  private slot(now: Date): { periodKey: string; period: Period } | null {
    const days = this.deps.coalition.digest.periodDays;
    const at = previousSlot(this.deps.cron, this.deps.timeZone, now, Math.max(days, 31));
    if (!at) return null;
    return { periodKey: `digest:${at.toISOString()}`, period: { start: new Date(at.getTime() - days * 24 * 3600_000), end: at } };
  }

  /** Sends the latest slot's digest unless some replica has claimed it already. */
  async run(): Promise<DigestOutcome> {
    const now = this.deps.clock.now();
    const slot = this.slot(now);
    if (!slot) return { status: 'no-slot' };
    if (!(await this.deps.runs.claim(slot.periodKey, slot.period, now))) return { status: 'already', periodKey: slot.periodKey };
    let message: OutgoingMessage;
    try {
      message = await this.message(slot.period, now);
    } catch (error) {
      // Nothing was sent: give the period back so the next run (or start) can send it.
      await this.deps.runs.release(slot.periodKey).catch(() => undefined);
      throw error;
    }
    const delivered = await this.send(message);
    await this.deps.runs.markSent(slot.periodKey, this.deps.clock.now());
    this.deps.log.info({ periodKey: slot.periodKey, delivered }, 'digest sent');
    return { status: 'sent', periodKey: slot.periodKey, delivered };
  }

  /**
   * At start: a slot missed while the bot was down is sent now. The very first start only
   * records the latest slot as skipped, so a new installation does not open with an old digest.
   */
  async catchUp(): Promise<DigestOutcome> {
    if (await this.deps.runs.any()) return this.run();
    const now = this.deps.clock.now();
    const slot = this.slot(now);
    if (!slot) return { status: 'no-slot' };
    await this.deps.runs.claim(slot.periodKey, slot.period, now, 'skipped');
    return { status: 'skipped', periodKey: slot.periodKey };
  }

  private async addresses(): Promise<string[]> {
    if (this.deps.channels.length) return [...this.deps.channels];
    const { members, roles } = this.deps.repositories;
    const addresses = new Set<string>();
    for (const holder of await roles.holders('secretariat')) {
      const member = await members.get(holder.memberId);
      const address = member && notificationAddress(member, await members.identities(member.id));
      if (address) addresses.add(address);
    }
    return [...addresses];
  }

  private async message(period: Period, now: Date): Promise<OutgoingMessage> {
    const { coalition } = this.deps;
    return digestMessage(await this.deps.digest(period, now), coalition, this.deps.timeZone, translator(coalition.defaultLocale));
  }

  private async send(message: OutgoingMessage): Promise<number> {
    let delivered = 0;
    for (const address of await this.addresses()) {
      try {
        await this.deps.chat.send(address, message);
        delivered++;
      } catch (error) {
        this.deps.log.warn({ err: error, address }, 'digest not delivered to one address');
      }
    }
    return delivered;
  }
}
