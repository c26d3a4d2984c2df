// The Teams send limiter with a fake clock: sleeping advances time, nothing waits for real.
import { isBotError } from '../../src/core/errors';
import { backoffDelay, parseRetryAfter, SlidingWindow, TEAMS_LIMITS, TeamsSendLimiter } from '../../adapters/teams/rate-limit';
import { rejectionOf } from '../support/rejection';

function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

const httpError = (status: number, retryAfter?: string) =>
  Object.assign(new Error(`status ${status}`), { statusCode: status, response: { status, headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } } });

describe('Teams send limiter', () => {
  it('lets 7 messages a second into one conversation and holds the 8th until the window moves', async () => {
    const time = fakeTime();
    const limiter = new TeamsSendLimiter({ ...TEAMS_LIMITS, ...time });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 10 }, () => limiter.run({ conversation: 'c1', tenant: 't' }, async () => starts.push(time.now()))));
    expect(starts.slice(0, 7).every((t) => t === 0)).toBe(true);
    for (let i = 0; i + 7 < starts.length; i++) expect(starts[i + 7] - starts[i]).toBeGreaterThanOrEqual(1000);
    // another conversation is not held back by the first
    const other = fakeTime();
    const second = new TeamsSendLimiter({ ...TEAMS_LIMITS, ...other });
    await Promise.all(Array.from({ length: 7 }, (_, i) => second.run({ conversation: `c${i}`, tenant: 't' }, async () => undefined)));
    expect(other.sleeps).toEqual([]);
  });

  it('holds a tenant to 50 requests a second across its conversations', async () => {
    const time = fakeTime();
    const limiter = new TeamsSendLimiter({ ...TEAMS_LIMITS, ...time });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 55 }, (_, i) => limiter.run({ conversation: `c${i}`, tenant: 't' }, async () => starts.push(time.now()))));
    // Never more than 50 starts within any second, and the 51st had to wait for the window.
    expect(starts).toHaveLength(55);
    for (let i = 0; i + 50 < starts.length; i++) expect(starts[i + 50] - starts[i]).toBeGreaterThanOrEqual(1000);
    expect(starts.filter((t) => t === 0).length).toBeGreaterThanOrEqual(40);
  });

  it('retries 429 honouring Retry-After, then succeeds', async () => {
    const time = fakeTime();
    const limiter = new TeamsSendLimiter({ ...TEAMS_LIMITS, ...time, random: () => 0 });
    let calls = 0;
    const result = await limiter.run({ conversation: 'c', tenant: 't' }, async () => {
      calls++;
      if (calls === 1) throw httpError(429, '3');
      return 'sent';
    });
    expect([result, calls]).toEqual(['sent', 2]);
    expect(time.sleeps).toEqual([3000]);
  });

  it('gives up with PLATFORM.RATE_LIMITED after maxAttempts, backing off exponentially', async () => {
    const time = fakeTime();
    const limiter = new TeamsSendLimiter({ ...TEAMS_LIMITS, ...time, random: () => 0.999, maxAttempts: 4 });
    let calls = 0;
    const error = await rejectionOf(limiter.run({ conversation: 'c', tenant: 't' }, async () => {
      calls++;
      throw httpError(429);
    }));
    expect(isBotError(error, 'PLATFORM.RATE_LIMITED')).toBe(true);
    expect(calls).toBe(4);
    expect(time.sleeps).toHaveLength(3);
    expect(time.sleeps[1]).toBeGreaterThan(time.sleeps[0]);
    expect(time.sleeps[2]).toBeGreaterThan(time.sleeps[1]);
  });

  it('never retries 403 (PLATFORM.UNREACHABLE) or other 4xx (PLATFORM.FAILED)', async () => {
    const limiter = new TeamsSendLimiter({ ...TEAMS_LIMITS, ...fakeTime() });
    let calls = 0;
    const forbidden = await rejectionOf(limiter.run({ conversation: 'c', tenant: 't' }, async () => (calls++, Promise.reject(httpError(403)))));
    expect(isBotError(forbidden, 'PLATFORM.UNREACHABLE')).toBe(true);
    const bad = await rejectionOf(limiter.run({ conversation: 'c', tenant: 't' }, async () => (calls++, Promise.reject(httpError(400)))));
    expect(isBotError(bad, 'PLATFORM.FAILED')).toBe(true);
    expect(calls).toBe(2);
  });

  it('forgets idle conversations once many were seen', async () => {
    const time = fakeTime();
    const window = new SlidingWindow(7, 1000, time.sleep, time.now);
    for (let i = 0; i < 1001; i++) await window.acquire(`c${i}`);
    const size = () => (window as unknown as { starts: Map<string, number[]> }).starts.size;
    expect(size()).toBe(1001);
    await time.sleep(5000);
    await window.acquire('fresh');
    expect(size()).toBe(1);
  });

  it('reads Retry-After as seconds or an HTTP date, and bounds jittered backoff', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    for (const r of [0, 0.5, 0.999]) {
      const d = backoffDelay(10, TEAMS_LIMITS, () => r);
      expect(d).toBeGreaterThanOrEqual(TEAMS_LIMITS.maxDelayMs / 2);
      expect(d).toBeLessThanOrEqual(TEAMS_LIMITS.maxDelayMs);
    }
    expect(backoffDelay(1, TEAMS_LIMITS, () => 0, 120_000)).toBe(TEAMS_LIMITS.maxDelayMs);
  });
});
