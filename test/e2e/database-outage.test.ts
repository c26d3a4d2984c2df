// The database going away while the bot runs: /healthz turns 503, chat users are told the
// bot is temporarily unavailable, the errors are counted in /metrics, and when the database
// is back the same process recovers.
import { describePostgres } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { startRelay, type Relay } from '../support/tcp-relay';

describePostgres('database outage', (getUrl) => {
  let relay: Relay;
  let t: TestApp;

  beforeAll(async () => {
    const url = new URL(getUrl());
    relay = await startRelay({ host: url.hostname, port: Number(url.port || 5432) });
    t = await startTestApp(relay.url(getUrl()), '2026-11-29T10:00:00Z');
  });
  afterAll(async () => {
    await relay.restore();
    await t.stop();
    await relay.close();
  });

  const post = (text: string) =>
    fetch(`${t.url}/local/messages`, { method: 'POST', headers: t.headers, body: JSON.stringify({ user: 'ann', text }) });

  it('answers 503 while the database is unreachable and recovers without a restart', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    await t.say('ann', { text: 'profile' });
    await t.say('ann', { text: 'Ann Example' });

    await relay.cut();
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', database: { provider: 'postgresql', reachable: false } });
    const refused = await post('Example Org');
    expect(refused.status).toBe(503);
    expect((await refused.json()).replies[0].text).toBe("I'm temporarily unavailable. Please try again in a minute: nothing you sent was lost.");
    // The page's history and inbox say so too, instead of an internal error.
    for (const path of ['/local/history?user=ann', '/local/inbox?user=ann']) {
      const read = await fetch(`${t.url}${path}`, { headers: t.headers });
      expect([path, read.status, ((await read.json()) as { error: string }).error]).toEqual([path, 503, 'the database is not answering: try again in a minute']);
    }
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(Number(/^coalition_database_errors_total\{kind="unavailable"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);

    await relay.restore();
    let healthy = false;
    for (let i = 0; i < 50 && !healthy; i++) {
      healthy = (await fetch(`${t.url}/healthz`)).status === 200;
      if (!healthy) await new Promise((r) => setTimeout(r, 100));
    }
    expect(healthy).toBe(true);
    // The flow is where it was before the outage: the answer refused during it is asked again.
    const replies = await t.say('ann', { text: 'Example Org' });
    expect(replies.map((r) => r.text).join('\n')).toContain('stakeholder category');
  });
});
