// Emails a platform can look up but not vouch for (Teams' roster), asked after a turn is
// answered so that no answer waits on the platform: at most once every ASK_EVERY_MS per
// identity (a roster without an email is not asked on every message), one at a time, each
// once no turn is being answered or MAX_WAIT_MS after it was asked (members' answers first),
// and stored into empty fields only. `settled()` waits for them before the database closes.
import type { Clock } from '../core/clock';
import type { Identity, MemberRepository } from '../core/ports';

/** A lookup that found nothing (or failed) is tried again after this long. */
export const ASK_EVERY_MS = 10 * 60_000;
/** Identities remembered as asked; the oldest are forgotten first. */
const MAX_REMEMBERED = 10_000;
/** Lookups waiting their turn, asked one at a time so a burst of newcomers does not slow the answers. */
const MAX_QUEUED = 1_000;
/** A lookup waits for a moment without turns in flight at most this long. */
export const MAX_WAIT_MS = 2_000;
const IDLE_POLL_MS = 20;

export class EmailLookups {
  private readonly asked = new Map<string, number>();
  private readonly queue: { at: number; run: () => Promise<void> }[] = [];
  private drain?: Promise<void>;

  constructor(
    private readonly members: Pick<MemberRepository, 'addUnverifiedEmail'>,
    private readonly clock: Clock,
    private readonly failed: (error: unknown) => void = () => {},
    /** True while turns are being answered. */
    private readonly busy: () => boolean = () => false,
  ) {}

  /** Asks `lookup` for this identity's email unless it was asked within ASK_EVERY_MS; returns at once. */
  ask(identity: Pick<Identity, 'id' | 'platform' | 'externalId'>, lookup: () => Promise<string | undefined>): void {
    const key = `${identity.platform}:${identity.externalId}`;
    const now = this.clock.now().getTime();
    const last = this.asked.get(key);
    if (last !== undefined && now - last < ASK_EVERY_MS) return;
    this.asked.delete(key);
    this.asked.set(key, now);
    if (this.asked.size > MAX_REMEMBERED) this.asked.delete(this.asked.keys().next().value!);
    if (this.queue.length >= MAX_QUEUED) {
      // Too many waiting: this identity is asked at a later turn.
      this.asked.delete(key);
      return;
    }
    this.queue.push({
      at: performance.now(),
      run: async () => {
        const email = await lookup();
        if (email) await this.members.addUnverifiedEmail(identity.id, email);
      },
    });
    this.drain ??= this.run().finally(() => (this.drain = undefined));
  }

  /** One lookup at a time, each after the turns' own work queued before it (their replies), and once they are answered. */
  private async run(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.busy() && performance.now() - next.at < MAX_WAIT_MS) await new Promise<void>((resolve) => setTimeout(resolve, IDLE_POLL_MS));
      await next.run().catch((error: unknown) => this.failed(error));
    }
  }

  /** Resolves once every lookup asked so far is done (stored, or its failure reported). */
  async settled(): Promise<void> {
    while (this.drain) await this.drain;
  }
}
