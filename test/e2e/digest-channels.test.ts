// The scheduled digest in the secretariat's channels: Block Kit in DIGEST_SLACK_CHANNEL and an
// Adaptive Card in DIGEST_TEAMS_CONVERSATION, once, against the fake Slack Web API and the
// fake Bot Framework connector (which takes only the bot's token from a loopback issuer).
import { encodeTeamsAddress } from '../../adapters/teams/address';
import { describeEachDatabase } from '../support/databases';
import { FakeConnector } from '../support/fake-connector';
import { FakeSlack } from '../support/fake-slack';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { BOT_ID, cardOf, TENANT } from '../support/teams-activities';
import { issuerForFile } from '../support/teams-bot';

const issuer = issuerForFile();

describeEachDatabase('the digest in the secretariat channels', (getUrl) => {
  let slack: FakeSlack;
  let connector: FakeConnector;
  let t: TestApp;

  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    connector = await new FakeConnector({ authorize: (header) => issuer.isBotToken(header) }).start();
    const teamsChannel = encodeTeamsAddress({ conversationId: '19:secretariat@thread.tacv2', serviceUrl: connector.url, tenantId: TENANT, botId: BOT_ID, conversationType: 'channel' });
    t = await startTestApp(getUrl(), '2026-11-29T10:00:00Z', {
      SLACK_BOT_TOKEN: 'xoxb-digest',
      SLACK_SIGNING_SECRET: 'digest-secret',
      SLACK_API_URL: slack.apiUrl,
      DIGEST_SLACK_CHANNEL: 'C0SEC',
      DIGEST_TEAMS_CONVERSATION: teamsChannel,
      ...issuer.env({ TEAMS_ALLOWED_TENANTS: TENANT }),
    });
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
    await slack?.stop();
  });

  it('posts one digest per slot to each channel, rendered natively', async () => {
    await t.say('demo-secretariat', { text: 'me' }); // a secretariat member: with channels, not messaged directly
    const slackMark = slack.calls.length;
    const teamsMark = connector.calls.length;
    t.clock.set('2026-11-30T08:00:05Z');
    expect(await t.app.runDigest()).toMatchObject({ status: 'sent', delivered: 2 });
    expect(await t.app.runDigest()).toMatchObject({ status: 'already' });

    const posts = slack.since(slackMark, (c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => c.args.channel)).toEqual(['C0SEC']);
    const blocks = posts[0].args.blocks as { type: string; text?: { text: string }; fields?: { text: string }[] }[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Secretariat digest, 2026-11-23 to 2026-11-30' } });
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blocks.flatMap((b) => b.fields ?? []).map((f) => f.text)).toContain('*New pledges*\nNothing new.');

    const cards = connector.calls.slice(teamsMark).filter((c) => c.method === 'POST');
    expect(cards).toHaveLength(1);
    expect(cards[0].path).toBe('/v3/conversations/19:secretariat@thread.tacv2/activities');
    const card = cardOf(cards[0].body);
    expect(JSON.stringify(card)).toContain('Secretariat digest, 2026-11-23 to 2026-11-30');
    expect(card.body.find((e: { type: string }) => e.type === 'FactSet')).toMatchObject({ facts: expect.arrayContaining([{ title: 'New pledges', value: 'Nothing new.' }]) });
    expect(await t.inbox('demo-secretariat')).toEqual([]);
  });
});
