// `npm run seed:demo` as a newcomer runs it (node dist/scripts/seed-demo.js): a believable
// coalition once, nothing more the second time, and no demo data mixed into a real database.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openDatabase, type Database } from '../../src/db/open-database';
import { loadCountryRegistry } from '../../src/data/countries';
import { describeEachDatabase } from '../support/databases';

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
    expect(first.stdout).toBe('demo coalition: 60 members, 4 meetings, 40 pledges, 6 applications added\n');
    expect((await seed(url)).stdout).toBe('demo coalition: 0 members, 0 meetings, 0 pledges, 0 applications added\n');
    const db = await openDatabase({ url });
    try {
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
    } finally {
      await db.close();
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
