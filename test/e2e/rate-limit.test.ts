// The per-person limit on the whole app (RATE_LIMIT_PER_MINUTE=3, a FakeClock): over the local
// chat and Teams, the fourth message in a minute gets one polite notice and does nothing,
// further ones get silence, and the next minute is served again. Others are not affected.
import { FakeConnector } from '../support/fake-connector';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { tableCounts } from '../support/table-counts';
import { activities, exchangeActivity, teamsUser } from '../support/teams-activities';

describeEachDatabase('rate limit', (getUrl) => {
  let t: TestApp;
  let url: string;
  let connector: FakeConnector;
  beforeAll(async () => {
    url = getUrl();
    t = await startTestApp(url, '2026-12-01T09:00:00Z', { RATE_LIMIT_PER_MINUTE: '3' });
    connector = await new FakeConnector().start();
  });
  afterAll(async () => {
    await t.stop();
    await connector.stop();
  });

  const texts = (replies: { title?: string; text?: string }[]) => replies.map((r) => `${r.title ?? ''} ${r.text ?? ''}`).join('\n');

  it('answers the local chat\'s fourth message in a minute with one notice, then silence, and does nothing for them', async () => {
    for (let i = 0; i < 3; i++) expect(texts(await t.say('rita', { text: 'help' }))).toContain('What I can do');
    const before = await tableCounts(url);
    const notice = await t.say('rita', { text: 'profile' });
    expect(notice).toHaveLength(1);
    expect(notice[0]).toMatchObject({ tone: 'error' });
    expect(notice[0].text).toMatch(/faster than I can take them \(3 a minute\).*60 seconds/);
    expect(await t.say('rita', { text: 'profile' })).toEqual([]);
    expect(await t.say('rita', { action: 'x' })).toEqual([]);
    expect(await tableCounts(url)).toEqual(before);
    // Someone else is served meanwhile.
    expect(texts(await t.say('sam', { text: 'help' }))).toContain('What I can do');
    t.clock.advance(60_000);
    expect(texts(await t.say('rita', { text: 'profile' }))).toMatch(/full name/);
  });

  it('applies to Teams activities too: one notice, then nothing sent', async () => {
    const user = teamsUser('Tess Limit');
    for (let i = 0; i < 3; i++) expect((await exchangeActivity(t.url, connector, activities.personalMessage(user, connector.url, 'help'))).sent.length).toBeGreaterThan(0);
    const notice = await exchangeActivity(t.url, connector, activities.personalMessage(user, connector.url, 'help'));
    expect(JSON.stringify(notice.sent.map((s) => s.body))).toContain('faster than I can take them');
    expect((await exchangeActivity(t.url, connector, activities.personalMessage(user, connector.url, 'help'))).sent).toEqual([]);
  });
});
