// Teams' documented bot limits, honoured before sending (7 messages a second per
// conversation, 50 requests a second per app and tenant), and the connector's answers
// after: 429 is retried with exponential backoff and jitter (Retry-After wins when given),
// 403 means the bot was removed or blocked and is never retried.
import { BotError } from '../../src/core/errors';

export interface RateLimitOptions {
  perConversation: { limit: number; windowMs: number };
  perTenant: { limit: number; windowMs: number };
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

// botbuilder's HTTP pipeline (core-rest-pipeline) already retries each call up to 3 times
// (Retry-After honoured, exponential with jitter otherwise); these attempts wrap it, so one
// message costs at most 4 x maxAttempts connector calls before it is given up.
export const TEAMS_LIMITS: RateLimitOptions = {
  perConversation: { limit: 7, windowMs: 1000 },
  perTenant: { limit: 50, windowMs: 1000 },
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Keys kept before idle ones are swept. */
const SWEEP_ABOVE = 1000;

/** A sliding window per key: at most `limit` starts within any `windowMs`. */
export class SlidingWindow {
  private readonly starts = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when the caller may start; callers of one key go in arrival order. */
  acquire(key: string): Promise<void> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const turn = previous.then(() => this.take(key));
    const tail = turn.catch(() => undefined);
    this.queues.set(key, tail);
    // Clean-up once this turn ends; `tail` never rejects, so nothing waits for it.
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return turn;
  }

  private async take(key: string): Promise<void> {
    if (this.starts.size > SWEEP_ABOVE) this.sweep();
    for (;;) {
      const now = this.now();
      const recent = (this.starts.get(key) ?? []).filter((t) => t > now - this.windowMs);
      if (recent.length < this.limit) {
        recent.push(now);
        this.starts.set(key, recent);
        return;
      }
      this.starts.set(key, recent);
      await this.sleep(recent[0] + this.windowMs - now + 1);
    }
  }

  /** Forgets keys with no start inside the window, so idle conversations cost no memory. */
  private sweep(): void {
    const since = this.now() - this.windowMs;
    for (const [key, starts] of this.starts) if (starts.every((t) => t <= since)) this.starts.delete(key);
  }
}

export interface ConnectorFailure {
  status?: number;
  retryAfterMs?: number;
}

/** Reads the HTTP status and Retry-After of an error thrown by the Bot Framework connector. */
export function connectorFailure(error: unknown): ConnectorFailure {
  const e = error as { statusCode?: number; status?: number; response?: { status?: number; headers?: { get?: (n: string) => string | undefined | null } & Record<string, unknown> } };
  const status = e?.statusCode ?? e?.response?.status ?? (typeof e?.status === 'number' ? e.status : undefined);
  const headers = e?.response?.headers;
  const raw = headers ? (typeof headers.get === 'function' ? headers.get('retry-after') : (headers['retry-after'] as string | undefined)) : undefined;
  return { status, retryAfterMs: parseRetryAfter(raw ?? undefined) };
}

/** Retry-After in seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Delay before attempt `attempt + 1` (attempt counts from 1): full jitter over an exponential cap. */
export function backoffDelay(attempt: number, options: Pick<RateLimitOptions, 'baseDelayMs' | 'maxDelayMs'>, random: () => number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxDelayMs) + Math.floor(random() * 100);
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(cap / 2 + random() * (cap / 2));
}

export class TeamsSendLimiter {
  private readonly conversations: SlidingWindow;
  private readonly tenants: SlidingWindow;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: RateLimitOptions = TEAMS_LIMITS) {
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    const now = options.now ?? Date.now;
    this.conversations = new SlidingWindow(options.perConversation.limit, options.perConversation.windowMs, this.sleep, now);
    this.tenants = new SlidingWindow(options.perTenant.limit, options.perTenant.windowMs, this.sleep, now);
  }

  /**
   * Runs one connector call within the limits. 429 and 5xx are retried up to maxAttempts;
   * 403 becomes PLATFORM.UNREACHABLE, the rest PLATFORM.FAILED (or RATE_LIMITED when retries ran out).
   */
  async run<T>(keys: { conversation: string; tenant: string }, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.tenants.acquire(keys.tenant);
      await this.conversations.acquire(keys.conversation);
      try {
        return await call();
      } catch (error) {
        const failure = connectorFailure(error);
        if (failure.status === 403) throw new BotError('PLATFORM.UNREACHABLE', 'Teams refused the message (403): the bot was removed or blocked', { status: 403 }, { cause: error });
        const retryable = failure.status === 429 || (failure.status !== undefined && failure.status >= 500);
        if (!retryable) throw new BotError('PLATFORM.FAILED', `Teams connector call failed (${failure.status ?? 'no status'})`, { status: failure.status ?? 0 }, { cause: error });
        if (attempt >= this.options.maxAttempts) {
          throw new BotError(failure.status === 429 ? 'PLATFORM.RATE_LIMITED' : 'PLATFORM.FAILED', `Teams connector still answered ${failure.status} after ${attempt} attempts`, { status: failure.status ?? 0, attempts: attempt }, { cause: error });
        }
        await this.sleep(backoffDelay(attempt, this.options, this.random, failure.retryAfterMs));
      }
    }
  }
}
