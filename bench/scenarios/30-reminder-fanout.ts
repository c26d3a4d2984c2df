// Reminder fan-out: one meeting in a working group of 10,000 members (half in Slack, half in
// Teams), its reminder due now, sent by the real bot (node dist/src/main.js) to the fake
// Slack Web API and the fake Bot Framework connector, both enforcing a rate limit. Teams runs
// as in production next to Slack: with an app id, its outbound tokens from a loopback Bot
// Framework issuer, which the fake connector checks. Measured:
// time from the tick to the last delivery against the rate-limit floor, duplicates, 429s, the
// bot's peak RSS; then the same load on a fresh database with the bot killed (SIGKILL) halfway
// and restarted: every member exactly once, and how long it took.
// BENCH_SLACK_RATE (200/s), BENCH_TEAMS_RATE (100/s): the fakes' limits; BENCH_TEAMS_TENANTS (2):
// the bot limits itself to 50/s per tenant, so the Teams floor uses the lower of the two;
// BENCH_FANOUT_MEMBERS (10,000); BENCH_FANOUT_KILL_ON=sqlite|postgresql: the SIGKILL run on one only.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { freePort } from '../../test/support/bot-process';
import { join } from 'node:path';
import { encodeTeamsAddress } from '../../adapters/teams/address';
import { TEAMS_LIMITS } from '../../adapters/teams/rate-limit';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { openDatabase } from '../../src/db/open-database';
import { BotFrameworkIssuer } from '../../test/support/bot-framework-issuer';
import { FakeConnector } from '../../test/support/fake-connector';
import { FakeSlack } from '../../test/support/fake-slack';
import { ratioRow, type BenchContext, type BenchDatabase, type BenchRow, type Scenario } from '../lib/types';

const SLACK_RATE = Number(process.env.BENCH_SLACK_RATE ?? 200);
const TEAMS_RATE = Number(process.env.BENCH_TEAMS_RATE ?? 100);
/** Teams members are spread over this many tenants (the bot's own limit is per tenant). */
const TEAMS_TENANTS = Number(process.env.BENCH_TEAMS_TENANTS ?? 2);
const GROUP = 'access';
const APP_ID = '00000000-0000-0000-0000-0000000fa40f';
/** The Teams members' tenants (Entra tenant ids). */
const tenant = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
const CHUNK = 500;

interface Fakes {
  slack: FakeSlack;
  teams: FakeConnector;
}


/** Members, identities and memberships written in bulk; the meeting's 1-hour reminder is due now. */
async function seed(url: string, members: number, fakes: Fakes): Promise<void> {
  const db = await openDatabase({ url });
  try {
    await db.repositories.coalition.sync(loadCoalitionFile(defaultCoalitionFile));
    const group = await db.prisma.workingGroup.findFirstOrThrow({ where: { key: GROUP } });
    const now = new Date();
    for (let start = 0; start < members; start += CHUNK) {
      const ids = Array.from({ length: Math.min(CHUNK, members - start) }, (_, k) => start + k);
      const rows = ids.map((i) => ({ i, id: randomUUID() }));
      await db.prisma.member.createMany({ data: rows.map(({ i, id }) => ({ id, name: `Member ${i}`, locale: 'en', timeZone: 'Europe/Zurich', createdAt: now })) });
      await db.prisma.identity.createMany({
        data: rows.map(({ i, id }) => {
          if (i % 2 === 0) {
            const user = `U${String(i).padStart(7, '0')}`;
            return { id: randomUUID(), memberId: id, platform: 'slack', externalId: `T0TEST:${user}`, address: `slack:T0TEST:${user}`, lastSeenAt: now };
          }
          const tenantId = tenant(Math.floor(i / 2) % TEAMS_TENANTS);
          const address = encodeTeamsAddress({ conversationId: `a:bench-${i}`, serviceUrl: fakes.teams.url, tenantId, botId: `28:${APP_ID}`, userId: `29:bench-${i}`, conversationType: 'personal', externalId: `${tenantId}:aad-${i}` });
          return { id: randomUUID(), memberId: id, platform: 'teams', externalId: `${tenantId}:aad-${i}`, address, lastSeenAt: now };
        }),
      });
      await db.prisma.membership.createMany({ data: rows.map(({ id }) => ({ id: randomUUID(), memberId: id, groupId: group.id, joinedAt: now })) });
    }
    // Starts on the next whole minute + 1 hour, so the 1-hour reminder fell due a few seconds ago.
    const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const start = new Date(minute.getTime() + 60 * 60_000);
    await db.repositories.meetings.create(
      { group: GROUP, title: 'Access WG call', startLocal: start.toISOString().slice(0, 16), timeZone: 'UTC', firstStartAt: start, durationMinutes: 60, joinUrl: 'https://meet.example.org/access', agenda: null, rrule: null, createdById: null },
      // Scheduled two hours before the reminder fell due: neither begun-and-missed nor covered by
      // the new-meeting notice (which stands in for reminders due within half their offset).
      new Date(minute.getTime() - 2 * 3_600_000),
    );
  } finally {
    await db.close();
  }
}

interface Bot {
  child: ChildProcess;
  exited: Promise<void>;
  output(): string;
  /** Peak resident set size so far (VmHWM), in MB; undefined off Linux. */
  peakRssMb(): number | undefined;
}

async function startBot(root: string, env: Record<string, string>): Promise<Bot> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'dist/src/main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const bot: Bot = {
    child,
    exited,
    output: () => output,
    peakRssMb() {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return match ? Number(match[1]) / 1024 : undefined;
      } catch {
        return undefined;
      }
    },
  };
  const deadline = Date.now() + 60_000;
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < deadline && !gone) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) return bot;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`the bot did not become healthy:\n${output.slice(-4000)}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Members reached at least once, and messages beyond the first per member. */
function delivered(fakes: Fakes): { distinct: number; duplicates: number; slackDuplicates: number; teamsDuplicates: number } {
  const count = (counts: Map<string, number>) => {
    let total = 0;
    for (const n of counts.values()) total += n;
    return { distinct: counts.size, duplicates: total - counts.size };
  };
  const slack = count(fakes.slack.accepted);
  const teams = count(fakes.teams.accepted);
  return { distinct: slack.distinct + teams.distinct, duplicates: slack.duplicates + teams.duplicates, slackDuplicates: slack.duplicates, teamsDuplicates: teams.duplicates };
}

/** Polls until `done` or the deadline; true when done. */
async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** When the bot's tick found the fan-out's reminders due (its "reminders due" log line). */
function tickStartedAt(output: string): number | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes('"reminders due"')) continue;
    try {
      const entry = JSON.parse(line) as { time?: string | number; due?: number };
      if ((entry.due ?? 0) > 0 && entry.time !== undefined) return typeof entry.time === 'number' ? entry.time : Date.parse(entry.time);
    } catch {
      // not a log line
    }
  }
  return undefined;
}

interface RunResult {
  tickToLastMs: number;
  duplicates: number;
  slackDuplicates: number;
  teamsDuplicates: number;
  distinct: number;
  rateLimited: { slack: number; teams: number };
  peakRssMb?: number;
  completed: boolean;
  /** Kill run: from the first tick to the last delivery, the restart included. */
  killedAt?: number;
}

async function fanOut(ctx: BenchContext, database: BenchDatabase, members: number, kill: boolean): Promise<RunResult> {
  const issuer = await new BotFrameworkIssuer(APP_ID, 'bench-fanout-password').start();
  const fakes: Fakes = { slack: new FakeSlack({ rateLimit: { perSecond: SLACK_RATE } }), teams: new FakeConnector({ rateLimit: { perSecond: TEAMS_RATE }, authorize: (header) => issuer.isBotToken(header) }) };
  fakes.slack.keepCalls = false;
  fakes.slack.clock = Date.now;
  fakes.teams.record = false;
  await fakes.slack.start();
  await fakes.teams.start();
  const bots: Bot[] = [];
  try {
    const url = await database.freshUrl();
    const seeded = Date.now();
    await seed(url, members, fakes);
    ctx.log(`fanout (${database.provider}): seeded ${members} members in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
    const env = issuer.env({
      DATABASE_URL: url,
      LOG_LEVEL: 'info',
      LOCAL_CHAT: 'off',
      TEAMS_ALLOWED_TENANTS: Array.from({ length: TEAMS_TENANTS }, (_, n) => tenant(n)).join(','),
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: 'bench-secret',
      SLACK_API_URL: fakes.slack.apiUrl,
      REMINDER_TICK_CRON: '*/2 * * * * *',
    });
    let bot = await startBot(ctx.root, env);
    bots.push(bot);
    const deadline = 15 * 60_000;
    let killedAt: number | undefined;
    let peak = bot.peakRssMb();
    const sampler = setInterval(() => (peak = Math.max(peak ?? 0, bots[bots.length - 1].peakRssMb() ?? 0) || undefined), 500);
    try {
      if (kill) {
        await until(() => delivered(fakes).distinct >= members / 2, deadline);
        peak = Math.max(peak ?? 0, bot.peakRssMb() ?? 0) || undefined;
        bot.child.kill('SIGKILL');
        await bot.exited;
        killedAt = Date.now();
        ctx.log(`fanout (${database.provider}): killed at ${delivered(fakes).distinct} delivered; restarting`);
        bot = await startBot(ctx.root, env);
        bots.push(bot);
      }
      const completed = await until(() => delivered(fakes).distinct >= members, deadline);
      // Late duplicates (a resend racing the last delivery) would show within a few ticks.
      await sleep(3000);
      peak = Math.max(peak ?? 0, bot.peakRssMb() ?? 0) || undefined;
      const started = tickStartedAt(bots[0].output());
      const last = Math.max(fakes.slack.lastAcceptedAt, fakes.teams.lastAcceptedAt);
      const counts = delivered(fakes);
      if (!completed) ctx.log(`fanout (${database.provider}): only ${counts.distinct} of ${members} delivered\n${bot.output().slice(-3000)}`);
      return {
        tickToLastMs: started ? last - started : NaN,
        duplicates: counts.duplicates,
        slackDuplicates: counts.slackDuplicates,
        teamsDuplicates: counts.teamsDuplicates,
        distinct: counts.distinct,
        rateLimited: { slack: fakes.slack.rateLimited, teams: fakes.teams.rateLimited },
        peakRssMb: peak,
        completed,
        killedAt,
      };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    for (const bot of bots) {
      if (bot.child.exitCode === null && bot.child.signalCode === null) {
        bot.child.kill('SIGKILL');
        await bot.exited;
      }
    }
    await fakes.slack.stop();
    await fakes.teams.stop();
    await issuer.stop();
  }
}

export const scenario: Scenario = {
  name: 'reminder fan-out',
  async run(ctx) {
    const members = ctx.quick ? 1000 : Number(process.env.BENCH_FANOUT_MEMBERS ?? 10_000);
    const slackMessages = Math.ceil(members / 2);
    const teamsMessages = Math.floor(members / 2);
    // The lowest limit that applies to each platform: the fake's, or the bot's own Teams limit per tenant.
    const botTeamsRate = (TEAMS_LIMITS.perTenant.limit * 1000 * TEAMS_TENANTS) / TEAMS_LIMITS.perTenant.windowMs;
    const teamsRate = Math.min(TEAMS_RATE, botTeamsRate);
    const teamsLimitName = teamsRate === TEAMS_RATE ? `connector ${TEAMS_RATE}/s` : `bot's ${TEAMS_LIMITS.perTenant.limit}/s per tenant × ${TEAMS_TENANTS}`;
    const floorMs = Math.max(slackMessages / SLACK_RATE, teamsMessages / teamsRate) * 1000;
    const floorName = slackMessages / SLACK_RATE >= teamsMessages / teamsRate ? `Slack ${SLACK_RATE}/s` : `Teams ${teamsLimitName}`;
    const rows: BenchRow[] = [];
    const only = process.env.BENCH_FANOUT_KILL_ON; // "sqlite" or "postgresql": the kill run on that one only
    for (const database of ctx.databases) {
      const label = `Reminder fan-out ${members.toLocaleString('en-US')} (${database.provider === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`;
      ctx.log(`fanout (${database.provider}): plain run`);
      const plain = await fanOut(ctx, database, members, false);
      rows.push(
        ratioRow({ scenario: label, figure: `tick to last delivery${plain.completed ? '' : ' (incomplete)'}`, value: plain.tickToLastMs / 1000, unit: 's', baseline: { name: `floor: ${floorName}`, value: floorMs / 1000 }, target: '≤ 1.1×', met: plain.completed && plain.tickToLastMs <= floorMs * 1.1 }),
        { scenario: label, figure: 'members reached', value: plain.distinct, unit: 'count', target: `= ${members}`, met: plain.distinct === members },
        { scenario: label, figure: `duplicates (Slack ${plain.slackDuplicates}, Teams ${plain.teamsDuplicates})`, value: plain.duplicates, unit: 'count', target: '0', met: plain.duplicates === 0 },
        { scenario: label, figure: `429s received (Slack ${plain.rateLimited.slack}, Teams ${plain.rateLimited.teams})`, value: plain.rateLimited.slack + plain.rateLimited.teams, unit: 'count' },
        ...(plain.peakRssMb !== undefined ? [{ scenario: label, figure: 'bot peak RSS during the fan-out', value: plain.peakRssMb, unit: 'MB' }] : []),
      );
      if (only && only !== database.provider) {
        ctx.log(`${label}: the SIGKILL run is skipped (BENCH_FANOUT_KILL_ON=${only})`);
        continue;
      }
      ctx.log(`fanout (${database.provider}): SIGKILL run`);
      const killed = await fanOut(ctx, database, members, true);
      const killLabel = `${label}, SIGKILL halfway + restart`;
      rows.push(
        { scenario: killLabel, figure: 'members reached', value: killed.distinct, unit: 'count', target: `= ${members}`, met: killed.distinct === members },
        { scenario: killLabel, figure: `duplicates (Slack ${killed.slackDuplicates}, Teams ${killed.teamsDuplicates})`, value: killed.duplicates, unit: 'count', target: '0', met: killed.duplicates === 0 },
        ratioRow({ scenario: killLabel, figure: `tick to last delivery, restart included${killed.completed ? '' : ' (incomplete)'}`, value: killed.tickToLastMs / 1000, unit: 's', baseline: { name: `floor: ${floorName}`, value: floorMs / 1000 } }),
        { scenario: killLabel, figure: `429s received (Slack ${killed.rateLimited.slack}, Teams ${killed.rateLimited.teams})`, value: killed.rateLimited.slack + killed.rateLimited.teams, unit: 'count' },
      );
    }
    return rows;
  },
};
