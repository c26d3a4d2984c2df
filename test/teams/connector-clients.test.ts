// The bot keeps one botbuilder ConnectorClient per app id, service URL and audience instead of
// botbuilder's one per turn; botbuilder's own factory (the oracle of what a client is) builds them.
import { AuthenticationConstants, ClaimsIdentity, ConnectorClient } from 'botframework-connector';
import { createTeamsAuthentication } from '../../adapters/teams/authentication';

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

  it("botbuilder's way (the benchmark's bare CloudAdapter): a new client every time", async () => {
    const auth = createTeamsAuthentication(settings);
    const factory = auth.createConnectorFactory(claims(APP));
    expect(await factory.create('https://smba.trafficmanager.net/emea/')).not.toBe(await factory.create('https://smba.trafficmanager.net/emea/'));
  });
});
