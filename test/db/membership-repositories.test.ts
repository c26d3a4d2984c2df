// The contract of the membership ports (applications, memberships, link codes, posted
// messages, members.merge), run on SQLite and (with TEST_DATABASE_URL) PostgreSQL.
import type { Repositories } from '../../src/core/ports';
import { openDatabase, type Database } from '../../src/db/open-database';
import { describeEachDatabase, openDatabaseForBlock } from '../support/databases';

const t0 = new Date('2030-01-01T09:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
let seq = 0;
const unique = (prefix: string) => `${prefix}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

describeEachDatabase('membership repositories', (getUrl, provider) => {
  let url: string;
  let db: Database;
  let repos: Repositories;
  const opened = openDatabaseForBlock(getUrl);
  beforeAll(() => ({ url, db, repos } = opened));

  async function newMember(platform: 'slack' | 'teams' | 'local' = 'local', when = t0) {
    return (await repos.members.upsertByIdentity({ platform, externalId: unique('user'), address: `${platform}:${unique('addr')}` }, when, { locale: 'en' })).member;
  }

  async function create(input: Parameters<Repositories['applications']['create']>[0]) {
    const application = await repos.applications.create(input);
    if (!application) throw new Error('expected the application to be created');
    return application;
  }

  describe('applications', () => {
    it('refuses a second pending application or one to a group the member is in, also when submitted concurrently', async () => {
      const m = await newMember();
      const second = provider === 'postgresql' ? await openDatabase({ url }) : db;
      try {
        const input = { memberId: m.id, groupKey: 'access', answers: {}, submittedAt: t0 };
        const results = await Promise.all(Array.from({ length: 4 }, (_, i) => (i % 2 ? second.repositories : repos).applications.create(input)));
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect(await repos.applications.create(input)).toBeNull();
        await repos.memberships.add(m.id, 'adoption', t0);
        expect(await repos.applications.create({ ...input, groupKey: 'adoption' })).toBeNull();
        expect(await repos.applications.create({ ...input, groupKey: 'accelerate' })).not.toBeNull();
      } finally {
        if (second !== db) await second.close();
      }
    });

    it('creates short typeable ids, finds them in any case, lists pending ones and a member\'s', async () => {
      const m = await newMember();
      const a = await create({ memberId: m.id, groupKey: 'access', answers: { commitment_evidence: 'x'.repeat(50), pledge_readiness: true, pledge_intent: 'Schools' }, submittedAt: t0 });
      expect(a).toMatchObject({ memberId: m.id, groupKey: 'access', status: 'pending', submittedAt: t0, decidedAt: null, decidedById: null, reason: null });
      expect(a.id).toMatch(/^[a-z2-9]{8}$/);
      expect(a.answers).toEqual({ commitment_evidence: 'x'.repeat(50), pledge_readiness: true, pledge_intent: 'Schools' });
      expect(await repos.applications.get(a.id.toUpperCase())).toEqual(a);
      expect(await repos.applications.get('nope')).toBeNull();
      expect((await repos.applications.pending()).map((p) => p.id)).toContain(a.id);
      expect(await repos.applications.ofMember(m.id)).toEqual([a]);
      await expect(repos.applications.create({ memberId: m.id, groupKey: 'no_such_group', answers: {}, submittedAt: t0 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('approval creates the membership; a decided application is never decided again', async () => {
      const [m, s] = [await newMember(), await newMember()];
      const a = await create({ memberId: m.id, groupKey: 'adoption', answers: {}, submittedAt: t0 });
      const approved = await repos.applications.decide(a.id, { status: 'approved', byId: s.id, at: at(5) });
      expect(approved).toMatchObject({ id: a.id, status: 'approved', decidedById: s.id, decidedAt: at(5), reason: null });
      expect(await repos.memberships.ofMember(m.id)).toEqual([{ memberId: m.id, groupKey: 'adoption', joinedAt: at(5) }]);
      expect(await repos.applications.decide(a.id, { status: 'rejected', byId: s.id, at: at(6), reason: 'late' })).toBeNull();
      expect((await repos.applications.get(a.id))!.status).toBe('approved');
      expect((await repos.applications.pending()).map((p) => p.id)).not.toContain(a.id);
    });

    it('a rejection keeps its reason and creates no membership', async () => {
      const [m, s] = [await newMember(), await newMember()];
      const a = await create({ memberId: m.id, groupKey: 'accelerate', answers: {}, submittedAt: t0 });
      expect(await repos.applications.decide(a.id, { status: 'rejected', byId: s.id, at: at(1), reason: 'Not this year' })).toMatchObject({ status: 'rejected', reason: 'Not this year' });
      expect(await repos.memberships.ofMember(m.id)).toEqual([]);
    });

    it('of two concurrent decisions exactly one wins', async () => {
      // PostgreSQL: a second pool, as a second replica would have; SQLite: one client per process.
      const second = provider === 'postgresql' ? await openDatabase({ url }) : db;
      const [m, s] = [await newMember(), await newMember()];
      const a = await create({ memberId: m.id, groupKey: 'value_creation', answers: {}, submittedAt: t0 });
      const results = await Promise.all([
        repos.applications.decide(a.id, { status: 'approved', byId: s.id, at: at(1) }),
        second.repositories.applications.decide(a.id, { status: 'rejected', byId: s.id, at: at(1), reason: 'no' }),
        repos.applications.decide(a.id, { status: 'approved', byId: s.id, at: at(1) }),
      ]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      const winner = results.find((r) => r !== null)!;
      expect(await repos.memberships.ofMember(m.id)).toHaveLength(winner.status === 'approved' ? 1 : 0);
      if (second !== db) await second.close();
    });
  });

  describe('memberships', () => {
    it('adds idempotently, lists by member, group and all, and removes', async () => {
      const [m, n] = [await newMember(), await newMember()];
      expect(await repos.memberships.add(m.id, 'access', t0)).toBe(true);
      expect(await repos.memberships.add(m.id, 'access', at(1))).toBe(false);
      await repos.memberships.add(n.id, 'access', at(2));
      await repos.memberships.add(m.id, 'adoption', at(3));
      expect(await repos.memberships.ofMember(m.id)).toEqual([
        { memberId: m.id, groupKey: 'access', joinedAt: t0 },
        { memberId: m.id, groupKey: 'adoption', joinedAt: at(3) },
      ]);
      const access = (await repos.memberships.ofGroup('access')).map((x) => x.memberId);
      expect(access).toEqual(expect.arrayContaining([m.id, n.id]));
      expect((await repos.memberships.all()).filter((x) => x.memberId === m.id)).toHaveLength(2);
      expect(await repos.memberships.remove(m.id, 'access')).toBe(true);
      expect(await repos.memberships.remove(m.id, 'access')).toBe(false);
      expect((await repos.memberships.ofMember(m.id)).map((x) => x.groupKey)).toEqual(['adoption']);
    });
  });

  describe('link codes', () => {
    it('are used once, only before they expire, and a new code replaces the member\'s older one', async () => {
      const m = await newMember();
      await repos.linkCodes.create('AAAA1111', m.id, 'slack:T1:U1', at(15));
      await repos.linkCodes.create('BBBB2222', m.id, 'slack:T1:U1', at(15));
      expect(await repos.linkCodes.consume('AAAA1111', at(1))).toBeNull();
      expect(await repos.linkCodes.consume('BBBB2222', at(1))).toEqual({ memberId: m.id, identity: 'slack:T1:U1' });
      expect(await repos.linkCodes.consume('BBBB2222', at(2))).toBeNull();
      await repos.linkCodes.create('CCCC3333', m.id, 'slack:T1:U1', at(15));
      expect(await repos.linkCodes.consume('CCCC3333', at(15))).toBeNull();
      expect(await repos.linkCodes.consume('CCCC3333', at(1))).toBeNull(); // an expired try uses it up
    });

    it('a code consumed concurrently is granted once', async () => {
      const m = await newMember();
      await repos.linkCodes.create('DDDD4444', m.id, 'slack:T1:U1', at(15));
      const results = await Promise.all(Array.from({ length: 5 }, () => repos.linkCodes.consume('DDDD4444', at(1))));
      expect(results.filter((r) => r?.memberId === m.id)).toHaveLength(1);
    });
  });

  describe('pending links', () => {
    it('keep one pending link per member, record each side\'s confirmation, expire, and are removed once', async () => {
      const owner = await newMember();
      const claimer = await newMember();
      const other = await newMember();
      const first = await repos.linkCodes.openPending({ ownerId: owner.id, ownerIdentity: 'slack:T1:UO', claimerId: other.id, claimerIdentity: 'teams:tn:o', expiresAt: at(15) });
      const link = await repos.linkCodes.openPending({ ownerId: owner.id, ownerIdentity: 'slack:T1:UO', claimerId: claimer.id, claimerIdentity: 'teams:tn:c', expiresAt: at(15) });
      // A new link of the owner replaced the first.
      expect(await repos.linkCodes.pendingOf(other.id, at(1))).toBeNull();
      expect(await repos.linkCodes.confirmPending(first.id, 'owner', at(1))).toBeNull();
      expect(await repos.linkCodes.pendingOf(claimer.id, at(1))).toMatchObject({ id: link.id, ownerConfirmedAt: null, claimerConfirmedAt: null });
      expect(await repos.linkCodes.confirmPending(link.id, 'claimer', at(2))).toMatchObject({ claimerConfirmedAt: at(2), ownerConfirmedAt: null });
      expect(await repos.linkCodes.confirmPending(link.id, 'owner', at(3))).toMatchObject({ claimerConfirmedAt: at(2), ownerConfirmedAt: at(3) });
      expect(await repos.linkCodes.pendingOf(owner.id, at(15))).toBeNull();
      const removed = await Promise.all([repos.linkCodes.removePending(link.id), repos.linkCodes.removePending(link.id)]);
      expect(removed.filter(Boolean)).toHaveLength(1);
      expect(await repos.linkCodes.pendingOf(owner.id, at(1))).toBeNull();
    });
  });

  describe('posted messages', () => {
    it('records every copy and finds them by kind and subject', async () => {
      await repos.postedMessages.record({ kind: 'application', subjectId: 'app1', address: 'local:a', ref: 'r1' }, t0);
      await repos.postedMessages.record({ kind: 'application', subjectId: 'app1', address: 'slack:T:C', ref: 'r2' }, at(1));
      await repos.postedMessages.record({ kind: 'application', subjectId: 'app2', address: 'local:a', ref: 'r3' }, at(2));
      expect(await repos.postedMessages.find('application', 'app1')).toEqual([
        { kind: 'application', subjectId: 'app1', address: 'local:a', ref: 'r1' },
        { kind: 'application', subjectId: 'app1', address: 'slack:T:C', ref: 'r2' },
      ]);
      expect(await repos.postedMessages.find('other', 'app1')).toEqual([]);
    });
  });

  describe('members.merge and identitiesByVerifiedEmail', () => {
    it('moves identities, memberships, applications, roles and flows to the survivor, drops duplicates, fills the profile', async () => {
      const keep = await newMember('slack', t0);
      const gone = await newMember('teams', at(1));
      await repos.members.updateProfile(keep.id, { name: 'Kim', organization: null });
      await repos.members.updateProfile(gone.id, { name: 'Kim T.', organization: 'Org', country: 'KEN' });
      await repos.memberships.add(keep.id, 'access', t0);
      await repos.memberships.add(gone.id, 'access', at(1));
      await repos.memberships.add(gone.id, 'adoption', at(1));
      const app = await create({ memberId: gone.id, groupKey: 'accelerate', answers: {}, submittedAt: at(1) });
      await repos.roles.grant({ memberId: keep.id, role: 'chair', scope: 'access', source: 'chat' });
      await repos.roles.grant({ memberId: gone.id, role: 'chair', scope: 'access', source: 'chat' });
      await repos.roles.grant({ memberId: gone.id, role: 'secretariat', scope: '', source: 'config' });
      await repos.flows.save({ memberId: gone.id, conversation: 'teams:conv', flow: 'profile', step: 'name', answers: {} }, null, at(1));
      await repos.linkCodes.create('EEEE5555', gone.id, 'slack:T1:U1', at(15));
      const goneIdentities = await repos.members.identities(gone.id);

      // Both hold roles: refused unless the link was confirmed, and then nothing has moved.
      await expect(repos.members.merge(keep.id, gone.id, at(2))).rejects.toMatchObject({ code: 'AUTH.ROLE_HOLDER' });
      expect(await repos.members.identities(gone.id)).toEqual(goneIdentities);
      expect(await repos.roles.rolesOf(gone.id)).toHaveLength(2);

      const merged = await repos.members.merge(keep.id, gone.id, at(2), undefined, { allowRoleHolders: true, link: { at: at(2), by: 'code', identities: ['slack:T1:UKEEP', 'teams:tn:gone'] } });
      expect(merged).toMatchObject({ id: keep.id, name: 'Kim', organization: 'Org', country: 'KEN' });
      expect(await repos.members.links(keep.id)).toEqual([{ at: at(2), by: 'code', identities: ['slack:T1:UKEEP', 'teams:tn:gone'] }]);
      expect(await repos.members.get(gone.id)).toBeNull();
      expect((await repos.members.identities(keep.id)).map((i) => i.id)).toEqual(expect.arrayContaining(goneIdentities.map((i) => i.id)));
      expect(await repos.members.identities(keep.id)).toHaveLength(2);
      expect((await repos.memberships.ofMember(keep.id)).map((m) => m.groupKey).sort()).toEqual(['access', 'adoption']);
      expect((await repos.applications.get(app.id))!.memberId).toBe(keep.id);
      expect((await repos.roles.rolesOf(keep.id)).map((r) => `${r.role}:${r.scope}`)).toEqual(['chair:access', 'secretariat:']);
      expect((await repos.flows.get(keep.id, 'teams:conv'))?.flow).toBe('profile');
      expect(await repos.linkCodes.consume('EEEE5555', at(3))).toBeNull();
      const teamsIdentity = (await repos.members.identities(keep.id)).find((i) => i.platform === 'teams')!;
      expect((await repos.members.findByIdentity('teams', teamsIdentity.externalId))!.member.id).toBe(keep.id);
    });

    it('refuses to merge a member with itself or with a member that does not exist, changing nothing', async () => {
      const m = await newMember();
      await expect(repos.members.merge(m.id, m.id, t0)).rejects.toMatchObject({ code: 'INPUT.INVALID' });
      await expect(repos.members.merge(m.id, 'missing', t0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await repos.members.get(m.id)).not.toBeNull();
    });

    it('finds verified identities by email in any case', async () => {
      const email = `${unique('kim')}@Example.org`;
      const { identity } = await repos.members.upsertByIdentity({ platform: 'slack', externalId: unique('T:U'), email: email.toLowerCase(), emailVerified: true }, t0, { locale: 'en' });
      await repos.members.upsertByIdentity({ platform: 'teams', externalId: unique('tn:aad'), email: email.toLowerCase(), emailVerified: false }, t0, { locale: 'en' });
      expect((await repos.members.identitiesByVerifiedEmail(email)).map((i) => i.id)).toEqual([identity.id]);
      expect(await repos.members.identitiesByVerifiedEmail('nobody@example.org')).toEqual([]);
    });
  });
});
