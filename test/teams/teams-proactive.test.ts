// Proactive messages: a first bot process stores the member's personal-chat reference,
// is killed, and a new app on the same database reaches the member through its ChatPort
// (the reference read back from the database), against the fake connector. Both run with
// Teams tokens validated against a loopback Bot Framework issuer, which also gives the bot the
// token the connector requires on every call.
import { startApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { isBotError } from '../../src/core/errors';
import { createLogger } from '../../src/logger';
import { encodeTeamsAddress } from '../../adapters/teams/address';
import { startBot } from '../support/bot-process';
import { describeEachDatabase } from '../support/databases';
import { FakeConnector } from '../support/fake-connector';
import { rejectionOf } from '../support/rejection';
import { eventually } from '../support/eventually';
import { activities, BOT_ID, cardOf, cardText, exchangeActivity, postActivity, teamsUser, TENANT } from '../support/teams-activities';
import { issuerForFile } from '../support/teams-bot';

const issuer = issuerForFile();

describeEachDatabase('Teams proactive messages', (getUrl) => {
  let connector: FakeConnector;
  let app: App | undefined;
  const ada = teamsUser('Ada Lovelace');
  const externalId = `${TENANT}:${ada.aadObjectId}`;

  beforeAll(async () => {
    connector = await new FakeConnector({ authorize: (header) => issuer.isBotToken(header) }).start();
    connector.members.set(ada.id, { id: ada.id, name: 'Ada Lovelace', aadObjectId: ada.aadObjectId, email: 'ada@example.org', userPrincipalName: 'ada@example.org' });
    const databaseUrl = getUrl();
    const env = issuer.env({ TEAMS_ALLOWED_TENANTS: TENANT });
    const first = await startBot({ DATABASE_URL: databaseUrl, ...env });
    const signed = (activity: Record<string, any>) => postActivity(first.url, activity, { authorization: issuer.authorization(activity) });
    try {
      expect((await signed(activities.install(ada, connector.url))).status).toBe(200);
      expect((await signed(activities.personalMessage(ada, connector.url, 'me'))).status).toBe(200);
      // The roster is asked after the answer; its email shows once stored.
      await eventually(async () => (await exchangeActivity(first.url, connector, activities.personalMessage(ada, connector.url, 'me'), issuer)).text.includes('ada@example.org'), 'the roster email stored');
    } finally {
      await first.stop('SIGKILL');
    }
    const config = loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', LOCAL_CHAT: 'on', LOG_LEVEL: 'silent', ...env });
    app = await startApp(config, loadCoalitionFile(defaultCoalitionFile), createLogger('silent'));
  });
  afterAll(async () => {
    await app?.stop();
    await connector?.stop();
  });

  it('kept the personal chat reference and the roster email (never vouched for: a tenant admin sets it)', async () => {
    const found = await app!.database.repositories.members.findByIdentity('teams', externalId);
    expect(found!.identity).toMatchObject({ email: 'ada@example.org', emailVerified: false, unreachableAt: null, address: expect.stringMatching(/^teams:/) });
  });

  it('sends to the member after a restart, as a new message in the personal chat, and updates it in place', async () => {
    const { identity } = (await app!.database.repositories.members.findByIdentity('teams', externalId))!;
    const before = connector.calls.length;
    const { ref } = await app!.chat.send(identity.address!, { title: 'Reminder', text: 'The Access working group meets tomorrow.' });
    const sent = connector.calls.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', path: `/v3/conversations/${ada.chat}/activities`, activityId: undefined });
    expect(sent[0].body).toMatchObject({ type: 'message', from: { id: BOT_ID }, conversation: { id: ada.chat } });
    expect(cardText(cardOf(sent[0].body))).toBe('Reminder\nThe Access working group meets tomorrow.');
    expect(ref).toEqual(expect.any(String));

    await app!.chat.update(identity.address!, ref, { text: 'Cancelled: the meeting is off.' });
    const updated = connector.calls.at(-1)!;
    expect(updated).toMatchObject({ method: 'PUT', conversationId: ada.chat, activityId: ref });
    expect(cardText(cardOf(updated.body))).toBe('Cancelled: the meeting is off.');
  });

  it('opens a personal chat when only the user is known', async () => {
    const grace = teamsUser('Grace');
    const address = encodeTeamsAddress({ serviceUrl: connector.url, tenantId: TENANT, botId: BOT_ID, userId: grace.id });
    const before = connector.calls.length;
    await app!.chat.send(address, { text: 'Hello Grace' });
    const calls = connector.calls.slice(before);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/v3/conversations', body: { members: [{ id: grace.id }], tenantId: TENANT } });
    expect(calls[1].conversationId).toMatch(/^a:fake-/);
    expect(cardText(cardOf(calls[1].body))).toBe('Hello Grace');
  });

  it('posts to a team channel as a new thread', async () => {
    const address = encodeTeamsAddress({ conversationId: '19:general@thread.tacv2', serviceUrl: connector.url, tenantId: TENANT, botId: BOT_ID, conversationType: 'channel' });
    const before = connector.calls.length;
    await app!.chat.send(address, { title: 'Weekly digest', text: 'Two new applications.' });
    const calls = connector.calls.slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/v3/conversations/19:general@thread.tacv2/activities', activityId: undefined });
    expect(calls[0].body).toMatchObject({ conversation: { id: '19:general@thread.tacv2', isGroup: true, conversationType: 'channel' } });
  });

  it('marks the identity unreachable when Teams answers 403, without retrying', async () => {
    const { identity } = (await app!.database.repositories.members.findByIdentity('teams', externalId))!;
    const failedBefore = connector.failedCalls;
    connector.failNext(1, { status: 403 });
    const error = await rejectionOf(app!.chat.send(identity.address!, { text: 'Are you there?' }));
    expect(isBotError(error, 'PLATFORM.UNREACHABLE')).toBe(true);
    expect(connector.failedCalls - failedBefore).toBe(1);
    const after = await app!.database.repositories.members.findByIdentity('teams', externalId);
    expect(after!.identity.unreachableAt).toBeInstanceOf(Date);
  });
});
