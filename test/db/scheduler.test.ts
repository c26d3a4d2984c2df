// node-cron with the database run coordinator: several schedulers (replicas) on one
// database, and each fire of a job runs on exactly one of them.
import { createLogger } from '../../src/logger';
import { databaseRunCoordinator, Scheduler } from '../../src/scheduler/scheduler';
import { systemClock } from '../../src/core/clock';
import { openDatabase, type Database } from '../../src/db/open-database';
import { describeEachDatabase } from '../support/databases';

describeEachDatabase('scheduler coordination', (getUrl) => {
  let db: Database;
  beforeEach(async () => {
    db = await openDatabase({ url: getUrl() });
  });
  afterEach(async () => {
    await db.close();
  });

  it('the coordinator lets one owner run each slot', async () => {
    const a = databaseRunCoordinator(db.repositories.jobLeases, systemClock, 'replica-a');
    const b = databaseRunCoordinator(db.repositories.jobLeases, systemClock, 'replica-b');
    const slot = 'reminder-tick:2026-12-01T12:00:00.000Z';
    const raced = await Promise.all([a.shouldRun(slot, 30_000), b.shouldRun(slot, 30_000)]);
    expect(raced.filter(Boolean)).toHaveLength(1);
    const [winner, loser] = raced[0] ? [a, b] : [b, a];
    expect(await loser.shouldRun(slot, 30_000)).toBe(false);
    expect(await winner.shouldRun(slot, 30_000)).toBe(true); // its own lease
    expect(await loser.shouldRun('reminder-tick:2026-12-01T12:01:00.000Z', 30_000)).toBe(true);
    expect(await db.repositories.jobLeases.prune(new Date(Date.now() + 3_600_000))).toBe(2);
    expect(await db.repositories.jobLeases.prune(new Date(Date.now() + 3_600_000))).toBe(0);
  });

  it('three schedulers firing every second: each fire runs once', async () => {
    const runs: { owner: string; second: number }[] = [];
    const log = createLogger('silent');
    const schedulers = [0, 1, 2].map(() => new Scheduler({ leases: db.repositories.jobLeases, clock: systemClock, log, timeZone: 'UTC' }));
    for (const scheduler of schedulers) {
      scheduler.add({ name: 'every-second', cron: '* * * * * *', run: async () => void runs.push({ owner: scheduler.owner, second: Math.floor(Date.now() / 1000) }) });
      await scheduler.start();
    }
    await new Promise((resolve) => setTimeout(resolve, 3500));
    await Promise.all(schedulers.map((s) => s.stop()));
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const seconds = runs.map((r) => r.second);
    expect(new Set(seconds).size).toBe(seconds.length);
  });
});
