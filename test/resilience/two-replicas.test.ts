// Two bot processes on one PostgreSQL database, as two replicas behind a load balancer:
// a conversation alternating between them goes on where it was, a meeting reminder due
// while both tick every 2 seconds reaches the member once, and the digest both would send
// at start (a slot missed while down) goes out once.
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { openDatabase } from '../../src/db/open-database';
import { digestRuns } from '../../src/db/repositories/digest-data';
import { startBot, type BotProcess } from '../support/bot-process';
import { describePostgres } from '../support/databases';
import { allText, FakeSlack } from '../support/fake-slack';
import { tableRows } from '../support/table-counts';

jest.setTimeout(120_000);

const SECRET = 'replica-secret';

describePostgres('two replicas on one database', (getUrl) => {
  let slack: FakeSlack;
  let replicas: BotProcess[] = [];
  let url: string;
  let meetingId: string;

  beforeAll(async () => {
    url = getUrl();
    slack = new FakeSlack();
    await slack.start();
    // Prepared before the replicas start: a digest history (so a missed slot is caught up at
    // start), and a member of the Access group with a meeting whose 1-hour reminder is due now.
    const db = await openDatabase({ url });
    try {
      const now = new Date();
      await digestRuns(db.prisma).claim('digest:2020-01-01T00:00:00.000Z', { start: new Date('2019-12-25T00:00:00Z'), end: new Date('2020-01-01T00:00:00Z') }, now, 'skipped');
      const { repositories } = db;
      await repositories.coalition.sync(loadCoalitionFile(defaultCoalitionFile));
      const { member } = await repositories.members.upsertByIdentity({ platform: 'slack', externalId: 'T0TEST:U0ANN', address: 'slack:T0TEST:U0ANN' }, now, { locale: 'en', name: 'Ann Example' });
      await repositories.members.updateProfile(member.id, { timeZone: 'Africa/Nairobi' });
      await repositories.memberships.add(member.id, 'access', now);
      const start = new Date(Math.ceil((now.getTime() + 60 * 60_000) / 60_000) * 60_000 - 60_000); // the 1h reminder came due within the last minute
      const meeting = await repositories.meetings.create(
        { group: 'access', title: 'Replica WG call', startLocal: start.toISOString().slice(0, 16), timeZone: 'UTC', firstStartAt: start, durationMinutes: 60, joinUrl: null, agenda: null, rrule: null, createdById: null },
        new Date(now.getTime() - 2 * 86_400_000), // scheduled two days ago: a meeting scheduled just now would get its notice instead
      );
      meetingId = meeting.id;
    } finally {
      await db.close();
    }
    const env = {
      DATABASE_URL: url,
      LOCAL_CHAT: 'on',
      SLACK_BOT_TOKEN: 'xoxb-replicas',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      DIGEST_SLACK_CHANNEL: 'C0DIGEST',
      REMINDER_TICK_CRON: '*/2 * * * * *',
    };
    replicas = await Promise.all([startBot(env), startBot(env)]);
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await slack?.stop();
  });

  it('a flow alternating between the replicas goes on where it was, to the end', async () => {
    const answers: { text?: string; action?: string }[] = [
      { text: 'profile' },
      { text: 'Rita Replica' },
      { text: 'Replica Networks' },
      { action: 'private_sector' },
      { text: 'KEN' },
      { text: 'Africa/Nairobi' },
      { text: 'skip' },
      { action: 'confirm' },
    ];
    let last;
    for (const [i, answer] of answers.entries()) {
      last = await replicas[i % 2].say('rita', answer);
      expect(last.status).toBe(200);
      expect(last.replies[0]?.tone).not.toBe('error');
    }
    expect(last!.replies.map((r) => r.text).join('\n')).toContain('your profile is saved');
    const members = await tableRows(url, 'Member');
    expect(members.filter((m) => m.name === 'Rita Replica')).toEqual([expect.objectContaining({ organization: 'Replica Networks', category: 'private_sector', country: 'KEN' })]);
  });

  it('sends a reminder due while both replicas tick exactly once', async () => {
    const reminder = (c: { method: string; args: Record<string, unknown> }) => c.method === 'chat.postMessage' && c.args.channel === 'D0ANN' && allText(c as never).includes('Replica WG call');
    await slack.waitFor(reminder, 30_000, 'the meeting reminder');
    // Five more tick slots claimed after the send (by either replica): none sends it again.
    const ticksAfter = async () => (await tableRows(url, 'JobLease')).filter((l) => String(l.name).startsWith('reminder-tick:')).length;
    const seen = await ticksAfter();
    const deadline = Date.now() + 60_000;
    while ((await ticksAfter()) < seen + 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await ticksAfter()).toBeGreaterThanOrEqual(seen + 5);
    expect(slack.calls.filter(reminder)).toHaveLength(1);
    const deliveries = (await tableRows(url, 'ReminderDelivery')).filter((d) => d.meetingId === meetingId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].status).toBe('sent');
  });

  it('sends the digest of a slot missed while down once, though both replicas catch up at start', async () => {
    const runs = (await tableRows(url, 'DigestRun')).filter((r) => r.status === 'sent');
    const posts = slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0DIGEST');
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(posts).toHaveLength(runs.length);
  });
});
