// The dashboard's figures against a slow, obvious recount of the same rows (months read with
// Intl in the coalition's zone, every pledge visited once per month), and its filter and access rules.
import { dashboardScope, sessionOpen } from '../../src/core/dashboard/dashboard-access';
import { buildDashboard, type DashboardInput } from '../../src/core/dashboard/dashboard-figures';
import { isFilterProblem, readFilter } from '../../src/core/dashboard/dashboard-filter';
import type { DashboardApplication, DashboardPledge } from '../../src/core/dashboard/dashboard-ports';
import { sumPledges, totalsOf } from '../../src/core/pledges/totals';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { loadCountryRegistry } from '../../src/data/countries';

const coalition = loadCoalitionFile(defaultCoalitionFile);
const countries = loadCountryRegistry();
const ZONE = 'Pacific/Auckland'; // far from UTC, so a month boundary in UTC is not one here
const NOW = new Date('2026-11-20T10:00:00Z');
const AREAS = coalition.focusAreas.map((a) => a.key);

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function monthIn(instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit' }).formatToParts(instant);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

function sample(seed: number) {
  const r = random(seed);
  const at = () => new Date(NOW.getTime() - Math.floor(r() * 400 * 24 * 3600_000));
  const pick = <T,>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const pledges: DashboardPledge[] = Array.from({ length: 60 }, (_, i) => ({
    id: i + 1, focusArea: pick(AREAS), type: pick(['financial', 'policy', 'advocacy']), status: pick(['announced', 'in_progress', 'completed', 'withdrawn']),
    valueUsd: r() < 0.2 ? null : Math.round(r() * 1e7), countries: [pick(['NPL', 'FJI', 'FRA', 'BOL', 'region:sids', 'GLOBAL'])], sdgs: [1 + Math.floor(r() * 17)], createdAt: at(),
  }));
  const applications: DashboardApplication[] = Array.from({ length: 30 }, (_, i) => {
    const submittedAt = at();
    const status = pick(['pending', 'approved', 'rejected']);
    const decidedAt = status === 'pending' ? null : new Date(Math.min(NOW.getTime(), submittedAt.getTime() + r() * 60 * 24 * 3600_000));
    return { id: `a${i}`, groupKey: pick(AREAS), status, submittedAt, decidedAt };
  });
  const joins = Array.from({ length: 50 }, () => ({ groupKey: pick(AREAS), joinedAt: at() }));
  return { pledges, applications, joins };
}

function input(seed: number, filter: DashboardInput['filter']): DashboardInput {
  const { pledges, applications, joins } = sample(seed);
  const inFilter = pledges.filter((p) => filter.focusAreas.includes(p.focusArea) && (!filter.start || p.createdAt >= filter.start) && (!filter.end || p.createdAt < filter.end));
  const before = pledges.filter((p) => p.status !== 'withdrawn' && filter.focusAreas.includes(p.focusArea) && filter.start && p.createdAt < filter.start);
  return {
    now: NOW, timeZone: ZONE, filter,
    sums: sumPledges(inFilter.filter((p) => p.status !== 'withdrawn')),
    pledges: inFilter,
    pledgedUsdBefore: before.reduce((sum, p) => sum + (p.valueUsd ?? 0), 0),
    checkIns: [], memberships: [], reminders: {}, unreachableMembers: 0, meetings: [],
    joins: joins.filter((j) => filter.focusAreas.includes(j.groupKey)),
    applications: applications.filter((a) => filter.focusAreas.includes(a.groupKey)),
  };
}

describe('dashboard figures', () => {
  const scope = dashboardScope([{ memberId: 'm', role: 'secretariat', scope: '', source: 'config' }], AREAS)!;

  it.each([1, 2, 3])('add up month by month as a recount does (seed %i)', (seed) => {
    const filter = readFilter({ from: '2026-03', to: '2026-09', area: seed === 3 ? 'access' : '' }, scope, ZONE);
    if (isFilterProblem(filter)) throw new Error('filter refused');
    const data = input(seed, filter);
    const figures = buildDashboard(data, coalition, countries);
    const everything = sample(seed);
    const live = everything.pledges.filter((p) => p.status !== 'withdrawn' && filter.focusAreas.includes(p.focusArea));
    expect(figures.months.map((m) => m.month)).toEqual(['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09']);
    for (const m of figures.months) {
      const that = live.filter((p) => monthIn(p.createdAt) === m.month);
      const upTo = live.filter((p) => monthIn(p.createdAt) <= m.month);
      expect([m.month, m.count, m.usd, m.cumulativeUsd]).toEqual([m.month, that.length, that.reduce((s, p) => s + (p.valueUsd ?? 0), 0), upTo.reduce((s, p) => s + (p.valueUsd ?? 0), 0)]);
    }
    for (const row of figures.membersOverTime) {
      const members = everything.joins.filter((j) => filter.focusAreas.includes(j.groupKey) && monthIn(j.joinedAt) <= row.month);
      expect([row.month, row.members]).toEqual([row.month, members.length]);
    }
    // The share by country group is totalsOf's, over the same pledges.
    expect(figures.totals).toEqual(totalsOf(sumPledges(data.pledges.filter((p) => p.status !== 'withdrawn')), countries));
    // Status counts every pledge of the filter, withdrawn included.
    expect(Object.values(figures.byStatus).reduce((n, t) => n + t.count, 0)).toBe(data.pledges.length);
  });

  it('counts an application as waiting at a month end when it was submitted before it and decided after it (or not yet)', () => {
    const filter = { focusAreas: ['access'], start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') };
    const figures = buildDashboard(
      { ...input(1, filter), timeZone: 'UTC', joins: [], applications: [
        { id: 'a', groupKey: 'access', status: 'approved', submittedAt: new Date('2026-01-10T00:00:00Z'), decidedAt: new Date('2026-02-10T00:00:00Z') },
        { id: 'b', groupKey: 'access', status: 'pending', submittedAt: new Date('2026-02-20T00:00:00Z'), decidedAt: null },
      ] },
      coalition, countries,
    );
    expect(figures.membersOverTime).toEqual([{ month: '2026-01', members: 0, pending: 1 }, { month: '2026-02', members: 0, pending: 1 }, { month: '2026-03', members: 0, pending: 1 }]);
    expect(figures.oldestApplications).toEqual([{ id: 'b', groupKey: 'access', submittedAt: new Date('2026-02-20T00:00:00Z'), waitingDays: 273 }]);
  });

  it('reads filters as whole months in the zone and names what is wrong', () => {
    const chair = dashboardScope([{ memberId: 'c', role: 'chair', scope: 'adoption', source: 'chat' }], AREAS)!;
    expect(chair).toEqual({ secretariat: false, groups: ['adoption'] });
    expect(dashboardScope([], AREAS)).toBeNull();
    expect(readFilter({ from: '2026-01', to: '2026-01' }, chair, 'Europe/Zurich')).toEqual({
      start: new Date('2025-12-31T23:00:00Z'), end: new Date('2026-01-31T23:00:00Z'), focusAreas: ['adoption'],
    });
    expect(readFilter({ to: '2026-12' }, scope, 'UTC')).toEqual({ start: undefined, end: new Date('2027-01-01T00:00:00Z'), focusAreas: AREAS });
    expect(readFilter({ from: '2026-1' }, scope, 'UTC')).toEqual({ field: 'from', reason: 'month' });
    expect(readFilter({ to: '1999-12' }, scope, 'UTC')).toEqual({ field: 'to', reason: 'month' });
    expect(readFilter({ from: '2026-05', to: '2026-04' }, scope, 'UTC')).toEqual({ field: 'to', reason: 'order' });
    expect(readFilter({ area: 'access' }, chair, 'UTC')).toEqual({ field: 'area', reason: 'area' });
  });

  it('keeps a session open for 8 hours after its last use', () => {
    const seen = new Date('2026-11-20T10:00:00Z');
    expect(sessionOpen(seen, new Date('2026-11-20T17:59:59Z'))).toBe(true);
    expect(sessionOpen(seen, new Date('2026-11-20T18:00:00Z'))).toBe(false);
  });
});
