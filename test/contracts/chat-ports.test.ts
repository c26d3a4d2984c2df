// The ChatPort contract, run against the three senders (Slack, Teams, the local chat) inside
// the running app, each in front of its platform (the fake Slack Web API, the fake Bot
// Framework connector, the local chat's inbox): a message sent to an address arrives there and
// answers a reference; an update through that reference replaces what the member sees; an
// address of the platform that does not decode is refused with INPUT.INVALID, nothing sent.
import { encodeTeamsAddress } from '../../adapters/teams/address';
import { isBotError } from '../../src/core/errors';
import type { OutgoingMessage } from '../../src/core/messages';
import { describeEachDatabase } from '../support/databases';
import { FakeConnector } from '../support/fake-connector';
import { FakeSlack } from '../support/fake-slack';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { rejectionOf } from '../support/rejection';
import { BOT_ID, cardOf, cardText, TENANT } from '../support/teams-activities';

interface Sender {
  platform: 'slack' | 'teams' | 'local';
  address: string;
  malformed: string;
  send(address: string, message: OutgoingMessage): Promise<{ ref: string }>;
  update(address: string, ref: string, message: OutgoingMessage): Promise<void>;
  /** What the member sees now, one text per message, oldest first. */
  shown(): Promise<string[]>;
  /** Calls the platform received so far (nothing may reach it for a refused address). */
  calls(): number;
}

describeEachDatabase('the ChatPort of each platform', (getUrl) => {
  let slack: FakeSlack;
  let connector: FakeConnector;
  let withSlack: TestApp;
  let withTeams: TestApp;
  const senders: Sender[] = [];

  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    connector = await new FakeConnector().start();
    withSlack = await startTestApp(getUrl(), '2026-12-01T10:00:00Z', { SLACK_BOT_TOKEN: 'xoxb-contract', SLACK_SIGNING_SECRET: 'contract', SLACK_API_URL: slack.apiUrl });
    // The local chat on and no Slack: the Teams sender answers loopback serviceUrls.
    withTeams = await startTestApp(getUrl(), '2026-12-01T10:00:00Z');
    senders.push(
      {
        platform: 'slack',
        address: 'slack:T0TEST:UCONTRACT',
        malformed: 'slack:T0TEST',
        send: (a, m) => withSlack.app.chat.send(a, m),
        update: (a, r, m) => withSlack.app.chat.update(a, r, m),
        // The DM's messages as Slack keeps them (an update replaces the stored text).
        shown: async () => (slack.messages.get('DCONTRACT') ?? []).map((m) => m.text ?? ''),
        calls: () => slack.calls.filter((c) => c.method !== 'auth.test').length,
      },
      {
        platform: 'teams',
        address: encodeTeamsAddress({ conversationId: 'a:contract', serviceUrl: connector.url, tenantId: TENANT, botId: BOT_ID, conversationType: 'personal' }),
        malformed: 'teams:e30',
        send: (a, m) => withTeams.app.chat.send(a, m),
        update: (a, r, m) => withTeams.app.chat.update(a, r, m),
        shown: async () => {
          const shown = new Map<string, string>();
          for (const c of connector.activities('a:contract')) shown.set(c.method === 'PUT' ? String(c.activityId) : String(c.sentId ?? shown.size), cardText(cardOf(c.body)));
          return [...shown.values()];
        },
        calls: () => connector.calls.length,
      },
      {
        platform: 'local',
        address: 'local:contract',
        malformed: 'local:two words',
        send: (a, m) => withTeams.app.chat.send(a, m),
        update: (a, r, m) => withTeams.app.chat.update(a, r, m),
        // The inbox holds what the page has not fetched yet (read once here).
        shown: async () => (await withTeams.inbox('contract')).map((m) => m.text),
        calls: () => 0,
      },
    );
    slack.users.UCONTRACT = { real_name: 'Contract' };
  });
  afterAll(async () => {
    await withSlack?.stop();
    await withTeams?.stop();
    await slack?.stop();
    await connector?.stop();
  });

  const each = (name: string, run: (sender: Sender) => Promise<void>) =>
    it(name, async () => {
      for (const sender of senders) await run(sender);
    });

  each('a message sent arrives, an update replaces it where the member sees it', async (sender) => {
    const { ref } = await sender.send(sender.address, { text: `first on ${sender.platform}` });
    expect(typeof ref).toBe('string');
    expect(ref.length).toBeGreaterThan(0);
    await sender.update(sender.address, ref, { text: `changed on ${sender.platform}` });
    const shown = await sender.shown();
    expect([sender.platform, shown.some((t) => t.includes(`changed on ${sender.platform}`))]).toEqual([sender.platform, true]);
    expect([sender.platform, shown.some((t) => t.includes(`first on ${sender.platform}`))]).toEqual([sender.platform, false]);
  });

  each('an address of the platform that does not decode is refused, nothing sent', async (sender) => {
    const before = sender.calls();
    const error = await rejectionOf(sender.send(sender.malformed, { text: 'never' }));
    expect([sender.platform, isBotError(error, 'INPUT.INVALID')]).toEqual([sender.platform, true]);
    expect(sender.calls()).toBe(before);
  });
});
