// The contract of the pledge repository, run on SQLite and (with TEST_DATABASE_URL)
// PostgreSQL: numbers, lists kept as they were given, field and status changes with
// their history, and not-found errors.
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import type { NewPledge } from '../../src/core/pledges/pledge-ports';
import type { Repositories } from '../../src/core/ports';
import { openDatabase, type Database } from '../../src/db/open-database';
import { pledgeTotals, sumPledges, totalsOf } from '../../src/core/pledges/totals';
import { loadCountryRegistry } from '../../src/data/countries';
import { describeEachDatabase } from '../support/databases';

const t0 = new Date('2027-01-01T09:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
let seq = 0;

describeEachDatabase('pledge repository', (getUrl) => {
  let db: Database;
  let repos: Repositories;

  beforeAll(async () => {
    db = await openDatabase({ url: getUrl() });
    repos = db.repositories;
    await repos.coalition.sync(loadCoalitionFile(defaultCoalitionFile));
  });
  afterAll(async () => {
    await db?.close();
  });

  async function newMember() {
    return (await repos.members.upsertByIdentity({ platform: 'local', externalId: `pledger-${++seq}`, address: null }, t0, { locale: 'en' })).member;
  }

  function pledge(memberId: string, overrides: Partial<NewPledge> = {}): NewPledge {
    return {
      memberId, entity: 'Acme', sector: 'private_sector', focusArea: 'access', pillar: null, title: 'Schools online',
      description: 'Connect 500 schools to broadband.', type: 'financial', valueUsd: 2_500_000, countries: ['NER', 'region:sids', 'GLOBAL'],
      beneficiaries: ['youth'], sdgs: [4, 9], startYear: 2027, endYear: 2030, nextCheckInAt: at(60 * 24 * 365), ...overrides,
    };
  }

  it('sums the pledges that are not withdrawn as adding them one by one does, and totals them the same', async () => {
    const m = await newMember();
    await repos.pledges.create(pledge(m.id, { focusArea: 'adoption', type: 'policy', valueUsd: 700, countries: ['KEN'] }), t0);
    await repos.pledges.create(pledge(m.id, { focusArea: 'adoption', type: 'policy', valueUsd: null, countries: ['KEN'] }), t0);
    const gone = await repos.pledges.create(pledge(m.id, { valueUsd: 9_000_000 }), t0);
    await repos.pledges.setStatus(gone.id, 'withdrawn', 'no budget', m.id, at(1));
    const sums = await repos.pledges.sums();
    const byKey = <T extends object>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const inMemory = sumPledges((await repos.pledges.all()).filter((p) => p.status !== 'withdrawn'));
    expect(byKey(sums.byAreaAndType)).toEqual(byKey(inMemory.byAreaAndType));
    expect(byKey(sums.byCountries)).toEqual(byKey(inMemory.byCountries));
    expect(sums.byAreaAndType.find((r) => r.focusArea === 'adoption' && r.type === 'policy')).toMatchObject({ count: 2, usd: 700 });
    expect(sums.byAreaAndType.reduce((n, r) => n + r.count, 0)).toBe((await repos.pledges.all()).filter((p) => p.status !== 'withdrawn').length);
    const countries = loadCountryRegistry();
    expect(totalsOf(sums, countries)).toEqual(pledgeTotals(await repos.pledges.all(), countries));
  });

  it('creates pledges with increasing numbers and a "created" event, and reads them back as given', async () => {
    const m = await newMember();
    const first = await repos.pledges.create(pledge(m.id), t0);
    const second = await repos.pledges.create(pledge(m.id, { title: 'Second', valueUsd: null, type: 'policy' }), at(1));
    expect(second.id).toBeGreaterThan(first.id);
    expect(await repos.pledges.get(first.id)).toEqual({ ...pledge(m.id), id: first.id, status: 'announced', createdAt: t0, updatedAt: t0 });
    expect((await repos.pledges.ofMember(m.id)).map((p) => p.title)).toEqual(['Schools online', 'Second']);
    expect((await repos.pledges.all()).map((p) => p.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(await repos.pledges.history(first.id)).toEqual([
      expect.objectContaining({ pledgeId: first.id, kind: 'created', actorId: m.id, newValue: 'announced', at: t0 }),
    ]);
    expect(await repos.pledges.get(999_999)).toBeNull();
    expect(await repos.pledges.get(2 ** 40)).toBeNull();
  });

  it('changes one field or the status and records old and new values', async () => {
    const m = await newMember();
    const p = await repos.pledges.create(pledge(m.id), t0);
    const retitled = await repos.pledges.updateField(p.id, 'title', 'Schools online everywhere', m.id, at(1));
    expect(retitled).toMatchObject({ title: 'Schools online everywhere', updatedAt: at(1) });
    const recountried = await repos.pledges.updateField(p.id, 'countries', ['KEN'], 'secretariat-id', at(2));
    expect(recountried.countries).toEqual(['KEN']);
    await repos.pledges.updateField(p.id, 'valueUsd', null, m.id, at(3));
    const withdrawn = await repos.pledges.setStatus(p.id, 'withdrawn', 'budget cut', m.id, at(4));
    expect(withdrawn).toMatchObject({ status: 'withdrawn', valueUsd: null });
    const history = await repos.pledges.history(p.id);
    expect(history.map((e) => [e.kind, e.field, e.oldValue, e.newValue, e.reason, e.actorId])).toEqual([
      ['created', null, null, 'announced', null, m.id],
      ['field', 'title', 'Schools online', 'Schools online everywhere', null, m.id],
      ['field', 'countries', JSON.stringify(['NER', 'region:sids', 'GLOBAL']), JSON.stringify(['KEN']), null, 'secretariat-id'],
      ['field', 'valueUsd', '2500000', null, null, m.id],
      ['status', 'status', 'announced', 'withdrawn', 'budget cut', m.id],
    ]);
  });

  it('says NOT_FOUND for a pledge that does not exist and records nothing', async () => {
    const missing = 987_654;
    await expect(repos.pledges.updateField(missing, 'title', 'x', null, t0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(repos.pledges.setStatus(missing, 'completed', null, null, t0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await repos.pledges.history(missing)).toEqual([]);
  });

  it('claims a due check-in once, re-asks the latest unanswered one once per claim, and stores the answer', async () => {
    const m = await newMember();
    const due = at(10);
    const p = await repos.pledges.create(pledge(m.id, { nextCheckInAt: due }), t0);
    expect((await repos.pledges.dueForCheckIn(at(9))).map((x) => x.id)).not.toContain(p.id);
    expect((await repos.pledges.dueForCheckIn(at(10))).map((x) => x.id)).toContain(p.id);
    const [a, b] = await Promise.all([repos.pledges.openCheckIn(p.id, due, at(1000), at(11)), repos.pledges.openCheckIn(p.id, due, at(1000), at(11))]);
    const opened = a ?? b;
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(opened).toMatchObject({ pledgeId: p.id, year: 1, askedAt: at(11), answeredAt: null, light: null });
    expect((await repos.pledges.get(p.id))?.nextCheckInAt).toEqual(at(1000));
    expect((await repos.pledges.dueForCheckIn(at(20))).map((x) => x.id)).not.toContain(p.id);
    expect(await repos.pledges.openCheckInOf(p.id)).toEqual(opened);

    expect((await repos.pledges.unansweredAskedBefore(at(10))).map((c) => c.id)).not.toContain(opened!.id);
    expect((await repos.pledges.unansweredAskedBefore(at(11))).map((c) => c.id)).toContain(opened!.id);
    expect(await repos.pledges.reask(opened!.id, at(11), at(30))).toBe(true);
    expect(await repos.pledges.reask(opened!.id, at(11), at(30))).toBe(false);

    const second = await repos.pledges.openCheckIn(p.id, at(1000), at(2000), at(1001));
    expect(second).toMatchObject({ year: 2 });
    const unanswered = (await repos.pledges.unansweredAskedBefore(at(5000))).filter((c) => c.pledgeId === p.id);
    expect(unanswered.map((c) => c.year)).toEqual([2]); // only the latest is asked again

    const answered = await repos.pledges.answerCheckIn(second!.id, { light: 'on_track', narrative: 'All good so far.', valueDelivered: 1000 }, at(1002));
    expect(answered).toMatchObject({ light: 'on_track', narrative: 'All good so far.', valueDelivered: 1000, answeredAt: at(1002) });
    expect(await repos.pledges.openCheckInOf(p.id)).toBeNull();
    expect((await repos.pledges.checkIns(p.id)).map((c) => c.year)).toEqual([1, 2]);

    await repos.pledges.setStatus(p.id, 'withdrawn', 'stopped', m.id, at(1003));
    expect((await repos.pledges.dueForCheckIn(at(9999))).map((x) => x.id)).not.toContain(p.id);
  });

  it('keeps a pledge (without its owner) when the member is deleted', async () => {
    const m = await newMember();
    const p = await repos.pledges.create(pledge(m.id), t0);
    await db.prisma.member.delete({ where: { id: m.id } });
    expect(await repos.pledges.get(p.id)).toMatchObject({ id: p.id, memberId: null });
  });
});
