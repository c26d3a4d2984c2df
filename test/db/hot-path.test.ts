// The plain-SQL statements of turns and reminders against what Prisma's model queries answer
// for the same rows (the oracle): the read of identity, member, roles and flow state, a first
// contact's member and identity (also with its first delivery), an email looked up after the
// turn, the delivery record, and a reminder's member with their identities. (A reminder's claim
// and sent mark are held to the model in test/db/reminders.test.ts.)
import { openDatabase } from '../../src/db/open-database';
import { describeEachDatabase } from '../support/databases';

const testDatabase = (url: string) => openDatabase({ url });

describeEachDatabase('the turn\'s plain-SQL statements', (getUrl) => {
  it('read what the model queries read: identity, member, roles in order, the flow state of that conversation only', async () => {
    const db = await testDatabase(getUrl());
    try {
      const r = db.repositories;
      const t0 = new Date('2026-12-01T10:00:00.123Z');
      expect(await r.members.findForTurn('slack', 'T0:UNKNOWN', 'slack:T0:UNKNOWN')).toBeNull();
      const { member } = await r.members.upsertByIdentity({ platform: 'slack', externalId: 'T0:U1', address: 'slack:T0:U1', email: 'ada@example.org', emailVerified: true, displayName: 'Ada' }, t0, { locale: 'fr', name: 'Ada L.' });
      await r.members.updateProfile(member.id, { organization: 'Org', country: 'KEN', timeZone: 'Africa/Nairobi', profileCompletedAt: new Date('2026-12-01T11:00:00Z') });
      await r.members.markUnreachable('slack', 'T0:U1', new Date('2026-12-02T00:00:00Z'));
      const expectSame = async (conversation: string) => {
        const read = await r.members.findForTurn('slack', 'T0:U1', conversation);
        const model = await r.members.findByIdentity('slack', 'T0:U1');
        expect(read).toEqual({ member: model!.member, identity: model!.identity, roles: await r.roles.rolesOf(member.id), flow: await r.flows.get(member.id, conversation) });
        return read!;
      };
      expect((await expectSame('slack:T0:U1')).roles).toEqual([]);
      await r.roles.grant({ memberId: member.id, role: 'secretariat', scope: '', source: 'config' });
      await r.roles.grant({ memberId: member.id, role: 'chair', scope: 'access', source: 'chat' });
      await r.roles.grant({ memberId: member.id, role: 'chair', scope: 'adoption', source: 'operator' });
      await r.flows.save({ memberId: member.id, conversation: 'slack:T0:U1', flow: 'profile', step: 'name', answers: { a: 1, b: ['x'], c: null }, startedAt: t0 }, null, t0);
      await r.flows.save({ memberId: member.id, conversation: 'elsewhere', flow: 'pledge', step: 'title', answers: {} }, null, t0);
      const read = await expectSame('slack:T0:U1');
      expect(read.roles.map((x) => `${x.role}:${x.scope}`)).toEqual(['chair:access', 'chair:adoption', 'secretariat:']);
      expect(read.flow).toMatchObject({ flow: 'profile', version: 1, answers: { a: 1, b: ['x'], c: null } });
      expect(read.identity).toMatchObject({ emailVerified: true, lastSeenAt: t0, unreachableAt: new Date('2026-12-02T00:00:00Z') });
      await expectSame('no-flow-here');
    } finally {
      await db.close();
    }
  });

  it('create a first contact as the model reads it back, once when two arrive at the same moment', async () => {
    const db = await testDatabase(getUrl());
    try {
      const r = db.repositories;
      const t0 = new Date('2026-12-01T10:00:00.456Z');
      const created = await r.members.upsertByIdentity({ platform: 'teams', externalId: 'tenant:aad-1', address: 'teams:x', displayName: 'Grace' }, t0, { locale: 'es' });
      expect(created.created).toBe(true);
      const model = await r.members.findByIdentity('teams', 'tenant:aad-1');
      expect({ member: created.member, identity: created.identity }).toEqual(model);
      expect(model!.member).toMatchObject({ name: null, locale: 'es', createdAt: t0 });
      expect(model!.identity).toMatchObject({ emailVerified: false, email: null, lastSeenAt: t0, unreachableAt: null });
      expect(await r.members.get(created.member.id)).toEqual(created.member);

      const racing = await Promise.all(Array.from({ length: 4 }, () => r.members.upsertByIdentity({ platform: 'slack', externalId: 'T0:RACE', emailVerified: true }, t0, { locale: 'en' })));
      expect(racing.filter((x) => x.created)).toHaveLength(1);
      expect(new Set(racing.map((x) => x.member.id)).size).toBe(1);
      expect((await r.members.identities(racing[0]!.member.id)).map((i) => [i.externalId, i.emailVerified])).toEqual([['T0:RACE', true]]);
    } finally {
      await db.close();
    }
  });

  it('fill a looked-up email only where none is stored, unverified, on the member the identity has now', async () => {
    const db = await testDatabase(getUrl());
    try {
      const r = db.repositories;
      const t0 = new Date('2026-12-01T10:00:00Z');
      const first = (externalId: string, email?: string) => r.members.upsertByIdentity({ platform: 'teams', externalId, ...(email ? { email, emailVerified: false } : {}) }, t0, { locale: 'en' });
      const read = async (externalId: string) => {
        const found = (await r.members.findByIdentity('teams', externalId))!;
        return { identity: [found.identity.email, found.identity.emailVerified], member: found.member.email };
      };
      // Both empty: both filled.
      const ada = await first('t:ada');
      await r.members.addUnverifiedEmail(ada.identity.id, 'ada@contoso.example');
      expect(await read('t:ada')).toEqual({ identity: ['ada@contoso.example', false], member: 'ada@contoso.example' });
      // The member's own email stays.
      const lin = await first('t:lin');
      await r.members.updateProfile(lin.member.id, { email: 'lin@own.example' });
      await r.members.addUnverifiedEmail(lin.identity.id, 'lin@contoso.example');
      expect(await read('t:lin')).toEqual({ identity: ['lin@contoso.example', false], member: 'lin@own.example' });
      // An identity that has one keeps it, and its member is not touched.
      const mae = await first('t:mae', 'mae@first.example');
      await r.members.updateProfile(mae.member.id, { email: null });
      await r.members.addUnverifiedEmail(mae.identity.id, 'mae@second.example');
      expect(await read('t:mae')).toEqual({ identity: ['mae@first.example', false], member: null });
      // Merged into another member since the turn: that member gets it.
      const bob = await first('t:bob');
      const keep = await first('t:bob-elsewhere');
      await r.members.merge(keep.member.id, bob.member.id, t0);
      await r.members.addUnverifiedEmail(bob.identity.id, 'bob@contoso.example');
      expect((await r.members.get(keep.member.id))!.email).toBe('bob@contoso.example');
      // An unknown identity: nothing, no error.
      await r.members.addUnverifiedEmail('no-such-identity', 'x@example.org');
      expect((await r.members.list()).map((m) => m.email).filter((e) => e === 'x@example.org')).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('record a delivery with the turn\'s read: the same read as findForTurn for a first delivery, none for a repeat', async () => {
    const db = await testDatabase(getUrl());
    try {
      const r = db.repositories;
      const t0 = new Date('2026-12-01T10:00:00Z');
      const { member } = await r.members.upsertByIdentity({ platform: 'teams', externalId: 'tn:ada', address: 'teams:ada' }, t0, { locale: 'en' });
      await r.roles.grant({ memberId: member.id, role: 'chair', scope: 'access', source: 'chat' });
      await r.roles.grant({ memberId: member.id, role: 'secretariat', scope: '', source: 'config' });
      await r.flows.save({ memberId: member.id, conversation: 'teams:ada', flow: 'pledge', step: 'title', answers: { n: 1 } }, null, t0);
      const admitted = await r.members.admitAndFindForTurn('teams:activity:c:1', t0, 'teams', 'tn:ada', 'teams:ada');
      expect(admitted).toEqual({ fresh: true, read: await r.members.findForTurn('teams', 'tn:ada', 'teams:ada') });
      expect(admitted.read!.roles.map((x) => x.role)).toEqual(['chair', 'secretariat']);
      // A repeat: nothing read; the key is the one firstSeen records.
      expect(await r.members.admitAndFindForTurn('teams:activity:c:1', t0, 'teams', 'tn:ada', 'teams:ada')).toEqual({ fresh: false, read: null });
      expect(await r.processedEvents.firstSeen('teams:activity:c:1', t0)).toBe(false);
      expect(await r.members.admitAndFindForTurn('teams:activity:c:2', t0, 'teams', 'tn:nobody', 'teams:nobody')).toEqual({ fresh: true, read: null });
      const together = await Promise.all(Array.from({ length: 8 }, () => r.members.admitAndFindForTurn('teams:activity:c:3', t0, 'teams', 'tn:ada', 'teams:ada')));
      expect(together.filter((x) => x.fresh)).toHaveLength(1);
      expect(together.filter((x) => x.read !== null)).toHaveLength(1);
      // Stored as firstSeen stores it: pruned by date.
      expect(await r.processedEvents.prune(new Date('2026-12-01T10:00:01Z'))).toBe(3);
    } finally {
      await db.close();
    }
  });

  it('record a first contact\'s delivery with its newcomer created: the rows upsertByIdentity writes, once when several arrive together', async () => {
    const url = getUrl();
    const db = await testDatabase(url);
    try {
      const r = db.repositories;
      const t0 = new Date('2026-12-01T10:00:00.789Z');
      const newcomer = (externalId: string) => ({ input: { platform: 'teams' as const, externalId, address: `teams:${externalId}`, displayName: 'Grace', reachable: true }, defaults: { locale: 'es', name: 'Grace' } });
      const admitted = await r.members.admitAndFindForTurn('teams:activity:n:1', t0, 'teams', 'tn:grace', 'teams:grace', newcomer('tn:grace'));
      expect(admitted).toMatchObject({ fresh: true, created: true });
      // The model reads back what the statement said it wrote, and the turn's read agrees.
      const model = await r.members.findByIdentity('teams', 'tn:grace');
      expect({ member: admitted.read!.member, identity: admitted.read!.identity }).toEqual(model);
      expect(admitted.read).toEqual(await r.members.findForTurn('teams', 'tn:grace', 'teams:grace'));
      // The same rows as upsertByIdentity creates from the same input (ids apart).
      const oracle = await r.members.upsertByIdentity(newcomer('tn:oracle').input, t0, newcomer('tn:oracle').defaults);
      const withoutIds = (x: { member: object; identity: object }) => ({ member: { ...x.member, id: 0 }, identity: { ...x.identity, id: 0, memberId: 0, externalId: 0, address: 0 } });
      expect(withoutIds(model!)).toEqual(withoutIds(oracle));
      // Known now: read, not created again; a repeat: nothing.
      const again = await r.members.admitAndFindForTurn('teams:activity:n:2', t0, 'teams', 'tn:grace', 'teams:grace', newcomer('tn:grace'));
      expect(again).toEqual({ fresh: true, read: admitted.read });
      expect(await r.members.admitAndFindForTurn('teams:activity:n:2', t0, 'teams', 'tn:nobody', 'teams:nobody', newcomer('tn:nobody'))).toEqual({ fresh: false, read: null });
      expect(await r.members.findByIdentity('teams', 'tn:nobody')).toBeNull();
      // Several first deliveries of one newcomer at once, from two processes' connections (opened
      // first, so the statements overlap): one member, each delivery answered once with it.
      const other = await testDatabase(url);
      let together: Awaited<ReturnType<typeof r.members.admitAndFindForTurn>>[];
      try {
        const both = [r, other.repositories];
        await Promise.all(Array.from({ length: 12 }, (_, i) => both[i % 2]!.members.findForTurn('teams', 'tn:grace', 'teams:grace')));
        together = await Promise.all(Array.from({ length: 6 }, (_, i) => both[i % 2]!.members.admitAndFindForTurn(`teams:activity:n:race-${i % 3}`, t0, 'teams', 'tn:race', 'teams:race', newcomer('tn:race'))));
      } finally {
        await other.close();
      }
      expect(together.filter((x) => x.fresh)).toHaveLength(3);
      expect(together.filter((x) => x.created)).toHaveLength(1);
      const raced = (await r.members.findByIdentity('teams', 'tn:race'))!;
      expect(together.filter((x) => x.fresh).map((x) => x.read!.member.id)).toEqual([raced.member.id, raced.member.id, raced.member.id]);
      expect((await r.members.list()).filter((m) => m.name === 'Grace')).toHaveLength(3);
    } finally {
      await db.close();
    }
  });

  it('read a member with their identities as get() and identities() read them, oldest identity first', async () => {
    const db = await testDatabase(getUrl());
    try {
      const r = db.repositories;
      const expectSame = async (memberId: string) => {
        const member = await r.members.get(memberId);
        expect(await r.members.withIdentities(memberId)).toEqual(member ? { member, identities: await r.members.identities(memberId) } : null);
      };
      await expectSame('no-such-member');
      const ada = await r.members.upsertByIdentity({ platform: 'slack', externalId: 'T0:ADA', address: 'slack:T0:ADA', email: 'ada@example.org', emailVerified: true, displayName: 'Ada' }, new Date('2026-12-01T10:00:00.001Z'), { locale: 'fr', name: 'Ada' });
      await r.members.updateProfile(ada.member.id, { organization: 'Org', timeZone: 'Africa/Nairobi', profileCompletedAt: new Date('2026-12-01T11:00:00Z'), preferredPlatform: 'teams', localeChosen: true });
      await expectSame(ada.member.id);
      // A second identity, merged in: two, in the order they were created.
      const other = await r.members.upsertByIdentity({ platform: 'teams', externalId: 'tn:ada' }, new Date('2026-12-02T10:00:00Z'), { locale: 'en' });
      await r.members.merge(ada.member.id, other.member.id, new Date('2026-12-02T10:00:00Z'));
      await r.members.markUnreachable('teams', 'tn:ada', new Date('2026-12-03T00:00:00Z'));
      await expectSame(ada.member.id);
      expect((await r.members.withIdentities(ada.member.id))!.identities.map((i) => i.platform)).toEqual(['slack', 'teams']);
      // A member with no identity (an imported one): the member, no identities.
      await db.prisma.member.create({ data: { id: 'imported-1', name: 'Imported', email: 'imp@example.org', locale: 'es', importedAs: 'member', createdAt: new Date('2026-12-01T09:00:00Z'), updatedAt: new Date() } });
      await expectSame('imported-1');
      expect(await r.members.withIdentities('imported-1')).toMatchObject({ member: { name: 'Imported', locale: 'es' }, identities: [] });
    } finally {
      await db.close();
    }
  });

  it('record a delivery once, also when two arrive at the same moment', async () => {
    const db = await testDatabase(getUrl());
    try {
      const events = db.repositories.processedEvents;
      const now = new Date('2026-12-01T10:00:00Z');
      expect(await events.firstSeen('slack:event:Ev1', now)).toBe(true);
      expect(await events.firstSeen('slack:event:Ev1', now)).toBe(false);
      const together = await Promise.all(Array.from({ length: 8 }, () => events.firstSeen('teams:activity:c:1', now)));
      expect(together.filter(Boolean)).toHaveLength(1);
      // Stored as Prisma stores a date: pruning by date finds it.
      expect(await events.prune(new Date('2026-12-01T10:00:01Z'))).toBe(2);
    } finally {
      await db.close();
    }
  });
});
