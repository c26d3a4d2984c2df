// The import's writes are one transaction: a failure in the last statements (here a unique
// external id repeated past the first chunk, which the row checks would have refused) leaves no
// placeholder, pledge, event or audit entry behind; on both databases.
import type { ImportedPledge } from '../../src/core/imports/import-ports';
import { importStore } from '../../src/db/repositories/imports';
import { describeEachDatabase, openDatabaseForBlock } from '../support/databases';
import { tableCounts } from '../support/table-counts';

const pledge = (i: number, externalId: string): ImportedPledge => ({
  row: i + 2, externalId, entity: `Entity ${i % 7}`, sector: null, status: 'announced', pledgedAt: null, focusArea: 'access', pillar: null, title: `Pledge ${i}`,
  description: 'A pledge of the register, long enough.', type: 'programmatic', valueUsd: null, countries: ['KEN'], beneficiaries: ['youth'], sdgs: [9], startYear: 2025, endYear: 2026,
});

describeEachDatabase('import store', (getUrl) => {
  const opened = openDatabaseForBlock(getUrl);

  it('writes nothing when a statement fails part-way', async () => {
    const store = importStore(opened.db.prisma);
    const before = await tableCounts(opened.url);
    const rows = Array.from({ length: 1_200 }, (_, i) => pledge(i, i === 1_100 ? 'E-1' : `E-${i}`));
    await expect(store.importPledges(rows, { now: new Date(), dryRun: false, audit: { actor: 'operator', file: 'x.csv' } })).rejects.toThrow();
    expect(await tableCounts(opened.url)).toEqual(before);

    const done: number[] = [];
    const good = rows.slice(0, 1_100);
    const outcome = await store.importPledges(good, { now: new Date(), dryRun: false, audit: { actor: 'operator', file: 'x.csv' }, progress: (n) => done.push(n) });
    expect([outcome.created, outcome.existing, outcome.placeholders]).toEqual([1_100, 0, 7]);
    expect(done).toEqual([0, 500, 1_000, 1_100]);
    const after = await tableCounts(opened.url);
    expect([after.Pledge - before.Pledge, after.PledgeEvent - before.PledgeEvent, after.Member - before.Member, after.AuditEntry - before.AuditEntry]).toEqual([1_100, 1_100, 7, 1]);
  });
});
