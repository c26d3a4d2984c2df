// The dashboard's figures from what the database gives: a pure function, so every number
// can be checked against the rows it came from. The LDC / LLDC / SIDS share and the sums by
// focus area and type come from totalsOf, the function behind `pledge totals` and the digest.
import type { Coalition } from '../coalition/coalition';
import type { CountryRegistry } from '../countries/country-registry';
import type { UpcomingMeeting } from '../digest/digest';
import { toInstant, toLocal } from '../meetings/zoned-time';
import { compositionGaps, type CompositionMatrix, type CompositionMembership } from '../membership/composition-gaps';
import { coveredCountries } from '../pledges/pledge-rules';
import { totalsOf, type PledgeSums, type PledgeTotals, type Tally } from '../pledges/totals';
import type { DashboardFilter } from './dashboard-filter';
import type { DashboardApplication, DashboardCheckIn, DashboardPledge } from './dashboard-ports';

const DAY = 24 * 3600_000;
/** At most this many months on a time axis (the oldest are left out). */
export const MAX_MONTHS = 240;
export const OLDEST_APPLICATIONS = 10;
export const UPCOMING_DAYS = 30;

export interface DashboardInput {
  now: Date;
  timeZone: string;
  filter: DashboardFilter;
  sums: PledgeSums;
  pledges: DashboardPledge[];
  pledgedUsdBefore: number;
  checkIns: DashboardCheckIn[];
  memberships: CompositionMembership[];
  joins: { groupKey: string; joinedAt: Date }[];
  applications: DashboardApplication[];
  reminders: Record<string, number>;
  unreachableMembers: number;
  meetings: UpcomingMeeting[];
}

export interface CountryFigure extends Tally {
  iso3: string;
  ldc: boolean;
  lldc: boolean;
  sids: boolean;
}

export interface DashboardFigures {
  totals: PledgeTotals;
  /** Every status, withdrawn included. */
  byStatus: Record<string, Tally>;
  /** Pledges not withdrawn by month of entry; cumulative from what was pledged before the period. */
  months: { month: string; count: number; usd: number; cumulativeUsd: number }[];
  target?: { usd: number; year?: number };
  /** Countries named by pledges not withdrawn (directly or through a region), most USD first. */
  countries: CountryFigure[];
  sdgs: ({ goal: number } & Tally)[];
  checkIns: { year: number; on_track: number; at_risk: number; off_track: number; unanswered: number }[];
  composition: CompositionMatrix;
  /** Members and applications waiting at the end of each month. */
  membersOverTime: { month: string; members: number; pending: number }[];
  oldestApplications: { id: string; groupKey: string; submittedAt: Date; waitingDays: number }[];
  meetings: UpcomingMeeting[];
  reminders: { sent: number; failed: number; dropped: number; pending: number; unreachableMembers: number };
}

const pad = (n: number) => String(n).padStart(2, '0');

export function monthOf(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${l.year}-${pad(l.month)}`;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
}

function monthEnd(month: string, timeZone: string): Date {
  const [y, m] = nextMonth(month).split('-').map(Number);
  return toInstant({ year: y, month: m, day: 1, hour: 0, minute: 0 }, timeZone);
}

/** The months from the first to the last, both included (at most MAX_MONTHS, the latest). */
export function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  for (let m = first; m <= last; m = nextMonth(m)) months.push(m);
  return months.slice(-MAX_MONTHS);
}

function axis(input: DashboardInput, earliest: Date[]): string[] {
  const { filter, timeZone, now } = input;
  const startAt = filter.start ?? (earliest.length ? new Date(Math.min(...earliest.map((d) => d.getTime()))) : now);
  const endAt = filter.end ? new Date(filter.end.getTime() - 1) : now;
  return endAt < startAt ? [] : monthRange(monthOf(startAt, timeZone), monthOf(endAt, timeZone));
}

export function buildDashboard(input: DashboardInput, coalition: Coalition, countries: CountryRegistry): DashboardFigures {
  const { timeZone, now } = input;
  const live = input.pledges.filter((p) => p.status !== 'withdrawn');
  const tally = (): Tally => ({ count: 0, usd: 0 });
  const add = (t: Tally, usd: number | null) => {
    t.count++;
    t.usd += usd ?? 0;
  };

  const byStatus: Record<string, Tally> = {};
  for (const p of input.pledges) add((byStatus[p.status] ??= tally()), p.valueUsd);

  const bucket = <K>(map: Map<K, Tally>, key: K): Tally => {
    let t = map.get(key);
    if (!t) map.set(key, (t = tally()));
    return t;
  };
  const perMonth = new Map<string, Tally>();
  for (const p of live) add(bucket(perMonth, monthOf(p.createdAt, timeZone)), p.valueUsd);
  let cumulative = input.pledgedUsdBefore;
  const months = axis(input, live.map((p) => p.createdAt)).map((month) => {
    const t = perMonth.get(month) ?? tally();
    cumulative += t.usd;
    return { month, count: t.count, usd: t.usd, cumulativeUsd: cumulative };
  });

  const byCountry = new Map<string, CountryFigure>();
  const bySdg = new Map<number, Tally>();
  for (const p of live) {
    for (const iso3 of coveredCountries(p.countries, countries)) {
      let c = byCountry.get(iso3);
      if (!c) byCountry.set(iso3, (c = { iso3, count: 0, usd: 0, ldc: countries.isLdc(iso3), lldc: countries.isLldc(iso3), sids: countries.isSids(iso3) }));
      add(c, p.valueUsd);
    }
    for (const goal of new Set(p.sdgs)) add(bucket(bySdg, goal), p.valueUsd);
  }

  const lights = new Map<number, DashboardFigures['checkIns'][number]>();
  for (const c of input.checkIns) {
    let row = lights.get(c.year);
    if (!row) lights.set(c.year, (row = { year: c.year, on_track: 0, at_risk: 0, off_track: 0, unanswered: 0 }));
    if (!c.answered || !c.light) row.unanswered++;
    else if (c.light === 'on_track' || c.light === 'at_risk' || c.light === 'off_track') row[c.light]++;
  }

  const visible = coalition.focusAreas.filter((a) => input.filter.focusAreas.includes(a.key));
  const composition = compositionGaps(
    visible.map((a) => ({ key: a.key, name: a.name })),
    coalition.stakeholderCategories.map((c) => ({ key: c.key, name: c.name })),
    input.memberships,
  );

  const pendingAt = (a: DashboardApplication, t: Date) => a.submittedAt < t && (a.status === 'pending' || (a.decidedAt !== null && a.decidedAt >= t));
  const membersOverTime = axis(input, [...input.joins.map((j) => j.joinedAt), ...input.applications.map((a) => a.submittedAt)]).map((month) => {
    const end = monthEnd(month, timeZone);
    const at = end < now ? end : now;
    return { month, members: input.joins.filter((j) => j.joinedAt < at).length, pending: input.applications.filter((a) => pendingAt(a, at)).length };
  });

  const oldestApplications = input.applications
    .filter((a) => a.status === 'pending')
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime())
    .slice(0, OLDEST_APPLICATIONS)
    .map((a) => ({ id: a.id, groupKey: a.groupKey, submittedAt: a.submittedAt, waitingDays: Math.floor((now.getTime() - a.submittedAt.getTime()) / DAY) }));

  const r = input.reminders;
  return {
    totals: totalsOf(input.sums, countries),
    byStatus,
    months,
    target: coalition.pledgeTarget,
    countries: [...byCountry.values()].sort((a, b) => b.usd - a.usd || b.count - a.count || a.iso3.localeCompare(b.iso3)),
    sdgs: [...bySdg].map(([goal, t]) => ({ goal, ...t })).sort((a, b) => a.goal - b.goal),
    checkIns: [...lights.values()].sort((a, b) => a.year - b.year),
    composition,
    membersOverTime,
    oldestApplications,
    meetings: [...input.meetings].sort((a, b) => a.at.getTime() - b.at.getTime()),
    reminders: { sent: r.sent ?? 0, failed: r.failed ?? 0, dropped: r.dropped ?? 0, pending: r.claimed ?? 0, unreachableMembers: input.unreachableMembers },
  };
}
