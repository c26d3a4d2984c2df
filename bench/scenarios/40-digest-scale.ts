// Digest at scale: the weekly digest built in process (no sending) over 10,000 members in the
// four working groups and 1k, 10k and 100k pledges spread over the last year, on each database.
// Rows: the median build time at each size, the growth from one size to the next against the
// 10× data growth, a year-long digest at each size, `pledge totals` for comparison, and the
// process memory after the largest build (both databases' runs share the process).
import { collectDigest, type DigestSources } from '../../src/core/digest/digest';
import { lastDays, type Period } from '../../src/core/digest/period';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { totalsOf } from '../../src/core/pledges/totals';
import { loadCountryRegistry } from '../../src/data/countries';
import { digestData } from '../../src/db/repositories/digest-data';
import { openDatabase, type Database } from '../../src/db/open-database';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BenchContext, BenchDatabase, BenchRow, Scenario } from '../lib/types';

const DAY = 24 * 3600_000;
const NOW = new Date('2026-11-30T09:00:00Z'); // a Monday, 09:00: the scheduled digest's slot
const TARGET_MS = 500;

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

// Countries pledges name: LDCs, LLDCs, SIDS (some in more than one group) and others; also
// "GLOBAL", the group keys and M49 regions, as members type them.
const COUNTRIES = ['NPL', 'ETH', 'BGD', 'UGA', 'HTI', 'MNG', 'BOL', 'PRY', 'KAZ', 'FJI', 'JAM', 'MDV', 'WSM', 'FRA', 'BRA', 'IND', 'KEN', 'DEU', 'USA', 'ZAF', 'CHN', 'MEX'];
const TARGETS = ['GLOBAL', 'ldc', 'sids', 'lldc', 'region:africa', 'region:asia'];
const STATUSES = ['announced', 'announced', 'announced', 'in_progress', 'in_progress', 'completed', 'withdrawn'];
const BENEFICIARIES = ['women_and_girls', 'youth', 'rural_communities', 'schools_and_students', 'small_businesses'];
const BATCH = 2_000;

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

/** 10,000 members, each in one or two working groups, six categories (a few not known yet). */
async function seedMembers(db: Database, groups: string[], categories: string[], count: number): Promise<string[]> {
  const rnd = random(1);
  const { prisma } = db;
  const groupIds = new Map((await prisma.workingGroup.findMany({ select: { id: true, key: true } })).map((g) => [g.key, g.id]));
  const members = Array.from({ length: count }, (_, i) => ({
    id: `bench-m${String(i).padStart(6, '0')}`,
    name: `Member ${i}`,
    organization: `Organization ${i % 900}`,
    category: rnd() < 0.04 ? null : categories[i % categories.length],
    country: pick(rnd, COUNTRIES),
    createdAt: new Date(NOW.getTime() - rnd() * 400 * DAY),
  }));
  await inBatches(members, (batch) => prisma.member.createMany({ data: batch }));
  const memberships = members.flatMap((m, i) => {
    const first = groups[i % groups.length];
    const joined = (offset: number) => new Date(NOW.getTime() - rnd() * 365 * DAY - offset);
    const rows = [{ id: `${m.id}-1`, memberId: m.id, groupId: groupIds.get(first)!, joinedAt: joined(0) }];
    if (i % 3 === 0) rows.push({ id: `${m.id}-2`, memberId: m.id, groupId: groupIds.get(groups[(i + 1) % groups.length])!, joinedAt: joined(0) });
    return rows;
  });
  await inBatches(memberships, (batch) => prisma.membership.createMany({ data: batch }));
  // Pending applications and a weekly call per group with a few answers: the rest of the digest.
  const applications = Array.from({ length: 60 }, (_, i) => ({
    id: `bench-a${i}`, memberId: members[i * 7].id, groupId: groupIds.get(groups[(i + 2) % groups.length])!, status: 'pending', answers: '{}', submittedAt: new Date(NOW.getTime() - (i % 30) * DAY),
  }));
  await prisma.application.createMany({ data: applications });
  for (const [i, key] of groups.entries()) {
    const first = new Date(Date.UTC(2026, 11, 1 + i, 13));
    const meeting = await prisma.meeting.create({
      data: {
        id: `bench-meeting-${key}`, groupId: groupIds.get(key)!, uid: `bench-${key}@example.org`, title: `${key} call`, startLocal: first.toISOString().slice(0, 16), timeZone: 'UTC',
        firstStartAt: first, durationMinutes: 60, rrule: 'FREQ=WEEKLY', createdAt: NOW, updatedAt: NOW,
      },
    });
    const rsvps = Array.from({ length: 40 }, (_, j) => ({ id: `${meeting.id}-r${j}`, meetingId: meeting.id, occurrenceAt: first, memberId: members[j * 11 + i].id, response: pick(rnd, ['going', 'maybe', 'not_going']), updatedAt: NOW }));
    await prisma.rsvp.createMany({ data: rsvps });
  }
  return members.map((m) => m.id);
}

/** Pledges from..to-1 (numbers from+1..to) with their history and some yearly check-ins. */
async function seedPledges(db: Database, memberIds: string[], focusAreas: string[], types: string[], from: number, to: number): Promise<void> {
  const rnd = random(1000 + from);
  const { prisma } = db;
  const pledges = [];
  const events = [];
  const checkIns = [];
  for (let n = from + 1; n <= to; n++) {
    const createdAt = new Date(NOW.getTime() - rnd() * 365 * DAY);
    const countries = rnd() < 0.15 ? [pick(rnd, TARGETS)] : Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(rnd, COUNTRIES));
    const status = pick(rnd, STATUSES);
    const memberId = rnd() < 0.9 ? pick(rnd, memberIds) : null;
    pledges.push({
      id: n, memberId, entity: `Entity ${n % 700}`, sector: null, focusArea: pick(rnd, focusAreas), pillar: null,
      title: `Pledge ${n}: connect schools and clinics`, description: `Commitment ${n}, with a description a few sentences long. `.repeat(3), type: pick(rnd, types),
      valueUsd: rnd() < 0.1 ? null : Math.round(10 ** (3 + rnd() * 4)), countries: JSON.stringify([...new Set(countries)]),
      beneficiaries: JSON.stringify([pick(rnd, BENEFICIARIES)]), sdgs: JSON.stringify([pick(rnd, [4, 5, 9, 10, 17]), 9].filter((v, i, a) => a.indexOf(v) === i)),
      startYear: 2026, endYear: 2026 + 1 + Math.floor(rnd() * 4), status, nextCheckInAt: new Date(createdAt.getTime() + 365 * DAY), createdAt, updatedAt: createdAt,
    });
    events.push({ id: `bench-e${n}-c`, pledgeId: n, at: createdAt, actorId: memberId, kind: 'created', newValue: 'announced' });
    // Changes come within two months of what they follow (and before now).
    const later = (at: Date) => new Date(at.getTime() + rnd() * Math.min(NOW.getTime() - at.getTime(), 60 * DAY));
    if (rnd() < 0.2) events.push({ id: `bench-e${n}-f`, pledgeId: n, at: later(createdAt), actorId: memberId, kind: 'field', field: 'title', oldValue: 'Old title', newValue: `Pledge ${n}` });
    if (status !== 'announced') {
      const at = later(createdAt);
      if (status === 'completed') events.push({ id: `bench-e${n}-p`, pledgeId: n, at, actorId: memberId, kind: 'status', field: 'status', oldValue: 'announced', newValue: 'in_progress' });
      events.push({ id: `bench-e${n}-s`, pledgeId: n, at: later(at), actorId: memberId, kind: 'status', field: 'status', oldValue: status === 'completed' ? 'in_progress' : 'announced', newValue: status });
    }
    // Check-ins asked in the last three months; about half answered.
    if (rnd() < 0.06) {
      const askedAt = new Date(NOW.getTime() - rnd() * 90 * DAY);
      const answered = rnd() < 0.5;
      checkIns.push({ id: `bench-c${n}`, pledgeId: n, year: 1, askedAt, answeredAt: answered ? later(askedAt) : null, light: answered ? 'on_track' : null });
    }
  }
  await inBatches(pledges, (batch) => prisma.pledge.createMany({ data: batch }));
  await inBatches(events, (batch) => prisma.pledgeEvent.createMany({ data: batch }));
  await inBatches(checkIns, (batch) => prisma.pledgeCheckIn.createMany({ data: batch }));
}

/** A full garbage collection, so the heap figure is what the process keeps rather than what it left. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One warm-up build, then the median of `runs` timed builds. */
async function timeBuild(build: () => Promise<unknown>, runs: number): Promise<number> {
  await build();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await build();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

async function runOn(ctx: BenchContext, database: BenchDatabase): Promise<BenchRow[]> {
  const label = database.provider === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const coalition = loadCoalitionFile(defaultCoalitionFile);
  const countries = loadCountryRegistry();
  const sizes = ctx.quick ? [100, 1_000, 10_000] : [1_000, 10_000, 100_000];
  const memberCount = ctx.quick ? 1_000 : 10_000;
  const runs = ctx.quick ? 3 : 5;
  const db = await openDatabase({ url: await database.freshUrl() });
  const rows: BenchRow[] = [];
  try {
    await db.repositories.coalition.sync(coalition);
    const groups = coalition.focusAreas.map((a) => a.key);
    const memberIds = await seedMembers(db, groups, coalition.stakeholderCategories.map((c) => c.key), memberCount);
    const sources: DigestSources = { data: digestData(db.prisma), meetings: db.repositories.meetings, flows: db.repositories.flows, coalition, countries };
    const weekly = lastDays(NOW, coalition.digest.periodDays);
    const year: Period = lastDays(NOW, 366);
    const weeklyMs: number[] = [];
    const yearMs: number[] = [];
    let seeded = 0;
    for (const size of sizes) {
      const seedStarted = Date.now();
      await seedPledges(db, memberIds, groups, coalition.pledgeTypes.map((p) => p.key), seeded, size);
      seeded = size;
      const digest = await collectDigest(sources, weekly, NOW);
      ctx.log(`digest ${label}: ${size} pledges seeded in ${Date.now() - seedStarted} ms; weekly digest counts ${digest.pledges.count} new pledges, ${digest.statusChanges.length} status changes, ${digest.checkIns.length} open check-ins`);
      const ms = await timeBuild(() => collectDigest(sources, weekly, NOW), runs);
      weeklyMs.push(ms);
      const scenario = `Digest, ${memberCount.toLocaleString('en-US')} members, ${size.toLocaleString('en-US')} pledges (${label})`;
      const largest = size === sizes[sizes.length - 1];
      rows.push({ scenario, figure: `weekly digest build (median of ${runs})`, value: ms, unit: 'ms', ...(largest ? { target: `< ${TARGET_MS} ms`, met: ms < TARGET_MS } : {}) });
      const longMs = await timeBuild(() => collectDigest(sources, year, NOW), runs);
      yearMs.push(longMs);
      rows.push({ scenario, figure: `366-day digest build (median of ${runs})`, value: longMs, unit: 'ms', ...(largest ? { target: `< ${TARGET_MS} ms`, met: longMs < TARGET_MS } : {}) });
      if (largest) {
        collectGarbage();
        const memory = process.memoryUsage();
        rows.push({ scenario, figure: 'heap used after the build (after a GC)', value: memory.heapUsed / 2 ** 20, unit: 'MB' });
        rows.push({ scenario, figure: 'RSS after the build', value: memory.rss / 2 ** 20, unit: 'MB' });
      }
      // `pledge totals` as the command computes it (all pledges, summed by the database): for comparison.
      const totalsMs = await timeBuild(async () => totalsOf(await db.repositories.pledges.sums(), countries), ctx.quick ? 1 : 3);
      rows.push({ scenario, figure: `pledge totals (median of ${ctx.quick ? 1 : 3})`, value: totalsMs, unit: 'ms' });
    }
    for (const [name, times] of [['weekly', weeklyMs], ['366-day', yearMs]] as const) {
      for (let i = 1; i < sizes.length; i++) {
        const growth = times[i] / times[i - 1];
        const data = sizes[i] / sizes[i - 1];
        rows.push({
          scenario: `Digest growth (${label})`, figure: `${name} build growth ${sizes[i - 1] / 1000}k→${sizes[i] / 1000}k (data ${data}×)`, value: growth, unit: '×',
          baseline: { name: 'data growth', value: data }, ratio: growth / data, target: `≤ ${data}× per ${data}× data`, met: growth <= data,
        });
      }
    }
  } finally {
    await db.close();
  }
  return rows;
}

export const scenario: Scenario = {
  name: 'digest at scale',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const database of ctx.databases) rows.push(...(await runOn(ctx, database)));
    return rows;
  },
};
