// The bot keeps one botbuilder ConnectorClient per app id, service URL and audience, and one
// UserTokenClient per app id, instead of botbuilder's new ones per turn; botbuilder's own
// factories (the oracle of what a client is) build them. Inbound turns are driven through
// botbuilder's CloudAdapter with tokens of a loopback Bot Framework issuer, replying to a fake
// connector.
import { CloudAdapter, type TurnContext } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, ConnectorClient } from 'botframework-connector';
import { createTeamsAuthentication } from '../../adapters/teams/authentication';
import { BotFrameworkIssuer } from '../support/bot-framework-issuer';
import { FakeConnector } from '../support/fake-connector';

const APP = '22222222-2222-2222-2222-222222222222';
const OTHER_APP = '33333333-3333-3333-3333-333333333333';
const settings = { appId: APP, appPassword: 'secret', appType: 'MultiTenant' };
/** What botbuilder's authentication finds in a channel's token for this bot. */
const claims = (appId: string) => new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }, { type: AuthenticationConstants.AppIdClaim, value: appId }, { type: 'ver', value: '1.0' }], true);

describe('connector clients', () => {
  it('the bot reuses one client per app id, service URL and audience, across turns', async () => {
    const auth = createTeamsAuthentication(settings, { reuseConnectorClients: true });
    const first = await auth.createConnectorFactory(claims(APP)).create('https://smba.trafficmanager.net/emea/', 'https://api.botframework.com');
    expect(first).toBeInstanceOf(ConnectorClient);
    // Another turn (a new factory, as CloudAdapter makes per turn): the same client.
    expect(await auth.createConnectorFactory(claims(APP)).create('https://smba.trafficmanager.net/emea/', 'https://api.botframework.com')).toBe(first);
    // Another service URL or audience: another client.
    expect(await auth.createConnectorFactory(claims(APP)).create('https://smba.trafficmanager.net/amer/', 'https://api.botframework.com')).not.toBe(first);
    expect(await auth.createConnectorFactory(claims(APP)).create('https://smba.trafficmanager.net/emea/', 'https://other.example.org')).not.toBe(first);
    // Another app's token gets no client of this bot's (botbuilder refuses it, as before).
    await expect(auth.createConnectorFactory(claims(OTHER_APP)).create('https://smba.trafficmanager.net/emea/', 'https://api.botframework.com')).rejects.toThrow('Invalid appId');
  });

  it('keeps at most 64, letting the oldest go', async () => {
    const auth = createTeamsAuthentication(settings, { reuseConnectorClients: true });
    const create = (n: number) => auth.createConnectorFactory(claims(APP)).create(`https://smba.example.org/${n}/`);
    const oldest = await create(0);
    const newest: ConnectorClient[] = [];
    for (let n = 1; n <= 64; n++) newest.push(await create(n));
    expect(await create(0)).not.toBe(oldest);
    expect(await create(64)).toBe(newest.at(-1));
  });

  describe('inbound turns', () => {
    let issuer: BotFrameworkIssuer;
    let connector: FakeConnector;
    beforeAll(async () => {
      issuer = await new BotFrameworkIssuer(APP, 'inbound-secret').start();
      connector = await new FakeConnector({ authorize: (header) => issuer.isBotToken(header) }).start();
    });
    afterAll(async () => {
      await connector.stop();
      await issuer.stop();
    });

    /** Runs `count` authenticated message turns through a CloudAdapter; each replies once. What each turn was given to reply with. */
    async function turns(reuseConnectorClients: boolean, count: number): Promise<{ connector: unknown; userToken: unknown }[]> {
      const adapter = new CloudAdapter(createTeamsAuthentication({ appId: APP, appPassword: 'inbound-secret', appType: 'MultiTenant', openIdMetadataUrl: issuer.metadataUrl }, { reuseConnectorClients }));
      const seen: { connector: unknown; userToken: unknown }[] = [];
      for (let n = 0; n < count; n++) {
        const activity = { type: 'message', id: `turn-${reuseConnectorClients}-${n}`, channelId: 'msteams', serviceUrl: connector.url, from: { id: '29:ada' }, recipient: { id: `28:${APP}` }, conversation: { id: 'a:chat', conversationType: 'personal' }, text: 'help' };
        let status = 0;
        const response = { socket: {}, status: (code: number) => ((status = code), response), header: () => response, send: () => response, end: () => response };
        await adapter.process({ body: activity, headers: { authorization: issuer.authorization(activity) }, method: 'POST' }, response as never, async (context: TurnContext) => {
          seen.push({ connector: context.turnState.get(adapter.ConnectorClientKey), userToken: context.turnState.get(adapter.UserTokenClientKey) });
          await context.sendActivity(`reply ${n}`);
        });
        expect(status).toBe(200);
      }
      return seen;
    }

    it('the bot answers every turn through one connector client and one user token client', async () => {
      const before = connector.activities().length;
      const seen = await turns(true, 3);
      expect(connector.activities().length - before).toBe(3);
      expect(seen[0].connector).toBeInstanceOf(ConnectorClient);
      expect(seen[0].userToken).toBeDefined();
      for (const turn of seen.slice(1)) {
        expect(turn.connector).toBe(seen[0].connector);
        expect(turn.userToken).toBe(seen[0].userToken);
      }
    });

    it("botbuilder's way: new clients for every turn", async () => {
      const before = connector.activities().length;
      const [first, second] = await turns(false, 2);
      expect(connector.activities().length - before).toBe(2);
      expect(second.connector).not.toBe(first.connector);
      expect(second.userToken).not.toBe(first.userToken);
    });
  });

  it("botbuilder's way (the benchmark's bare CloudAdapter): a new client every time", async () => {
    const auth = createTeamsAuthentication(settings);
    const factory = auth.createConnectorFactory(claims(APP));
    expect(await factory.create('https://smba.trafficmanager.net/emea/')).not.toBe(await factory.create('https://smba.trafficmanager.net/emea/'));
  });
});
