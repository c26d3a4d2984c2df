// `npm run seed:demo` as a newcomer runs it (node dist/scripts/seed-demo.js): a believable
// coalition once, "already there" the second time, and no demo data mixed into a real database.
// Its members are local chat users with an address: on the whole app with a fake clock, the
// demo's reminders all reach them (kept in their local chat history) and the digest reports
// no failures.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openDatabase, type Database } from '../../src/db/open-database';
import { loadCountryRegistry } from '../../src/data/countries';
import { describeEachDatabase } from '../support/databases';
import { startTestApp } from '../support/in-process-app';
import { seedDemo } from '../../scripts/seed-demo';
import { demoMembers } from '../../scripts/demo/demo-coalition';
import type { OutgoingMessage } from '../../src/core/messages';

const root = join(__dirname, '..', '..');

async function seed(databaseUrl: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(root, 'dist/scripts/seed-demo.js'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, ENV_FILE: '', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function counts(db: Database) {
  const { members, meetings, pledges, applications, memberships, roles } = db.repositories;
  return {
    members: (await members.list()).length,
    meetings: (await meetings.scheduled()).length,
    pledges: (await pledges.all()).length,
    pending: (await applications.pending()).length,
    memberships: (await memberships.all()).length,
    chairs: (await roles.holders('chair')).length,
  };
}

describeEachDatabase('demo coalition', (getUrl) => {
  it('seeds one believable demo set, however often it runs', async () => {
    const url = getUrl();
    const first = await seed(url);
    expect(first.code).toBe(0);
    const [added, hint] = first.stdout.split('\n');
    expect(added).toBe('demo coalition: 60 members, 4 meetings, 40 pledges, 6 applications added');
    // Where to read what the demo members are sent: the local chat, as one of them.
    expect(hint).toMatch(/^Its members are the local chat users demo-01 … demo-60: in the local chat page, type one's name .* to read what the bot sent them\. Chairs: demo-\d\d \(Access Working Group[,)]/);
    expect(hint).toContain('Accelerate Working Group');
    const again = await seed(url);
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n')[0]).toBe('demo coalition: already there (60 members, 4 meetings, 40 pledges, 6 applications); nothing added');
    const db = await openDatabase({ url });
    try {
      // Every demo member can be reached: in the local chat, at their own address.
      const identities = await db.prisma.identity.findMany({ where: { externalId: { startsWith: 'demo-' } } });
      expect(identities).toHaveLength(60);
      expect(identities.every((i) => i.platform === 'local' && i.address === `local:${i.externalId}` && i.unreachableAt === null)).toBe(true);
      const c = await counts(db);
      expect(c).toMatchObject({ members: 60, meetings: 4, pledges: 40, pending: 6, chairs: 4 });
      const all = await db.repositories.members.list();
      expect(new Set(all.map((m) => m.category)).size).toBe(6);
      const meetings = await db.repositories.meetings.scheduled();
      expect(meetings.filter((m) => m.rrule !== null)).toHaveLength(1);
      expect(meetings.every((m) => m.firstStartAt > new Date())).toBe(true);
      const pledges = await db.repositories.pledges.all();
      expect(new Set(pledges.map((p) => p.focusArea)).size).toBe(4);
      expect(new Set(pledges.map((p) => p.type)).size).toBe(4);
      const countries = loadCountryRegistry();
      const targets = pledges.flatMap((p) => p.countries);
      expect(targets).toEqual(expect.arrayContaining(['region:ldc', 'region:lldc', 'region:sids']));
      // Named countries among them too: LDCs, LLDCs and SIDS.
      expect(Object.values(countries.classify(targets.filter((t) => /^[A-Z]{3}$/.test(t)))).every((n) => n > 0)).toBe(true);
      // A few composition gaps stay open: some (group, category) pairs have nobody.
      const byId = new Map(all.map((m) => [m.id, m.category]));
      const pairs = new Set((await db.repositories.memberships.all()).map((m) => `${m.groupKey}:${byId.get(m.memberId)}`));
      expect(24 - pairs.size).toBe(3);

      // A demo seeded before its members had an address (or once marked unreachable) is repaired by a new run.
      await db.prisma.identity.updateMany({ where: { externalId: { in: ['demo-01', 'demo-02'] } }, data: { address: null } });
      await db.prisma.identity.updateMany({ where: { externalId: 'demo-03' }, data: { unreachableAt: new Date() } });
      const repaired = await seed(url);
      expect(repaired.stdout.split('\n').slice(0, 2)).toEqual([
        'demo coalition: already there (60 members, 4 meetings, 40 pledges, 6 applications); nothing added',
        '3 demo members had no local chat address and can now be reached there',
      ]);
      const fixed = await db.prisma.identity.findMany({ where: { externalId: { in: ['demo-01', 'demo-02', 'demo-03'] } }, orderBy: { externalId: 'asc' } });
      expect(fixed.map((i) => [i.address, i.unreachableAt])).toEqual([
        ['local:demo-01', null],
        ['local:demo-02', null],
        ['local:demo-03', null],
      ]);
    } finally {
      await db.close();
    }
  });

  it("reaches its members: the demo's reminders are all delivered to the local chat and the digest counts no failure", async () => {
    const t = await startTestApp(getUrl(), '2026-11-02T08:00:00Z');
    try {
      await seedDemo(t.app.database.repositories, t.clock.now());
      // Four days of hourly reminder ticks: the two meetings within three days get theirs (a day and an hour before).
      const totals = { sent: 0, failed: 0, dropped: 0 };
      for (let i = 0; i < 4 * 24; i++) {
        t.clock.advance(3600_000);
        const r = (await t.app.tickReminders()) as typeof totals;
        totals.sent += r.sent;
        totals.failed += r.failed;
        totals.dropped += r.dropped;
      }
      const vcMembers = demoMembers().filter((m) => m.groups.includes('value_creation'));
      const accessMembers = demoMembers().filter((m) => m.groups.includes('access'));
      // The weekly value creation sync (day 2) and the access call (day 3): two reminders for each member.
      expect(totals).toEqual({ sent: 2 * (vcMembers.length + accessMembers.length), failed: 0, dropped: 0 });

      // A member of the weekly sync reads both reminders in their local chat history.
      const reader = vcMembers[0].externalId;
      const res = await fetch(`${t.url}/local/history?user=${reader}`, { headers: t.headers });
      const { messages } = (await res.json()) as { messages: { from: string; proactive: boolean; message: OutgoingMessage }[] };
      const reminders = messages.filter((m) => m.proactive && JSON.stringify(m.message).includes('Value creation: weekly sync'));
      expect(reminders).toHaveLength(2);

      // The secretariat's digest has nothing to report about undelivered reminders.
      const [digest] = await t.say('demo-secretariat', { text: 'digest' });
      expect(digest.fields!.find((f) => f.label === 'Reminders not delivered')?.value).toBe('Nothing new.');
    } finally {
      await t.stop();
    }
  });

  it('refuses a database holding real members unless forced', async () => {
    const url = getUrl();
    const db = await openDatabase({ url });
    try {
      await db.repositories.members.upsertByIdentity({ platform: 'slack', externalId: 'U0REAL' }, new Date(), { locale: 'en', name: 'Real Person' });
      const refused = await seed(url);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('holds 1 members that are not demo members');
      expect((await counts(db)).members).toBe(1);
      const forced = await seed(url, ['--force']);
      expect(forced.code).toBe(0);
      expect((await counts(db)).members).toBe(61);
    } finally {
      await db.close();
    }
  });
});
