// The digest's figures the database counts and sums: new pledges by focus area and type and by
// country list, and members by group and category, against a data set small enough to count by
// hand, and against the same figures summed in memory from the pledges read one by one.
import { buildDigest, collectDigest, type DigestSources } from '../../src/core/digest/digest';
import { sumPledges, type PledgeSums } from '../../src/core/pledges/totals';
import type { PledgeFigures } from '../../src/core/digest/digest-ports';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { loadCountryRegistry } from '../../src/data/countries';
import { openDatabase, type Database } from '../../src/db/open-database';
import { digestData } from '../../src/db/repositories/digest-data';
import { describeEachDatabase } from '../support/databases';

const coalition = loadCoalitionFile(defaultCoalitionFile);
const countries = loadCountryRegistry();
const period = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') };
const now = new Date('2026-12-01T09:00:00Z');

type Seeded = Omit<PledgeFigures, 'id'> & { id?: number };

// Six pledges in the period (one without a value, one on its last minute), one before, one at its end.
const PLEDGES: Seeded[] = [
  { focusArea: 'access', type: 'financial', valueUsd: 1_000_000, countries: ['NPL'], createdAt: new Date('2026-11-03T10:00:00Z') },
  { focusArea: 'access', type: 'programmatic', valueUsd: 250_000, countries: ['FJI', 'FRA'], createdAt: new Date('2026-11-20T10:00:00Z') },
  { focusArea: 'adoption', type: 'financial', valueUsd: 500_000, countries: ['region:sids'], createdAt: new Date('2026-11-21T10:00:00Z') },
  { focusArea: 'adoption', type: 'advocacy', valueUsd: null, countries: ['GLOBAL'], createdAt: new Date('2026-11-22T10:00:00Z') },
  { focusArea: 'access', type: 'financial', valueUsd: 9_999, countries: ['NPL'], createdAt: new Date('2026-10-31T23:59:59Z') },
  { focusArea: 'access', type: 'financial', valueUsd: 40_000, countries: ['NPL'], createdAt: new Date('2026-11-25T10:00:00Z') },
  { focusArea: 'adoption', type: 'financial', valueUsd: 1_500, countries: ['FJI', 'FRA'], createdAt: new Date('2026-12-01T00:00:00Z') },
  { focusArea: 'access', type: 'financial', valueUsd: null, countries: ['NPL'], createdAt: new Date('2026-11-30T23:59:00Z') },
];

async function seed(db: Database): Promise<PledgeFigures[]> {
  const { prisma, repositories } = db;
  await repositories.coalition.sync(coalition);
  const member = (id: string, category: string | null) => prisma.member.create({ data: { id, category } });
  await member('ann', 'private_sector');
  await member('bob', 'academia');
  await member('cy', null);
  await member('dee', 'academia');
  const at = new Date('2026-11-10T10:00:00Z');
  for (const [id, group] of [['ann', 'access'], ['bob', 'access'], ['cy', 'access'], ['dee', 'adoption'], ['ann', 'adoption']]) await repositories.memberships.add(id, group, at);
  const created: PledgeFigures[] = [];
  for (const p of PLEDGES) {
    const row = await prisma.pledge.create({
      data: { ...p, countries: JSON.stringify(p.countries), title: 'T', description: 'D', beneficiaries: '[]', sdgs: '[]', startYear: 2026, endYear: 2027 },
    });
    created.push({ ...p, id: row.id });
  }
  return created;
}

const sortTallies = (t: PledgeSums): PledgeSums => ({
  byAreaAndType: [...t.byAreaAndType].sort((a, b) => a.firstId - b.firstId),
  byCountries: [...t.byCountries].sort((a, b) => JSON.stringify(a.countries).localeCompare(JSON.stringify(b.countries))),
});

describeEachDatabase('digest figures counted by the database', (getUrl) => {
  let db: Database;
  let pledges: PledgeFigures[];
  beforeEach(async () => {
    db = await openDatabase({ url: getUrl() });
    pledges = await seed(db);
  });
  afterEach(async () => {
    await db.close();
  });

  it('sums the period’s pledges by focus area and type and by country list', async () => {
    const [p1, p2, p3, p4] = pledges.map((p) => p.id);
    const tallies = sortTallies(await digestData(db.prisma).newPledges(period));
    expect(tallies.byAreaAndType).toEqual([
      { focusArea: 'access', type: 'financial', count: 3, usd: 1_040_000, firstId: p1 },
      { focusArea: 'access', type: 'programmatic', count: 1, usd: 250_000, firstId: p2 },
      { focusArea: 'adoption', type: 'financial', count: 1, usd: 500_000, firstId: p3 },
      { focusArea: 'adoption', type: 'advocacy', count: 1, usd: 0, firstId: p4 },
    ]);
    expect(tallies.byCountries).toEqual([
      { countries: ['FJI', 'FRA'], count: 1, usd: 250_000 },
      { countries: ['GLOBAL'], count: 1, usd: 0 },
      { countries: ['NPL'], count: 3, usd: 1_040_000 },
      { countries: ['region:sids'], count: 1, usd: 500_000 },
    ]);
    const inPeriod = pledges.filter((p) => p.createdAt >= period.start && p.createdAt < period.end);
    expect(tallies).toEqual(sortTallies(sumPledges(inPeriod)));
  });

  it('builds the same digest from the sums as from the pledges one by one', async () => {
    const sources: DigestSources = { data: digestData(db.prisma), meetings: db.repositories.meetings, flows: db.repositories.flows, coalition, countries };
    const digest = await collectDigest(sources, period, now);
    expect(digest.pledges).toEqual({
      count: 6,
      totalUsd: 1_790_000,
      byFocusArea: { access: { count: 4, usd: 1_290_000 }, adoption: { count: 2, usd: 500_000 } },
      byType: { financial: { count: 4, usd: 1_540_000 }, programmatic: { count: 1, usd: 250_000 }, advocacy: { count: 1, usd: 0 } },
      // Nepal is an LDC and an LLDC; Fiji and the SIDS count towards SIDS, and the SIDS (with LDCs among them) towards LDCs.
      targeting: { ldc: 1_540_000, lldc: 1_040_000, sids: 750_000 },
    });
    // Sections keep the order their first pledge came in.
    expect(Object.keys(digest.pledges.byType)).toEqual(['financial', 'programmatic', 'advocacy']);
    const inPeriod = pledges.filter((p) => p.createdAt >= period.start && p.createdAt < period.end).sort((a, b) => a.id - b.id);
    const input = { period, now, pendingApplications: [], newMemberships: [], memberships: [], statusChanges: [], upcoming: [], undelivered: [], abandonedFlows: [], unansweredCheckIns: [] };
    expect(buildDigest({ ...input, newPledges: inPeriod }, coalition, countries).pledges).toEqual(digest.pledges);
  });

  it('counts members by group and category, and finds the same composition gaps', async () => {
    const rows = await digestData(db.prisma).memberships();
    const key = (r: { groupKey: string; category: string | null }) => `${r.groupKey}/${r.category ?? ''}`;
    expect([...rows].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([
      { groupKey: 'access', category: null, count: 1 },
      { groupKey: 'access', category: 'academia', count: 1 },
      { groupKey: 'access', category: 'private_sector', count: 1 },
      { groupKey: 'adoption', category: 'academia', count: 1 },
      { groupKey: 'adoption', category: 'private_sector', count: 1 },
    ]);
    const oneByOne = [
      { groupKey: 'access', category: 'private_sector' }, { groupKey: 'access', category: 'academia' }, { groupKey: 'access', category: null },
      { groupKey: 'adoption', category: 'academia' }, { groupKey: 'adoption', category: 'private_sector' },
    ];
    const input = { period, now, pendingApplications: [], newMemberships: [], newPledges: [], statusChanges: [], upcoming: [], undelivered: [], abandonedFlows: [], unansweredCheckIns: [] };
    const gaps = buildDigest({ ...input, memberships: rows }, coalition, countries).gaps;
    expect(gaps).toEqual(buildDigest({ ...input, memberships: oneByOne }, coalition, countries).gaps);
    expect(gaps.filter((g) => g.groupKey === 'access').map((g) => g.categoryKey)).toEqual(['member_state', 'un_agency', 'civil_society', 'youth']);
  });
});
