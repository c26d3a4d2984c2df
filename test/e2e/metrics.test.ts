// GET /metrics on the whole app in process: it counts the requests and reminders that really
// happened, and with METRICS_TOKEN set it answers only the right bearer token.
import { formatLocal, toLocal } from '../../src/core/meetings/zoned-time';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';

const TOKEN = 'metrics-token-123';

function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no sample ${name} in:\n${text.slice(0, 2000)}`);
  return Number(line.slice(name.length + 1));
}

describeEachDatabase('metrics', (getUrl) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(getUrl(), '2026-11-30T09:00:00Z', { METRICS_TOKEN: TOKEN });
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
    const bad = await fetch(`${t.url}/local/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": 1' });
    expect(bad.status).toBe(400);

    const { repositories, prisma } = t.app.database;
    const ann = (await prisma.identity.findFirstOrThrow({ where: { platform: 'local', externalId: 'ann' } })).memberId;
    await repositories.memberships.add(ann, 'access', t.clock.now());
    const start = new Date('2026-11-30T09:30:00Z');
    await repositories.meetings.create({ group: 'access', title: 'Access sync', startLocal: formatLocal(toLocal(start, 'UTC')), timeZone: 'UTC', firstStartAt: start, durationMinutes: 60, joinUrl: null, agenda: null, rrule: null, createdById: ann }, t.clock.now());
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
});
