// DigestRun claims: one claim per period, kept once sent, given back when the digest could
// not be built (nothing was sent), so the next run sends it.
import { systemClock } from '../../src/core/clock';
import type { OutgoingMessage } from '../../src/core/messages';
import { collectDigest } from '../../src/core/digest/digest';
import type { ChatPort } from '../../src/core/ports';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { loadCountryRegistry } from '../../src/data/countries';
import { openDatabase, type Database } from '../../src/db/open-database';
import { digestData, digestRuns } from '../../src/db/repositories/digest-data';
import { createLogger } from '../../src/logger';
import { DigestJob } from '../../src/scheduler/digest';
import { describeEachDatabase } from '../support/databases';
import { FakeClock } from '../support/fake-clock';

describeEachDatabase('digest runs', (getUrl) => {
  let db: Database;
  beforeEach(async () => {
    db = await openDatabase({ url: getUrl() });
  });
  afterEach(async () => {
    await db.close();
  });

  it('claims a period once, keeps it when sent, gives it back only while unsent', async () => {
    const runs = digestRuns(db.prisma);
    const period = { start: new Date('2026-11-23T08:00:00Z'), end: new Date('2026-11-30T08:00:00Z') };
    const now = systemClock.now();
    expect(await runs.any()).toBe(false);
    expect(await Promise.all([runs.claim('p1', period, now), runs.claim('p1', period, now)])).toEqual(expect.arrayContaining([true, false]));
    await runs.release('p1');
    expect(await runs.claim('p1', period, now)).toBe(true);
    await runs.markSent('p1', now);
    await runs.release('p1');
    expect(await runs.claim('p1', period, now)).toBe(false);
    expect(await runs.any()).toBe(true);
  });

  it('a digest that could not be built is sent by the next run', async () => {
    const coalition = loadCoalitionFile(defaultCoalitionFile);
    const clock = new FakeClock(new Date('2026-11-30T08:00:30Z'));
    const sources = { data: digestData(db.prisma), meetings: db.repositories.meetings, flows: db.repositories.flows, coalition, countries: loadCountryRegistry() };
    let broken = true;
    const sent: OutgoingMessage[] = [];
    const channel: ChatPort = { send: async (_address, message) => (sent.push(message), { ref: 'r' }), update: async () => undefined };
    const job = new DigestJob({
      runs: digestRuns(db.prisma),
      repositories: db.repositories,
      digest: async (period, now) => {
        if (broken) throw new Error('the database went away');
        return collectDigest(sources, period, now);
      },
      chat: channel,
      coalition,
      channels: ['slack:T0:C0SEC'],
      cron: '0 9 * * 1',
      timeZone: 'Europe/Zurich',
      clock,
      log: createLogger('silent'),
    });
    await expect(job.run()).rejects.toThrow('the database went away');
    broken = false;
    expect(await job.run()).toEqual({ status: 'sent', periodKey: 'digest:2026-11-30T08:00:00.000Z', delivered: 1 });
    expect(await job.run()).toEqual({ status: 'already', periodKey: 'digest:2026-11-30T08:00:00.000Z' });
    expect(sent.map((m) => m.title)).toEqual(['Secretariat digest, 2026-11-23 to 2026-11-30']);
  });
});
