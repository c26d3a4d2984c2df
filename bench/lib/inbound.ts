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

/** The rows of one inbound run: the bot's figures next to the baseline's. */
export function inboundRows(scenario: string, bot: InboundFigures, base: InboundFigures, baseline: string): BenchRow[] {
  const vs = (value: number) => ({ name: baseline, value });
  const slower = (a: number, b: number) => (b > 0 ? a / b : undefined);
  const rows: BenchRow[] = [
    { scenario, figure: 'ack p50', value: bot.ackP50, unit: 'ms', baseline: vs(base.ackP50), ratio: slower(bot.ackP50, base.ackP50) },
    (() => {
      const ratio = slower(bot.ackP99, base.ackP99);
      return { scenario, figure: 'ack p99 (ratio bot ÷ baseline)', value: bot.ackP99, unit: 'ms', baseline: vs(base.ackP99), ratio, target: times(TARGET.ackP99), met: ratio !== undefined && ratio <= TARGET.ackP99 };
    })(),
    (() => {
      const ratio = slower(base.eventsPerSecond, bot.eventsPerSecond);
      return { scenario, figure: 'throughput (ratio baseline ÷ bot)', value: bot.eventsPerSecond, unit: 'events/s', baseline: vs(base.eventsPerSecond), ratio, target: times(TARGET.throughput), met: ratio !== undefined && ratio <= TARGET.throughput };
    })(),
    (() => {
      const ratio = slower(bot.drainSeconds, base.drainSeconds);
      return {
        scenario,
        figure: `all ${bot.expectedReplies} replies delivered, from first request (ratio bot ÷ baseline)`,
        value: bot.drainSeconds,
        unit: 's',
        baseline: vs(base.drainSeconds),
        ratio,
      };
    })(),
    { scenario, figure: 'replies delivered', value: bot.replies, unit: 'count', baseline: vs(base.replies) },
    (() => {
      const ratio = slower(bot.cpuMsPerEvent, base.cpuMsPerEvent);
      return { scenario, figure: 'CPU time per event (ratio bot ÷ baseline)', value: bot.cpuMsPerEvent, unit: 'ms', baseline: vs(base.cpuMsPerEvent), ratio, target: times(TARGET.cpu), met: ratio !== undefined && ratio <= TARGET.cpu };
    })(),
    { scenario, figure: 'RSS idle, after start', value: bot.idleMb, unit: 'MB', baseline: vs(base.idleMb), ratio: slower(bot.idleMb, base.idleMb), target: '< 150 MB', met: bot.idleMb < 150 },
    { scenario, figure: 'RSS peak during the load', value: bot.peakMb, unit: 'MB', baseline: vs(base.peakMb), ratio: slower(bot.peakMb, base.peakMb) },
  ];
  if (bot.failures > 0 || base.failures > 0) rows.push({ scenario, figure: 'answers other than 200', value: bot.failures, unit: 'count', baseline: vs(base.failures) });
  return rows;
}

/** "SQLite" or "PostgreSQL", for scenario names. */
export function providerName(provider: 'sqlite' | 'postgresql'): string {
  return provider === 'sqlite' ? 'SQLite' : 'PostgreSQL';
}
