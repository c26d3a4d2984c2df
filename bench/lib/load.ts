// A closed-loop HTTP load: a fixed number of requests, `concurrency` workers each sending
// the next one as soon as its previous answer is read, over an undici Pool with one
// keep-alive connection per worker. Each request is built (and signed) just before it goes.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadResult {
  /** Time from sending each request to having its whole answer, in ms, sorted. */
  latencies: number[];
  /** Date.now() when the first request went. */
  startedAt: number;
  /** From the first request sent to the last answer read, in ms. */
  elapsedMs: number;
  /** Answers by HTTP status; a refused connection counts under 0. */
  statuses: Record<number, number>;
}

/** A pool of `concurrency` keep-alive connections to one origin, kept from the warm-up to the load. */
export class LoadClient {
  private readonly pool: Pool;

  constructor(private readonly origin: string, readonly concurrency: number) {
    this.pool = new Pool(origin, { connections: concurrency, pipelining: 1, headersTimeout: 60_000, bodyTimeout: 60_000 });
  }

  /** Sends `count` requests, `concurrency` at a time, each built just before it goes. */
  async run(count: number, build: (i: number) => LoadRequest): Promise<LoadResult> {
    const latencies: number[] = [];
    const statuses: Record<number, number> = {};
    let next = 0;
    const startedAt = Date.now();
    const t0 = performance.now();
    const worker = async () => {
      for (let i = next++; i < count; i = next++) {
        const { path, headers, body } = build(i);
        const sent = performance.now();
        let status: number;
        try {
          const res = await this.pool.request({ origin: this.origin, path, method: 'POST', headers, body });
          await res.body.text();
          status = res.statusCode;
        } catch {
          status = 0;
        }
        latencies.push(performance.now() - sent);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    const elapsedMs = performance.now() - t0;
    latencies.sort((a, b) => a - b);
    return { latencies, startedAt, elapsedMs, statuses };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The p-th percentile (0-100) of sorted values, nearest rank. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Resolves with Date.now() once `count()` reaches `target` (polled every 5 ms); rejects after `timeoutMs`. */
export async function reached(count: () => number, target: number, timeoutMs: number, what: string): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (count() >= target) return Date.now();
    if (Date.now() > deadline) throw new Error(`${what}: ${count()} of ${target} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
