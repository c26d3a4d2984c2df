// The inbound measurement shared by the Slack and Teams scenarios: idle memory, a warm-up,
// then a closed-loop load of signed or plain platform requests, the ack latencies, the
// throughput, the time until every reply reached the fake platform API, and peak memory.
// Rows put the bot next to a bare-framework baseline measured the same way in the same run.
import type { Child } from './child';
import { cpuMs, procMb, sampleRss } from './child';
import { LoadClient, percentile, reached, sleep, type LoadRequest, type LoadResult } from './load';
import type { BenchRow } from './types';

export interface InboundTarget {
  child: Child;
  /** Replies the fake platform API has received from this process so far. */
  delivered(): number;
  /** Date.now() when the n-th reply (1-based) was received, when the fake records it. */
  deliveredAt?(n: number): number | undefined;
}

export interface InboundLoad {
  warmup: number;
  count: number;
  concurrency: number;
  build(i: number, phase: 'warmup' | 'load'): LoadRequest;
}

export interface InboundFigures {
  ackP50: number;
  ackP99: number;
  eventsPerSecond: number;
  /** Seconds from the first request until the last expected reply was received. */
  drainSeconds: number;
  replies: number;
  expectedReplies: number;
  /** Answers other than 200. */
  failures: number;
  idleMb: number;
  peakMb: number;
  /** CPU time (user + system) the process used per event, from the first request until every reply was sent. */
  cpuMsPerEvent: number;
}

function failuresOf(result: LoadResult): number {
  return Object.entries(result.statuses).reduce((n, [status, count]) => (status === '200' ? n : n + count), 0);
}

export async function measureInbound(target: InboundTarget, load: InboundLoad, log: (m: string) => void): Promise<InboundFigures> {
  const { child } = target;
  await sleep(2000);
  const idleMb = procMb(child.pid, 'VmRSS');
  const client = new LoadClient(child.url, load.concurrency);
  try {
    const beforeWarmup = target.delivered();
    const warm = await client.run(load.warmup, (i) => load.build(i, 'warmup'));
    if (failuresOf(warm) > 0) throw new Error(`warm-up answers ${JSON.stringify(warm.statuses)}:\n${child.output()}`);
    await reached(() => target.delivered() - beforeWarmup, load.warmup, 60_000, 'warm-up replies');
    await sleep(500);
    const perEvent = Math.max(1, Math.round((target.delivered() - beforeWarmup) / load.warmup));

    const mark = target.delivered();
    const rss = sampleRss(child.pid);
    const cpuBefore = cpuMs(child.pid);
    const ownBefore = process.cpuUsage();
    const result = await client.run(load.count, (i) => load.build(i, 'load'));
    const expectedReplies = load.count * perEvent;
    const seen = await reached(() => target.delivered() - mark, expectedReplies, 120_000, 'replies').catch((error: Error) => {
      log(`${error.message}; the last lines it printed:\n${child.output().trim().split('\n').slice(-5).join('\n')}`);
      return undefined;
    });
    const cpu = cpuMs(child.pid) - cpuBefore;
    const own = process.cpuUsage(ownBefore);
    log(`    CPU per event: ${(cpu / load.count).toFixed(2)} ms in the process measured, ${((own.user + own.system) / 1000 / load.count).toFixed(2)} ms in this one (load, fake API)`);
    const peakMb = rss.stop();
    await sleep(300);
    const lastAt = seen === undefined ? NaN : (target.deliveredAt?.(mark + expectedReplies) ?? seen);
    const failures = failuresOf(result);
    if (failures > 0) log(`answers: ${JSON.stringify(result.statuses)}`);
    return {
      ackP50: percentile(result.latencies, 50),
      ackP99: percentile(result.latencies, 99),
      eventsPerSecond: load.count / (result.elapsedMs / 1000),
      drainSeconds: (lastAt - result.startedAt) / 1000,
      replies: target.delivered() - mark,
      expectedReplies,
      failures,
      idleMb,
      peakMb,
      cpuMsPerEvent: cpu / load.count,
    };
  } finally {
    await client.close();
  }
}

/** Issue #17's targets: the bot's overhead over the bare framework, measured in the same run. */
const TARGET = { cpu: 2.0, throughput: 2.0, ackP99: 1.5 } as const;
const times = (n: number) => `≤ ${n.toFixed(1)}×`;

/**
 * How many baseline-then-bot pairs an inbound row is the median of. On this kind of machine one
 * pair's ack p99 ratio moves by ±0.3× from run to run (the baseline's as much as the bot's), so a
 * single pair says little about a target of 1.5×; BENCH_QUICK runs one.
 */
export function pairsOf(ctx: { quick: boolean }): number {
  return ctx.quick ? 1 : 3;
}

/** Measures `pairs` baseline-then-bot pairs, each pair back to back so both see the same machine. */
export async function measurePairs<T>(pairs: number, log: (m: string) => void, base: () => Promise<InboundFigures>, bot: (pair: number) => Promise<T>): Promise<{ bases: InboundFigures[]; bots: T[] }> {
  const bases: InboundFigures[] = [];
  const bots: T[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    if (pairs > 1) log(` pair ${pair + 1} of ${pairs}`);
    bases.push(await base());
    bots.push(await bot(pair));
  }
  return { bases, bots };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * The rows of one inbound scenario: the bot's figures next to the baseline's, each the median
 * over the pairs (value, baseline, and the ratio: the median of the pairs' own ratios). A ratio
 * row names every pair's ratio when there are several.
 */
export function inboundRows(scenario: string, bots: InboundFigures[], bases: InboundFigures[], baseline: string): BenchRow[] {
  const pairs = bots.map((bot, i) => ({ bot, base: bases[i] }));
  const vs = (value: number) => ({ name: baseline, value });
  const ratioOf = (a: number, b: number) => (b > 0 ? a / b : undefined);
  /** One figure over the pairs; `slower` says which way a ratio above 1 is worse for the bot. */
  const figure = (label: string, unit: string, of: (f: InboundFigures) => number, slower: 'bot ÷ baseline' | 'baseline ÷ bot' | undefined, target?: number): BenchRow => {
    const ratios = slower === undefined ? [] : pairs.map(({ bot, base }) => (slower === 'bot ÷ baseline' ? ratioOf(of(bot), of(base)) : ratioOf(of(base), of(bot))));
    const known = ratios.filter((r): r is number => r !== undefined && Number.isFinite(r));
    const ratio = known.length === ratios.length && known.length > 0 ? median(known) : undefined;
    const each = pairs.length > 1 && known.length > 1 ? `; the ${pairs.length} pairs: ${known.map((r) => `${r.toFixed(2)}×`).join(', ')}` : '';
    const name = slower === undefined ? label : `${label} (ratio ${slower}${pairs.length > 1 ? `, median of ${pairs.length} pairs` : ''}${each})`;
    const row: BenchRow = { scenario, figure: name, value: median(bots.map(of)), unit, baseline: vs(median(bases.map(of))), ratio };
    return target === undefined ? row : { ...row, target: times(target), met: ratio !== undefined && ratio <= target };
  };
  const expected = median(bots.map((b) => b.expectedReplies));
  const rows: BenchRow[] = [
    figure('ack p50', 'ms', (f) => f.ackP50, 'bot ÷ baseline'),
    figure('ack p99', 'ms', (f) => f.ackP99, 'bot ÷ baseline', TARGET.ackP99),
    figure('throughput', 'events/s', (f) => f.eventsPerSecond, 'baseline ÷ bot', TARGET.throughput),
    figure(`all ${expected} replies delivered, from first request`, 's', (f) => f.drainSeconds, 'bot ÷ baseline'),
    figure('replies delivered', 'count', (f) => f.replies, undefined),
    figure('CPU time per event', 'ms', (f) => f.cpuMsPerEvent, 'bot ÷ baseline', TARGET.cpu),
    { ...figure('RSS idle, after start', 'MB', (f) => f.idleMb, 'bot ÷ baseline'), target: '< 150 MB', met: bots.every((b) => b.idleMb < 150) },
    figure('RSS peak during the load', 'MB', (f) => f.peakMb, 'bot ÷ baseline'),
  ];
  const failures = (figures: InboundFigures[]) => figures.reduce((n, f) => n + f.failures, 0);
  if (failures(bots) > 0 || failures(bases) > 0) rows.push({ scenario, figure: 'answers other than 200, over all pairs', value: failures(bots), unit: 'count', baseline: vs(failures(bases)) });
  return rows;
}

/** "SQLite" or "PostgreSQL", for scenario names. */
export function providerName(provider: 'sqlite' | 'postgresql'): string {
  return provider === 'sqlite' ? 'SQLite' : 'PostgreSQL';
}
