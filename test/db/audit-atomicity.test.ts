// A change and its audit entry commit together: with the audit table gone for the duration of
// one call, the call fails and the change itself is rolled back. SQLite and PostgreSQL.
import type { AuditEntry, Repositories } from '../../src/core/ports';
import type { Database } from '../../src/db/open-database';
import { memberDataRights } from '../../src/db/repositories/member-data';
import { describeEachDatabase, openDatabaseForBlock } from '../support/databases';

const t0 = new Date('2030-01-01T09:00:00.000Z');
let seq = 0;
const unique = (prefix: string) => `${prefix}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

describeEachDatabase('a change and its audit entry', (getUrl, provider) => {
  let url: string;
  let db: Database;
  let repos: Repositories;
  const opened = openDatabaseForBlock(getUrl);
  beforeAll(() => ({ url, db, repos } = opened));

  async function newMember() {
    return (await repos.members.upsertByIdentity({ platform: 'local', externalId: unique('user'), address: `local:${unique('addr')}` }, t0, { locale: 'en' })).member;
  }

  const entry = (action: string, subject: string): AuditEntry => ({ at: t0, actor: 'operator', action, subject, details: { check: action } });

  /** Runs `call` while the AuditEntry table is renamed away (so the audit insert fails inside the transaction). */
  async function withoutAuditTable(call: () => Promise<unknown>): Promise<void> {
    const schema = provider === 'postgresql' ? `"${new URL(url).searchParams.get('schema')}".` : '';
    await db.prisma.$executeRawUnsafe(`ALTER TABLE ${schema}"AuditEntry" RENAME TO "AuditEntryAway"`);
    try {
      await expect(call()).rejects.toThrow();
    } finally {
      await db.prisma.$executeRawUnsafe(`ALTER TABLE ${schema}"AuditEntryAway" RENAME TO "AuditEntry"`);
    }
  }

  const audited = async (action: string) => (await repos.audit.list({ action })).length;

  it('grants and revokes a role with its audit entry, or not at all', async () => {
    const m = await newMember();
    await withoutAuditTable(() => repos.roles.grant({ memberId: m.id, role: 'chair', scope: 'access', source: 'operator' }, entry('role.granted', m.id)));
    expect(await repos.roles.rolesOf(m.id)).toEqual([]);

    expect(await repos.roles.grant({ memberId: m.id, role: 'chair', scope: 'access', source: 'operator' }, entry('role.granted', m.id))).toBe(true);
    expect((await repos.roles.rolesOf(m.id)).map((r) => `${r.role} ${r.scope}`)).toEqual(['chair access']);
    expect((await repos.audit.list({ action: 'role.granted' })).filter((e) => e.subject === m.id)).toEqual([entry('role.granted', m.id)]);
    // Held already: nothing changes, nothing is audited.
    expect(await repos.roles.grant({ memberId: m.id, role: 'chair', scope: 'access', source: 'operator' }, entry('role.granted', m.id))).toBe(false);
    expect((await repos.audit.list({ action: 'role.granted' })).filter((e) => e.subject === m.id)).toHaveLength(1);

    await withoutAuditTable(() => repos.roles.revoke(m.id, 'chair', 'access', entry('role.revoked', m.id)));
    expect((await repos.roles.rolesOf(m.id)).map((r) => `${r.role} ${r.scope}`)).toEqual(['chair access']);
    expect(await audited('role.revoked')).toBe(0);
    expect(await repos.roles.revoke(m.id, 'chair', 'access', entry('role.revoked', m.id))).toBe(true);
    expect(await repos.roles.rolesOf(m.id)).toEqual([]);
    expect(await audited('role.revoked')).toBe(1);
  });

  it('creates, reschedules and cancels a meeting with its audit entry, or not at all', async () => {
    const chair = await newMember();
    const meeting = {
      group: 'access',
      title: unique('Sync'),
      startLocal: '2030-01-10T10:00',
      timeZone: 'UTC',
      firstStartAt: new Date('2030-01-10T10:00:00.000Z'),
      durationMinutes: 30,
      joinUrl: null,
      agenda: null,
      rrule: null,
      createdById: chair.id,
    };
    const scheduled = { at: t0, actor: `member:${chair.id}`, action: 'meeting.scheduled', details: { group: 'access' } };
    await withoutAuditTable(() => repos.meetings.create(meeting, t0, scheduled));
    expect((await repos.meetings.scheduled(['access'])).filter((m) => m.title === meeting.title)).toEqual([]);
    expect(await audited('meeting.scheduled')).toBe(0);

    const created = await repos.meetings.create(meeting, t0, scheduled);
    expect(await repos.audit.list({ action: 'meeting.scheduled' })).toEqual([{ ...scheduled, subject: created.id }]);

    const later = { startLocal: '2030-01-11T10:00', firstStartAt: new Date('2030-01-11T10:00:00.000Z') };
    await withoutAuditTable(() => repos.meetings.update(created.id, later, t0, entry('meeting.rescheduled', created.id)));
    await withoutAuditTable(() => repos.meetings.update(created.id, { status: 'cancelled' }, t0, entry('meeting.cancelled', created.id)));
    expect(await repos.meetings.get(created.id)).toEqual(created);

    await repos.meetings.update(created.id, { status: 'cancelled' }, t0, entry('meeting.cancelled', created.id));
    expect((await repos.meetings.get(created.id))?.status).toBe('cancelled');
    expect(await audited('meeting.cancelled')).toBe(1);
  });

  it('removes a membership, updates a profile and merges two members with their audit entries, or not at all', async () => {
    const m = await newMember();
    await repos.memberships.add(m.id, 'access', t0);
    await withoutAuditTable(() => repos.memberships.remove(m.id, 'access', entry('membership.left', m.id)));
    expect((await repos.memberships.ofMember(m.id)).map((x) => x.groupKey)).toEqual(['access']);

    await withoutAuditTable(() => repos.members.updateProfile(m.id, { name: 'Changed', profileCompletedAt: t0 }, entry('profile.updated', m.id)));
    expect(await repos.members.get(m.id)).toEqual(m);

    const other = await newMember();
    await withoutAuditTable(() => repos.members.merge(m.id, other.id, t0, entry('member.linked', m.id)));
    expect(await repos.members.get(other.id)).toEqual(other);
    expect(await repos.members.identities(m.id)).toHaveLength(1);
    expect(await audited('membership.left')).toBe(0);
    expect(await audited('profile.updated')).toBe(0);
    expect(await audited('member.linked')).toBe(0);
  });

  it('forgets a member with its "member.forgotten" entry, or not at all', async () => {
    const m = await newMember();
    await withoutAuditTable(() => memberDataRights(db.prisma).forget(m.id, t0));
    expect(await repos.members.get(m.id)).toEqual(m);
    await memberDataRights(db.prisma).forget(m.id, t0);
    expect(await repos.members.get(m.id)).toBeNull();
    expect(await repos.audit.list({ action: 'member.forgotten' })).toEqual([{ at: t0, actor: 'system', action: 'member.forgotten', subject: null, details: { pledgesKept: 0, identitiesDeleted: 1 } }]);
  });
});
