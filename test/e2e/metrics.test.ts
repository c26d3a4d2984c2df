// GET /metrics on the whole app in process: it counts the requests, flows, reminders, digests
// and database errors that really happened, and with METRICS_TOKEN set it answers only the
// right bearer token.
import { formatLocal, toLocal } from '../../src/core/meetings/zoned-time';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';

const TOKEN = 'metrics-token-123';

function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no sample ${name} in:\n${text.slice(0, 2000)}`);
  return Number(line.slice(name.length + 1));
}

/** The value of `name` with exactly these labels, in whatever order they are printed. */
function labelled(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort().join(',');
  for (const line of text.split('\n')) {
    const m = /^([\w:]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (m && m[1] === name && m[2].split(',').sort().join(',') === wanted) return Number(m[3]);
  }
  throw new Error(`no sample ${name}{${wanted}} in:\n${text.split('\n').filter((l) => l.startsWith(name)).join('\n')}`);
}

describeEachDatabase('metrics', (getUrl) => {
  let t: TestApp;
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = getUrl();
    t = await startTestApp(databaseUrl, '2026-11-30T09:00:00Z', { METRICS_TOKEN: TOKEN });
  });
  afterAll(() => t.stop());

  const scrape = async (auth?: string) => fetch(`${t.url}/metrics`, { headers: auth ? { authorization: auth } : {} });

  it('refuses a missing or wrong token', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('Bearer wrong-token-12')).status).toBe(401);
    expect((await scrape(`Basic ${TOKEN}`)).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(200);
  });

  it('counts inbound requests, their latency, reminders and default process metrics', async () => {
    const before = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(before).toContain('process_cpu_user_seconds_total');
    expect(before).not.toMatch(/^coalition_inbound_requests_total\{platform="local"/m);

    await t.say('ann', { text: 'me' });
    await t.say('ann', { text: 'help' });
    const bad = await fetch(`${t.url}/local/messages`, { method: 'POST', headers: t.headers, body: '{"text": 1' });
    expect(bad.status).toBe(400);

    const { repositories, prisma } = t.app.database;
    const ann = (await prisma.identity.findFirstOrThrow({ where: { platform: 'local', externalId: 'ann' } })).memberId;
    await repositories.memberships.add(ann, 'access', t.clock.now());
    const start = new Date('2026-11-30T09:30:00Z');
    await repositories.meetings.create({ group: 'access', title: 'Access sync', startLocal: formatLocal(toLocal(start, 'UTC')), timeZone: 'UTC', firstStartAt: start, durationMinutes: 60, joinUrl: null, agenda: null, rrule: null, createdById: ann }, new Date(t.clock.now().getTime() - 2 * 86_400_000)); // scheduled two days ago: its members were not just told
    await t.app.tickReminders();
    await t.app.tickReminders(); // nothing more to claim

    const after = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(sample(after, 'coalition_inbound_requests_total{platform="local",outcome="ok"}')).toBe(2);
    expect(sample(after, 'coalition_inbound_requests_total{platform="local",outcome="refused"}')).toBe(1);
    expect(sample(after, 'coalition_ack_seconds_count{platform="local"}')).toBe(3);
    expect(sample(after, 'coalition_ack_seconds_bucket{le="+Inf",platform="local"}')).toBe(3);
    expect(sample(after, 'coalition_reminders_total{outcome="claimed"}')).toBe(1);
    expect(sample(after, 'coalition_reminders_total{outcome="sent"}')).toBe(1);
    expect(sample(after, 'coalition_reminders_total{outcome="failed"}')).toBe(0);
    expect(sample(after, 'coalition_digests_sent_total')).toBe(0);
    // Scrapes themselves are no platform traffic.
    expect(after).not.toContain('platform="http"');
  });

  it('counts flows started, completed and abandoned (cancelled, or replaced by "start over"), by flow', async () => {
    const metrics = async () => (await scrape(`Bearer ${TOKEN}`)).text();
    const flows = (text: string, flow: string) =>
      ['started', 'completed', 'abandoned'].map((outcome) => labelled(text, 'coalition_flows_total', { flow, outcome }));
    const before = await metrics();
    expect(flows(before, 'profile')).toEqual([0, 0, 0]);
    expect(flows(before, 'pledge')).toEqual([0, 0, 0]);

    await t.say('flo', { text: 'profile' });
    await t.say('flo', { text: 'Flo Example' });
    expect((await t.say('flo', { text: 'cancel' }))[0].text).toBe('Cancelled. Nothing was saved.');
    expect(flows(await metrics(), 'profile')).toEqual([1, 0, 1]);

    await t.say('flo', { text: 'profile' });
    for (const answer of [{ text: 'Flo Example' }, { text: 'Flo Networks' }, { action: 'academia' }, { text: 'KEN' }, { action: 'Europe/Zurich' }, { text: 'flo@example.org' }]) await t.say('flo', answer);
    expect((await t.say('flo', { action: 'confirm' }))[0].text).toContain('your profile is saved');
    expect(flows(await metrics(), 'profile')).toEqual([2, 1, 1]);

    await t.say('flo', { text: 'pledge' });
    await t.say('flo', { action: 'access' });
    expect((await t.say('flo', { text: 'pledge' }))[0].text).toBe('You have a pledge in progress. Resume it or start over?');
    await t.say('flo', { action: 'pledge start over' });
    const after = await metrics();
    expect(flows(after, 'pledge')).toEqual([2, 0, 1]);
    expect(flows(after, 'profile')).toEqual([2, 1, 1]);
  });

  it('counts database errors the repositories meet', async () => {
    const text = async () => (await scrape(`Bearer ${TOKEN}`)).text();
    expect(labelled(await text(), 'coalition_database_errors_total', { kind: 'other' })).toBe(0);
    const { prisma, provider } = t.app.database;
    // A table gone from under the app: every message fails on it (the last test of this app).
    const schema = provider === 'postgresql' ? `"${new URL(databaseUrl).searchParams.get('schema')}".` : '';
    await prisma.$executeRawUnsafe(`ALTER TABLE ${schema}"Identity" RENAME TO "IdentityGone"`);
    const res = await fetch(`${t.url}/local/messages`, { method: 'POST', headers: t.headers, body: JSON.stringify({ user: 'ann', text: 'me' }) });
    expect(res.status).toBe(500);
    const after = await text();
    expect(labelled(after, 'coalition_database_errors_total', { kind: 'other' })).toBeGreaterThanOrEqual(1);
    expect(labelled(after, 'coalition_database_errors_total', { kind: 'unavailable' })).toBe(0);
    expect(sample(after, 'coalition_request_errors_total')).toBe(1);
  });
});

describeEachDatabase('metrics of the digest', (getUrl) => {
  it('count the catch-up at start as well as the scheduled digest', async () => {
    const url = getUrl();
    const runs = (text: string, trigger: string, outcome: string) => labelled(text, 'coalition_digest_runs_total', { trigger, outcome });
    const first = await startTestApp(url, '2026-11-29T10:00:00Z');
    try {
      await first.say('demo-secretariat', { text: 'me' });
      const text = await (await fetch(`${first.url}/metrics`)).text();
      // The first start records the latest slot as skipped: nothing is sent.
      expect(runs(text, 'catch-up', 'skipped')).toBe(1);
      expect(sample(text, 'coalition_digests_sent_total')).toBe(0);
    } finally {
      await first.stop();
    }
    // Down over Monday's slot; back on Tuesday: the catch-up sends it.
    const second = await startTestApp(url, '2026-12-01T10:00:00Z');
    try {
      expect((await second.inbox('demo-secretariat')).map((m) => m.title)).toEqual(['Secretariat digest, 2026-11-23 to 2026-11-30']);
      let text = await (await fetch(`${second.url}/metrics`)).text();
      expect(runs(text, 'catch-up', 'sent')).toBe(1);
      expect(sample(text, 'coalition_digests_sent_total')).toBe(1);
      expect(await second.app.runDigest()).toMatchObject({ status: 'already' });
      text = await (await fetch(`${second.url}/metrics`)).text();
      expect(runs(text, 'scheduled', 'already')).toBe(1);
      expect(sample(text, 'coalition_digests_sent_total')).toBe(1);
    } finally {
      await second.stop();
    }
  });
});
