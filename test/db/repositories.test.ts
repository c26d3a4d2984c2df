// The contract of every repository port, run on SQLite and (with TEST_DATABASE_URL) PostgreSQL.
import type { Coalition } from '../../src/core/coalition/coalition';
import { isBotError } from '../../src/core/errors';
import type { Repositories } from '../../src/core/ports';
import { openDatabase, type Database } from '../../src/db/open-database';
import { describeEachDatabase, openDatabaseForBlock } from '../support/databases';
import { rejectionOf } from '../support/rejection';

const t0 = new Date('2030-01-01T09:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
let seq = 0;
const unique = (prefix: string) => `${prefix}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;


function coalitionFixture({ id = 'tc', name = 'Test Coalition', accessName = 'Access', keyPrefix = '' } = {}): Coalition {
  // Only what sync reads; the full file schema belongs to src/core/coalition.
  return {
    id,
    name,
    focusAreas: [
      { key: `${keyPrefix}access`, name: accessName, purpose: 'Connecting people', workingGroup: { name: 'Access Working Group' } },
      { key: `${keyPrefix}adoption`, name: 'Adoption', purpose: 'Empowering communities' },
    ],
  } as unknown as Coalition;
}

describeEachDatabase('repositories', (getUrl, provider) => {
  let url: string;
  let db: Database;
  let repos: Repositories;
  const opened = openDatabaseForBlock(getUrl, { syncCoalition: false });
  beforeAll(() => ({ url, db, repos } = opened));

  async function newMember(): Promise<string> {
    const { member } = await repos.members.upsertByIdentity({ platform: 'local', externalId: unique('user') }, t0, { locale: 'en' });
    return member.id;
  }

  describe('members', () => {
    it('creates a member with its identity on first contact and refreshes the identity after', async () => {
      const externalId = unique('T1:U1');
      const first = await repos.members.upsertByIdentity(
        { platform: 'slack', externalId, address: 'slack:D1', email: 'a@example.org', emailVerified: true, displayName: 'Ada' },
        t0,
        { locale: 'fr', name: 'Ada L.' },
      );
      expect(first.created).toBe(true);
      expect(first.member).toMatchObject({ name: 'Ada L.', locale: 'fr', email: 'a@example.org', category: null, preferredPlatform: null, createdAt: t0 });
      expect(first.identity).toMatchObject({ memberId: first.member.id, platform: 'slack', externalId, address: 'slack:D1', emailVerified: true, displayName: 'Ada', lastSeenAt: t0, unreachableAt: null });

      const again = await repos.members.upsertByIdentity({ platform: 'slack', externalId, address: 'slack:D2', displayName: 'Ada Lovelace' }, at(5), { locale: 'en' });
      expect(again.created).toBe(false);
      expect(again.member.id).toBe(first.member.id);
      expect(again.member.locale).toBe('fr');
      expect(again.identity).toMatchObject({ id: first.identity.id, address: 'slack:D2', displayName: 'Ada Lovelace', email: 'a@example.org', lastSeenAt: at(5) });

      expect(await repos.members.findByIdentity('slack', externalId)).toEqual({ member: again.member, identity: again.identity });
      expect(await repos.members.findByIdentity('teams', externalId)).toBeNull();
      expect(await repos.members.get(first.member.id)).toEqual(again.member);
      expect(await repos.members.get('no-such-member')).toBeNull();
      expect(await repos.members.identities(first.member.id)).toEqual([again.identity]);
    });

    it('gives ten concurrent first contacts of one user one member', async () => {
      // PostgreSQL: a second pool too, as a second replica would have. SQLite: one client per
      // process (see prisma-client.ts); its concurrent requests share it.
      const second = provider === 'postgresql' ? await openDatabase({ url }) : db;
      try {
        const externalId = unique('T1:RACE');
        const before = (await repos.members.list()).length;
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? second.repositories : repos).members.upsertByIdentity({ platform: 'slack', externalId }, t0, { locale: 'en' }),
          ),
        );
        expect(new Set(results.map((r) => r.member.id)).size).toBe(1);
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect((await repos.members.list()).length).toBe(before + 1);
        expect(await repos.members.identities(results[0]!.member.id)).toHaveLength(1);
      } finally {
        if (second !== db) await second.close();
      }
    });

    it('updates the profile and lists members', async () => {
      const id = await newMember();
      const updated = await repos.members.updateProfile(id, {
        name: 'Grace',
        organization: 'Navy',
        category: 'member_state',
        country: 'USA',
        timeZone: 'America/New_York',
        profileCompletedAt: at(1),
        preferredPlatform: 'teams',
      });
      expect(updated).toMatchObject({ id, name: 'Grace', organization: 'Navy', category: 'member_state', country: 'USA', timeZone: 'America/New_York', profileCompletedAt: at(1), preferredPlatform: 'teams' });
      expect(await repos.members.get(id)).toEqual(updated);
      expect((await repos.members.list()).map((m) => m.id)).toContain(id);

      const error = await rejectionOf(repos.members.updateProfile('no-such-member', { name: 'x' }));
      expect(isBotError(error, 'NOT_FOUND')).toBe(true);
    });
  });

  describe('roles', () => {
    it('grants idempotently, lists holders by scope and revokes', async () => {
      const member = await newMember();
      await repos.roles.grant({ memberId: member, role: 'secretariat', scope: '', source: 'config' });
      await repos.roles.grant({ memberId: member, role: 'secretariat', scope: '', source: 'config' });
      await repos.roles.grant({ memberId: member, role: 'chair', scope: 'access', source: 'chat' });
      expect(await repos.roles.rolesOf(member)).toEqual([
        { memberId: member, role: 'chair', scope: 'access', source: 'chat' },
        { memberId: member, role: 'secretariat', scope: '', source: 'config' },
      ]);
      expect((await repos.roles.holders('chair', 'access')).map((r) => r.memberId)).toContain(member);
      expect((await repos.roles.holders('chair', 'adoption')).map((r) => r.memberId)).not.toContain(member);
      expect((await repos.roles.holders('chair')).map((r) => r.memberId)).toContain(member);

      expect(await repos.roles.revoke(member, 'chair', 'access')).toBe(true);
      expect(await repos.roles.revoke(member, 'chair', 'access')).toBe(false);
      expect(await repos.roles.rolesOf(member)).toEqual([{ memberId: member, role: 'secretariat', scope: '', source: 'config' }]);
    });
  });

  describe('flows', () => {
    it('saves with optimistic concurrency and fails stale writes with FLOW.STALE', async () => {
      const member = await newMember();
      const state = { memberId: member, conversation: 'local:dm', flow: 'pledge', step: 'title', answers: { focus: 'access' } };

      const created = await repos.flows.save(state, null, t0);
      expect(created).toEqual({ ...state, version: 1, startedAt: t0, updatedAt: t0 });
      expect(isBotError(await rejectionOf(repos.flows.save(state, null, t0)), 'FLOW.STALE')).toBe(true);

      const next = await repos.flows.save({ ...state, step: 'amount', answers: { focus: 'access', title: 'Schools' } }, 1, at(2));
      expect(next).toEqual({ ...state, step: 'amount', answers: { focus: 'access', title: 'Schools' }, version: 2, startedAt: t0, updatedAt: at(2) });
      expect(isBotError(await rejectionOf(repos.flows.save(state, 1, at(3))), 'FLOW.STALE')).toBe(true);
      expect(await repos.flows.get(member, 'local:dm')).toEqual(next);
      expect(await repos.flows.get(member, 'other')).toBeNull();
    });

    it('lets exactly one of two concurrent saves of the same version win', async () => {
      const member = await newMember();
      const state = { memberId: member, conversation: 'c', flow: 'join', step: 'group', answers: {} };
      await repos.flows.save(state, null, t0);
      const outcomes = await Promise.allSettled([repos.flows.save({ ...state, step: 'a' }, 1, at(1)), repos.flows.save({ ...state, step: 'b' }, 1, at(1))]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const failed = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(isBotError(failed.reason, 'FLOW.STALE')).toBe(true);
    });

    it('finds untouched flows and deletes', async () => {
      const member = await newMember();
      await repos.flows.save({ memberId: member, conversation: 'old', flow: 'f', step: 's', answers: {} }, null, at(-600));
      await repos.flows.save({ memberId: member, conversation: 'new', flow: 'f', step: 's', answers: {} }, null, at(600));
      const untouched = (await repos.flows.untouchedSince(at(0))).filter((f) => f.memberId === member);
      expect(untouched.map((f) => f.conversation)).toEqual(['old']);
      await repos.flows.delete(member, 'old');
      await repos.flows.delete(member, 'old');
      expect(await repos.flows.get(member, 'old')).toBeNull();
    });
  });

  describe('audit', () => {
    it('records and lists entries in time order, filtered by action and time', async () => {
      const action = unique('pledge.created');
      await repos.audit.record({ at: at(2), actor: 'member:m2', action, subject: 'pledge:2', details: { pledge: 2, valueUsd: 1.5 } });
      await repos.audit.record({ at: at(1), actor: 'system', action });
      await repos.audit.record({ at: at(3), actor: 'operator', action: `${action}.other` });

      expect(await repos.audit.list({ action })).toEqual([
        { at: at(1), actor: 'system', action, subject: null, details: null },
        { at: at(2), actor: 'member:m2', action, subject: 'pledge:2', details: { pledge: 2, valueUsd: 1.5 } },
      ]);
      expect((await repos.audit.list({ action, since: at(2) })).map((e) => e.actor)).toEqual(['member:m2']);
      expect((await repos.audit.list()).filter((e) => e.action.startsWith(action))).toHaveLength(3);
    });
  });

  describe('coalition', () => {
    it('syncs the coalition, focus areas and working groups idempotently', async () => {
      await repos.coalition.sync(coalitionFixture());
      await repos.coalition.sync(coalitionFixture());
      await repos.coalition.sync(coalitionFixture({ name: 'Renamed', accessName: 'Access for all' }));

      expect(await db.prisma.coalition.findMany({ where: { id: 'tc' }, select: { id: true, name: true } })).toEqual([{ id: 'tc', name: 'Renamed' }]);
      expect(await db.prisma.focusArea.findMany({ where: { coalitionId: 'tc' }, orderBy: { position: 'asc' }, select: { id: true, key: true, name: true, position: true } })).toEqual([
        { id: 'tc:access', key: 'access', name: 'Access for all', position: 0 },
        { id: 'tc:adoption', key: 'adoption', name: 'Adoption', position: 1 },
      ]);
      expect(await db.prisma.workingGroup.findMany({ where: { focusArea: { coalitionId: 'tc' } }, orderBy: { key: 'asc' }, select: { id: true, key: true, name: true, focusAreaId: true } })).toEqual([
        { id: 'tc:access', key: 'access', name: 'Access Working Group', focusAreaId: 'tc:access' },
        { id: 'tc:adoption', key: 'adoption', name: 'Adoption Working Group', focusAreaId: 'tc:adoption' },
      ]);
    });

    it('survives two concurrent first syncs', async () => {
      const fresh = coalitionFixture({ id: 'race', keyPrefix: 'r_' });
      await Promise.all([repos.coalition.sync(fresh), repos.coalition.sync(fresh)]);
      expect(await db.prisma.workingGroup.count({ where: { focusArea: { coalitionId: 'race' } } })).toBe(2);
    });
  });

  describe('processed events', () => {
    it('is true the first time a key is seen and false after, even concurrently', async () => {
      const key = unique('slack:Ev1');
      expect(await repos.processedEvents.firstSeen(key, t0)).toBe(true);
      expect(await repos.processedEvents.firstSeen(key, at(1))).toBe(false);

      const raced = unique('teams:act');
      const seen = await Promise.all(Array.from({ length: 5 }, () => repos.processedEvents.firstSeen(raced, t0)));
      expect(seen.filter(Boolean)).toHaveLength(1);
    });

    it('prunes keys older than a date', async () => {
      const old = unique('old');
      const fresh = unique('fresh');
      await repos.processedEvents.firstSeen(old, new Date('2001-01-01T00:00:00Z'));
      await repos.processedEvents.firstSeen(fresh, new Date('2001-01-03T00:00:00Z'));
      expect(await repos.processedEvents.prune(new Date('2001-01-02T00:00:00Z'))).toBe(1);
      expect(await repos.processedEvents.firstSeen(old, t0)).toBe(true);
      expect(await repos.processedEvents.firstSeen(fresh, t0)).toBe(false);
    });
  });

  describe('job leases', () => {
    it('is exclusive until it expires, renewable by its owner, and free after release', async () => {
      const job = unique('digest');
      expect(await repos.jobLeases.acquire(job, 'a', t0, at(1))).toBe(true);
      expect(await repos.jobLeases.acquire(job, 'b', at(0.5), at(1.5))).toBe(false);
      expect(await repos.jobLeases.acquire(job, 'a', at(0.5), at(2))).toBe(true); // its own: renewed to at(2)
      expect(await repos.jobLeases.acquire(job, 'b', at(1.5), at(2.5))).toBe(false);
      expect(await repos.jobLeases.acquire(job, 'b', at(2), at(3))).toBe(true); // expired
      expect(await repos.jobLeases.acquire(job, 'a', at(2.5), at(3.5))).toBe(false);
      await repos.jobLeases.release(job, 'a'); // not the owner: no effect
      expect(await repos.jobLeases.acquire(job, 'a', at(2.5), at(3.5))).toBe(false);
      await repos.jobLeases.release(job, 'b');
      expect(await repos.jobLeases.acquire(job, 'a', at(2.5), at(3.5))).toBe(true);
    });

    it('goes to exactly one of many concurrent owners, for a new and for an expired lease', async () => {
      const job = unique('tick');
      const owners = ['r1', 'r2', 'r3', 'r4', 'r5'];
      const fresh = await Promise.all(owners.map((o) => repos.jobLeases.acquire(job, o, t0, at(1))));
      expect(fresh.filter(Boolean)).toHaveLength(1);
      const expired = await Promise.all(owners.map((o) => repos.jobLeases.acquire(job, `${o}-later`, at(5), at(6))));
      expect(expired.filter(Boolean)).toHaveLength(1);
    });
  });
});
