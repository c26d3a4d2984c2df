// The operator CLI run as operators run it (node dist/scripts/admin.js) against a real database:
// every command's output, the audit entries of the changing ones, and doctor's failures.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatLocal, toLocal } from '../../src/core/meetings/zoned-time';
import { openDatabase, type Database } from '../../src/db/open-database';
import { loadCoalitionFile, defaultCoalitionFile } from '../../src/data/coalition-file';
import { LINK_KEY_SETTING, LinkSigner, newLinkKey } from '../../src/http/signed-links';
import { describeEachDatabase } from '../support/databases';
import { FakeSlack } from '../support/fake-slack';

const root = join(__dirname, '..', '..');

async function admin(databaseUrl: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(root, 'dist/scripts/admin.js'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, ENV_FILE: '', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describeEachDatabase('operator CLI', (getUrl, provider) => {
  let url: string;
  let db: Database;
  let ann: string;

  beforeAll(async () => {
    url = getUrl();
    db = await openDatabase({ url });
    await db.repositories.coalition.sync(loadCoalitionFile(defaultCoalitionFile));
    const now = new Date();
    const made = async (id: string, name: string, email: string) => {
      const { member } = await db.repositories.members.upsertByIdentity({ platform: 'local', externalId: id }, now, { locale: 'en', name });
      await db.repositories.members.updateProfile(member.id, { email });
      return member.id;
    };
    ann = await made('ann', 'Ann Admin', 'ann@example.org');
    await made('bob', 'Bob Builder', 'bob@example.org');
    await db.repositories.memberships.add(ann, 'access', now);
    // A meeting in 30 minutes: its 60-minute reminder is due for Ann; an earlier one failed for good.
    const start = new Date(Math.ceil(now.getTime() / 60_000) * 60_000 + 30 * 60_000);
    const meeting = await db.repositories.meetings.create(
      { group: 'access', title: 'Access sync', startLocal: formatLocal(toLocal(start, 'UTC')), timeZone: 'UTC', firstStartAt: start, durationMinutes: 60, joinUrl: null, agenda: null, rrule: null, createdById: ann },
      now,
    );
    const failed = await db.repositories.reminders.claim({ meetingId: meeting.id, occurrenceAt: start, memberId: ann, offsetMinutes: 1440 }, new Date(now.getTime() + 60_000), now);
    await db.repositories.reminders.markFailed(failed!.id, 'slack: channel_not_found', true, now);
  });
  afterAll(() => db.close());

  it('prints its help', async () => {
    const run = await admin(url, ['help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('reminders resend <id>');
    expect((await admin(url, ['frobnicate'])).stderr).toContain('unknown command "frobnicate"');
  });

  it('adds, lists and removes the secretariat and chairs, audited as the operator', async () => {
    expect((await admin(url, ['secretariat', 'list'])).stdout).toBe('no secretariat yet\n');
    expect((await admin(url, ['secretariat', 'add', 'ann@example.org'])).stdout).toBe(`${ann}  Ann Admin <ann@example.org> is now secretariat\n`);
    expect((await admin(url, ['secretariat', 'list'])).stdout).toBe(`${ann}  Ann Admin <ann@example.org>  (operator)\n`);
    expect((await db.repositories.roles.rolesOf(ann)).map((r) => r.role)).toEqual(['secretariat']);
    const chair = await admin(url, ['chair', 'add', 'adoption', 'Bob', 'Builder']);
    expect(chair.stdout).toContain('Bob Builder <bob@example.org> is now chair of adoption');
    expect((await admin(url, ['chair', 'list'])).stdout).toContain('adoption  ');
    expect((await admin(url, ['chair', 'add', 'nowhere', 'Bob'])).stderr).toContain('"nowhere" is not a working group');
    const unknown = await admin(url, ['chair', 'add', 'adoption', 'Zed']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('no member matches "Zed"\n');
    expect((await admin(url, ['secretariat', 'remove', ann])).stdout).toContain('is no longer secretariat');
    expect((await admin(url, ['secretariat', 'remove', ann])).code).toBe(2);
    const audit = (await db.repositories.audit.list()).filter((e) => e.action.startsWith('role.'));
    expect(audit.map((e) => `${e.actor} ${e.action} ${String(e.details?.role)}`)).toEqual(['operator role.granted secretariat', 'operator role.granted chair', 'operator role.revoked secretariat']);
  });

  it('shows due and failed reminders and puts a failed one back for the next tick', async () => {
    const due = await admin(url, ['reminders', 'due']);
    expect(due.stdout).toMatch(new RegExp(`Access sync  member ${ann}  60 min before`));
    expect(due.stdout.trim().split('\n')).toHaveLength(1);
    const [failed] = await db.repositories.reminders.list({ status: 'failed' });
    expect((await admin(url, ['reminders', 'failed'])).stdout).toBe(`${failed.id}  meeting ${failed.meetingId} at ${failed.occurrenceAt.toISOString()}  member ${ann}  1 attempts: slack: channel_not_found\n`);
    expect((await admin(url, ['reminders', 'resend', failed.id])).stdout).toContain(`reminder ${failed.id} will be sent by the next tick`);
    expect(await db.repositories.reminders.list({ status: 'failed' })).toEqual([]);
    // The next tick's claim takes it over.
    const again = await db.repositories.reminders.claim({ meetingId: failed.meetingId, occurrenceAt: failed.occurrenceAt, memberId: ann, offsetMinutes: 1440 }, new Date(Date.now() + 60_000), new Date());
    expect(again?.id).toBe(failed.id);
    expect((await admin(url, ['reminders', 'failed'])).stdout).toBe('no failed reminder\n');
    expect((await admin(url, ['reminders', 'resend', failed.id])).stderr).toContain('is not a failed reminder');
    expect((await db.repositories.audit.list({ action: 'reminder.requeued' })).map((e) => `${e.actor} ${e.subject}`)).toEqual([`operator ${failed.id}`]);
  });

  it('prints the digest and exports CSV to standard output', async () => {
    const digest = await admin(url, ['digest', 'now']);
    expect(digest.stdout).toMatch(/^Secretariat digest, /);
    expect(digest.stdout).toContain('New members: 1 new in working groups.');
    expect(digest.stdout).toContain('Access sync (Access)');
    const csv = await admin(url, ['export', 'members']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]).toContain('name');
    expect(csv.stdout).toContain('Bob Builder');
    expect((await admin(url, ['export', 'nothing'])).stderr).toContain('usage: export <');
  });

  it('doctor passes on a sound setup and fails clearly on a bad database or coalition file', async () => {
    const good = await admin(url, ['doctor']);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^ok {3}database: (sqlite|postgresql) reachable, migrations applied$/m);
    const badDb = await admin('postgresql://nobody@127.0.0.1:1/none', ['doctor']);
    expect(badDb.code).toBe(1);
    expect(badDb.stdout).toMatch(/^FAIL database: .*-> check DATABASE_URL/m);
    expect(badDb.stdout).toMatch(/^ok {3}coalition file/m);
    const badFile = await admin(url, ['doctor'], { COALITION_FILE: join(root, 'package.json') });
    expect(badFile.code).toBe(1);
    expect(badFile.stdout).toMatch(/^FAIL coalition file: .*-> correct the file named by COALITION_FILE$/m);
    const badConfig = await admin(url, ['doctor'], { PORT: 'eighty' });
    expect(badConfig.stdout).toMatch(/^FAIL configuration: PORT: /m);
  });

  it('rotates the link key: links signed with the old key no longer check', async () => {
    const before = await db.repositories.sharedValues.getOrCreate(LINK_KEY_SETTING, newLinkKey);
    const link = new URL(new LinkSigner(before, 'http://bot.example.org').url('/calendar/m1.ics'));
    const run = await admin(url, ['links', 'rotate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('restart every replica');
    const after = await db.repositories.sharedValues.getOrCreate(LINK_KEY_SETTING, newLinkKey);
    expect(after).not.toBe(before);
    expect(new LinkSigner(before, 'http://bot.example.org').check('/calendar/m1.ics', link.searchParams, new Date())).toBe('ok');
    expect(new LinkSigner(after, 'http://bot.example.org').check('/calendar/m1.ics', link.searchParams, new Date())).toBe('invalid');
    expect((await db.repositories.audit.list({ action: 'links.key_rotated' })).map((e) => e.actor)).toEqual(['operator']);
    expect((await admin(url, ['links', 'shuffle'])).stderr).toBe('usage: links rotate\n');
  });

  it('backs up a live SQLite database to a checked copy, and points PostgreSQL to pg_dump', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backup-'));
    const copy = join(dir, 'copy.db');
    try {
      const run = await admin(url, ['backup', copy]);
      if (provider === 'postgresql') {
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('for PostgreSQL use pg_dump');
        return;
      }
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^backed up .* to .*copy\.db: \d+ pages, integrity ok$/m);
      const restored = await openDatabase({ url: `file:${copy}` });
      try {
        expect((await restored.repositories.members.list()).map((m) => m.name).sort()).toEqual(['Ann Admin', 'Bob Builder']);
      } finally {
        await restored.close();
      }
      const again = await admin(url, ['backup', copy]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('exists already');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('doctor asks Slack auth.test with the bot token and checks the Teams credentials', async () => {
    const slack = new FakeSlack();
    await slack.start();
    try {
      const slackEnv = { SLACK_API_URL: slack.apiUrl, SLACK_SIGNING_SECRET: 'secret' };
      const good = await admin(url, ['doctor'], { ...slackEnv, SLACK_BOT_TOKEN: 'xoxb-good', MICROSOFT_APP_ID: 'app-1', MICROSOFT_APP_PASSWORD: 'pw', TEAMS_ALLOWED_TENANTS: '11111111-1111-1111-1111-111111111111' });
      expect(good.stdout).toMatch(/^ok {3}slack: auth.test ok \(team Test, bot user p2c\)$/m);
      expect(good.stdout).toMatch(/^ok {3}teams: credentials present for app app-1/m);
      expect(good.code).toBe(0);
      const revoked = await admin(url, ['doctor'], { ...slackEnv, SLACK_BOT_TOKEN: 'xoxb-revoked' });
      expect(revoked.code).toBe(1);
      expect(revoked.stdout).toMatch(/^FAIL slack: auth.test refused: invalid_auth -> check SLACK_BOT_TOKEN/m);
      expect(revoked.stdout).not.toContain('xoxb-revoked');
    } finally {
      await slack.stop();
    }
  });
});
