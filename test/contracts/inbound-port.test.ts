// The inbound port's contract, as each adapter drives it. Slack, Teams and the local chat run
// on one real HTTP server around the real Bot, each fed the requests its platform sends; every
// turn they hand the port is recorded on its way through. Whatever the platform, a member's
// message reaches the port as the same neutral turn (platform, the member, their own
// conversation, exactly what they typed, the platform's delivery id), and what the port answers
// reaches the member.
import { LocalAdapter } from '../../adapters/local/local-adapter';
import { SlackAdapter } from '../../adapters/slack/slack-adapter';
import { TeamsAdapter } from '../../adapters/teams/teams-adapter';
import { systemClock } from '../../src/core/clock';
import { Bot } from '../../src/conversation/bot';
import type { InboundPort, Turn, TurnResult } from '../../src/conversation/inbound-port';
import { loadCountryRegistry } from '../../src/data/countries';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { openDatabase, type Database } from '../../src/db/open-database';
import { localChatHistory } from '../../src/db/repositories/local-chat';
import { ChatDispatcher } from '../../src/delivery/chat-dispatcher';
import { HttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { localChatHeaders, TEST_LOCAL_CHAT_TOKEN } from '../support/bot-process';
import { describeEachDatabase } from '../support/databases';
import { FakeConnector } from '../support/fake-connector';
import { allText, FakeSlack } from '../support/fake-slack';
import { SlackSender } from '../support/slack-requests';
import { activities, exchangeActivity, teamsUser, TENANT } from '../support/teams-activities';

const SECRET = 'contract-secret';

/** How each platform sends "<text>" from one member and where the answer shows; what the turn must carry. */
interface Driver {
  platform: 'slack' | 'teams' | 'local';
  /** Sends `text` as the member; resolves with what the member was shown once it shows `until`. */
  say(text: string, until: string): Promise<string>;
  externalId: string;
  /** The delivery id a turn carries (none where the adapter admits the delivery first). */
  deliveryId: RegExp | undefined;
  /** The key the last delivery was recorded under (dedupe). */
  lastKey(): string;
}

describeEachDatabase('the inbound port, as each adapter drives it', (getUrl) => {
  let database: Database;
  let server: HttpServer;
  let slack: FakeSlack;
  let connector: FakeConnector;
  let slackAdapter: SlackAdapter;
  let url: string;
  const turns: Turn[] = [];
  // Ids of deliveries, unique over the whole file (a repeated one would be dropped as a redelivery).
  let request = 0;
  let event = 0;
  const results: TurnResult[] = [];

  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    connector = await new FakeConnector().start();
    database = await openDatabase({ url: getUrl() });
    const coalition = loadCoalitionFile(defaultCoalitionFile);
    await database.repositories.coalition.sync(coalition);
    const log = createLogger('silent');
    const chat = new ChatDispatcher();
    const bot = new Bot({ repositories: database.repositories, coalition, countries: loadCountryRegistry(), clock: systemClock, chat, links: { calendar: (id) => `http://localhost/calendar/${id}.ics` } });
    // The real Bot; every turn an adapter hands it is kept for the assertions.
    const port: InboundPort = {
      turn: async (turn) => {
        turns.push(turn);
        const result = await bot.turn(turn);
        results.push(result);
        return result;
      },
      admit: (platform, id) => bot.admit(platform, id),
      home: (who) => bot.home(who),
      form: (who, id) => bot.form(who, id),
      welcome: (who) => bot.welcome(who),
      removed: (who) => bot.removed(who),
      storedAddress: (platform, id) => bot.storedAddress(platform, id),
      storedLocale: (platform, id) => bot.storedLocale(platform, id),
    };
    server = new HttpServer(log);
    slackAdapter = new SlackAdapter({ botToken: 'xoxb-contract', signingSecret: SECRET, apiUrl: slack.apiUrl, port, coalition, log });
    slackAdapter.register(server);
    chat.register('slack', slackAdapter.chat);
    const teams = new TeamsAdapter({ port, members: database.repositories.members, coalition, clock: systemClock, log, settings: { appType: 'MultiTenant', allowedTenants: [] } });
    teams.register(server);
    chat.register('teams', teams.outbound);
    const local = new LocalAdapter(port, TEST_LOCAL_CHAT_TOKEN, database.guard(localChatHistory(database.prisma)), systemClock);
    local.register(server);
    chat.register('local', local);
    url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
    await slackAdapter.start();
  });
  afterAll(async () => {
    await slackAdapter?.stop();
    await server?.close();
    await database?.close();
    await slack?.stop();
    await connector?.stop();
  });

  const drivers = (): Driver[] => {
    const sender = new SlackSender(url, SECRET, slack.url);
    const teamsMember = teamsUser('Contract Teams');
    let lastActivity: ReturnType<typeof activities.personalMessage> | undefined;
    return [
      {
        platform: 'slack',
        externalId: 'T0TEST:U0CONTRACT',
        deliveryId: undefined,
        lastKey: () => `slack:event:EvCONTRACT${event}`,
        async say(text, until) {
          const mark = slack.calls.length;
          expect((await sender.dm('U0CONTRACT', text, { eventId: `EvCONTRACT${++event}` })).status).toBe(200);
          const posted = await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'chat.postMessage' && allText(c).includes(until), 15_000, until);
          return allText(posted);
        },
      },
      {
        platform: 'teams',
        externalId: `${TENANT}:${teamsMember.aadObjectId}`,
        deliveryId: /^activity:a:personal-.+:activity-\d+$/,
        lastKey: () => `teams:activity:${lastActivity!.conversation.id}:${lastActivity!.id}`,
        async say(text) {
          lastActivity = activities.personalMessage(teamsMember, connector.url, text);
          return (await exchangeActivity(url, connector, lastActivity!)).text;
        },
      },
      {
        platform: 'local',
        externalId: 'contract-local',
        // Admitted before the conversation is kept, as Slack's events are before the ack.
        deliveryId: undefined,
        lastKey: () => `local:request:contract-local:r${request}`,
        async say(text) {
          const res = await fetch(`${url}/local/messages`, { method: 'POST', headers: localChatHeaders(TEST_LOCAL_CHAT_TOKEN), body: JSON.stringify({ user: 'contract-local', id: `r${++request}`, text }) });
          expect(res.status).toBe(200);
          return JSON.stringify(((await res.json()) as { replies: unknown[] }).replies);
        },
      },
    ];
  };

  it('a typed message reaches the port as one neutral turn, and its replies reach the member', async () => {
    for (const driver of drivers()) {
      const before = turns.length;
      const shown = await driver.say('help', 'What I can do');
      expect(turns.length).toBe(before + 1);
      const turn = turns[before];
      expect(turn).toMatchObject({ platform: driver.platform, user: { externalId: driver.externalId }, text: 'help' });
      expect(turn.deliveryId).toEqual(driver.deliveryId ? expect.stringMatching(driver.deliveryId) : undefined);
      // Every platform's delivery is recorded under the platform's own id: a redelivery is dropped.
      expect(await database.prisma.processedEvent.findUnique({ where: { key: driver.lastKey() } })).not.toBeNull();
      // The conversation is the member's own chat with the bot, addressed by the platform's codec.
      expect(turn.conversation.startsWith(`${driver.platform}:`)).toBe(true);
      expect(turn.directAddress?.startsWith(`${driver.platform}:`)).toBe(true);
      expect(turn.form).toBeUndefined();
      expect(turn.action).toBeUndefined();
      expect(JSON.stringify(results[before].replies)).toContain('What I can do');
      expect(shown).toContain('What I can do');
    }
  });

  it('a flow started on any platform continues in that member\'s conversation: the second turn is read as its answer', async () => {
    for (const driver of drivers()) {
      const before = turns.length;
      expect(await driver.say('profile', 'full name')).toContain('full name');
      expect(await driver.say('Grace Contract', 'organization')).toContain('organization');
      expect(turns[before + 1].conversation).toBe(turns[before].conversation);
      expect(await driver.say('cancel', 'ancel')).toMatch(/cancel/i);
    }
  });
});
