// The scheduled digest: the latest DIGEST_CRON slot's period is claimed in DigestRun before
// anything is sent, so one replica sends it once; at start a slot missed while the bot was
// down is sent, once. Goes to the secretariat's channels, or without any to its members directly.
import type { Clock } from '../core/clock';
import { coalitionIn, type Coalition } from '../core/coalition/coalition';
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
    let message: (locale: string) => OutgoingMessage;
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

  /** Each address with the locale its reader reads: a channel the coalition's default, a member theirs. */
  private async addresses(): Promise<Map<string, string>> {
    const { coalition } = this.deps;
    if (this.deps.channels.length) return new Map(this.deps.channels.map((channel) => [channel, coalition.defaultLocale]));
    const { members, roles } = this.deps.repositories;
    const addresses = new Map<string, string>();
    for (const holder of await roles.holders('secretariat')) {
      const member = await members.get(holder.memberId);
      const address = member && notificationAddress(member, await members.identities(member.id));
      if (address && !addresses.has(address)) addresses.set(address, member.locale);
    }
    return addresses;
  }

  /** The period's figures, read once; the message written per reader's locale (once per locale). */
  private async message(period: Period, now: Date): Promise<(locale: string) => OutgoingMessage> {
    const { coalition } = this.deps;
    const digest = await this.deps.digest(period, now);
    const written = new Map<string, OutgoingMessage>();
    return (locale) => {
      let message = written.get(locale);
      if (!message) written.set(locale, (message = { ...digestMessage(digest, coalitionIn(coalition, locale), this.deps.timeZone, translator(locale), locale), locale }));
      return message;
    };
  }

  private async send(message: (locale: string) => OutgoingMessage): Promise<number> {
    let delivered = 0;
    for (const [address, locale] of await this.addresses()) {
      try {
        await this.deps.chat.send(address, message(locale));
        delivered++;
      } catch (error) {
        this.deps.log.warn({ err: error, address }, 'digest not delivered to one address');
      }
    }
    return delivered;
  }
}
