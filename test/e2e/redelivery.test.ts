// A platform may deliver the same thing twice (Bot Framework retries an activity, a client
// resends a request): the inbound port records the platform's own id of each delivery and
// answers it once. Slack's event_id is covered in test/slack/slack-retries.test.ts.
import { describeEachDatabase } from '../support/databases';
import { FakeConnector } from '../support/fake-connector';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { activities, exchangeActivity, teamsUser } from '../support/teams-activities';

describeEachDatabase('deliveries answered once', (getUrl) => {
  let t: TestApp;
  let connector: FakeConnector;

  beforeAll(async () => {
    connector = await new FakeConnector().start();
    // The local chat on and no Slack: Teams takes loopback activities without tokens here.
    t = await startTestApp(getUrl(), '2026-12-01T10:00:00Z');
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('Teams: an activity delivered twice is answered once; another activity with the same text is answered', async () => {
    const user = teamsUser('Twice Teams');
    const activity = activities.personalMessage(user, connector.url, 'profile');
    const first = await exchangeActivity(t.url, connector, structuredClone(activity));
    expect(first.text).toContain('full name');
    const again = await exchangeActivity(t.url, connector, structuredClone(activity));
    expect(again.response.status).toBe(200);
    expect(again.sent).toEqual([]);
    // The flow did not move: the next answer is still the name.
    expect((await exchangeActivity(t.url, connector, activities.personalMessage(user, connector.url, 'Ada Twice'))).text).toContain('organization');
    // The same id in another conversation is another delivery.
    const other = teamsUser('Other Teams');
    const elsewhere = { ...activities.personalMessage(other, connector.url, 'help'), id: activity.id };
    expect((await exchangeActivity(t.url, connector, elsewhere)).text).toContain('What I can do');
  });

  it('local chat: a request sent again with the same id is answered once, with nothing done', async () => {
    const post = (body: Record<string, unknown>) => fetch(`${t.url}/local/messages`, { method: 'POST', headers: t.headers, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, json: (await r.json()) as { replies?: { text: string }[]; duplicate?: boolean; error?: string } }));
    const first = await post({ user: 'twice', id: 'req-1', text: 'profile' });
    expect(first.status).toBe(200);
    expect(JSON.stringify(first.json.replies)).toContain('full name');
    const again = await post({ user: 'twice', id: 'req-1', text: 'profile' });
    expect(again).toEqual({ status: 200, json: { replies: [], duplicate: true } });
    expect(JSON.stringify((await post({ user: 'twice', id: 'req-2', text: 'Ada Twice' })).json.replies)).toContain('organization');
    // Another member's request with the same id is theirs.
    expect(JSON.stringify((await post({ user: 'someone-else', id: 'req-1', text: 'help' })).json.replies)).toContain('What I can do');
    // Without an id every request is answered.
    expect(JSON.stringify((await post({ user: 'twice', text: 'help' })).json.replies)).toContain('What I can do');
    expect(JSON.stringify((await post({ user: 'twice', text: 'help' })).json.replies)).toContain('What I can do');
    const bad = await post({ user: 'twice', id: 'no spaces', text: 'help' });
    expect(bad).toEqual({ status: 400, json: { error: 'id: letters, digits, and . _ : - only' } });
  });
});
