// How many messages one person may send in a minute, on every platform. A message over the
// limit does no work (no identification, no flow, no database); the first one in a window is
// answered with one polite notice, the rest with silence until the window passes.
// Per process: with several replicas a person gets at most this many per replica.

export type RateDecision = 'allowed' | 'notify' | 'silent';

const WINDOW_MS = 60_000;
/** Bounds the memory one burst of distinct identities can take; expired windows go first. */
const MAX_TRACKED = 50_000;

export class RateLimit {
  private readonly windows = new Map<string, { start: number; count: number; notified: boolean }>();

  constructor(private readonly perMinute: number) {}

  /** Counts one message from `identity` at `now`. */
  take(identity: string, now: Date): RateDecision {
    const at = now.getTime();
    let window = this.windows.get(identity);
    if (!window || at - window.start >= WINDOW_MS || at < window.start) {
      if (!window && this.windows.size >= MAX_TRACKED) this.evict(at);
      window = { start: at, count: 0, notified: false };
      this.windows.set(identity, window);
    }
    window.count++;
    if (window.count <= this.perMinute) return 'allowed';
    if (window.notified) return 'silent';
    window.notified = true;
    return 'notify';
  }

  /** Seconds until `identity` may send again (for the notice). */
  secondsLeft(identity: string, now: Date): number {
    const window = this.windows.get(identity);
    return window ? Math.max(1, Math.ceil((window.start + WINDOW_MS - now.getTime()) / 1000)) : 0;
  }

  private evict(at: number): void {
    for (const [key, window] of this.windows) if (at - window.start >= WINDOW_MS) this.windows.delete(key);
    // Still full (a burst of new identities within one minute): the oldest go.
    const excess = this.windows.size - MAX_TRACKED + 1;
    if (excess > 0) for (const key of [...this.windows.keys()].slice(0, excess)) this.windows.delete(key);
  }
}
