// The contract of MemberRepository.markUnreachable / markReachable on both databases.
import type { Repositories } from '../../src/core/ports';
import { openDatabase, type Database } from '../../src/db/open-database';
import { describeEachDatabase } from '../support/databases';

const t0 = new Date('2030-01-01T09:00:00.000Z');

describeEachDatabase('member reachability', (getUrl) => {
  let db: Database;
  let repos: Repositories;
  beforeAll(async () => {
    db = await openDatabase({ url: getUrl() });
    repos = db.repositories;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('marks one identity unreachable and reachable again, leaving the others alone', async () => {
    await repos.members.upsertByIdentity({ platform: 'teams', externalId: 'tenant-1:aad-1', address: 'teams:x' }, t0, { locale: 'en' });
    await repos.members.upsertByIdentity({ platform: 'teams', externalId: 'tenant-1:aad-2' }, t0, { locale: 'en' });
    await repos.members.upsertByIdentity({ platform: 'slack', externalId: 'tenant-1:aad-1' }, t0, { locale: 'en' });

    const later = new Date(t0.getTime() + 60_000);
    expect(await repos.members.markUnreachable('teams', 'tenant-1:aad-1', later)).toBe(true);
    expect((await repos.members.findByIdentity('teams', 'tenant-1:aad-1'))!.identity).toMatchObject({ unreachableAt: later, address: 'teams:x' });
    expect((await repos.members.findByIdentity('teams', 'tenant-1:aad-2'))!.identity.unreachableAt).toBeNull();
    expect((await repos.members.findByIdentity('slack', 'tenant-1:aad-1'))!.identity.unreachableAt).toBeNull();

    await repos.members.markReachable('teams', 'tenant-1:aad-1');
    expect((await repos.members.findByIdentity('teams', 'tenant-1:aad-1'))!.identity.unreachableAt).toBeNull();
  });

  it('answers false for an identity it does not know and creates nothing', async () => {
    const before = (await repos.members.list()).length;
    expect(await repos.members.markUnreachable('teams', 'nobody:here', t0)).toBe(false);
    await repos.members.markReachable('teams', 'nobody:here');
    expect((await repos.members.list()).length).toBe(before);
    expect(await repos.members.findByIdentity('teams', 'nobody:here')).toBeNull();
  });
});
