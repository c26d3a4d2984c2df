// Teams with an app id, as production runs it: botbuilder validates every activity's token
// against the OpenID keys of an issuer (here a loopback one, MICROSOFT_OPENID_METADATA_URL),
// and the bot's own calls to the connector carry a token it obtained with its client secret.
// Every refusal is written as the attacker would send it, and changes nothing.
import { openDatabase } from '../../src/db/open-database';
import { newSigningKey } from '../support/bot-framework-issuer';
import { tempSqliteUrl } from '../support/bot-process';
import { eventually } from '../support/eventually';
import { tableCounts } from '../support/table-counts';
import { activities, teamsUser, TENANT } from '../support/teams-activities';
import { APP_ID, startTeamsBot, type TeamsBot } from '../support/teams-bot';

describe('Teams with an app id and real token validation', () => {
  let t: TeamsBot;
  const databaseUrl = tempSqliteUrl();

  beforeAll(async () => {
    // Nothing scheduled runs during the test: row counts change only through requests.
    t = await startTeamsBot({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', REMINDER_TICK_CRON: '0 0 1 1 *' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const counts = () => tableCounts(databaseUrl);

  it('logs that Teams validates tokens, that a test issuer is in use, and no unauthenticated warning', () => {
    expect(t.bot.output()).toContain('Teams on: POST /api/messages');
    expect(t.bot.output()).toContain('MICROSOFT_OPENID_METADATA_URL');
    expect(t.bot.output()).not.toContain('UNAUTHENTICATED');
  });

  it('answers a correctly signed activity, calling the connector with a token of its own', async () => {
    const user = teamsUser('Ada');
    const { sent, text } = await t.exchange(activities.personalMessage(user, t.connector.url, 'help'));
    expect(sent).toHaveLength(1);
    expect(text).toContain('profile');
    expect(sent[0].authorization).toMatch(/^Bearer /);
    expect(t.issuer.isBotToken(sent[0].authorization)).toBe(true);
    expect(t.issuer.tokensIssued).toBeGreaterThan(0);
    // The roster is asked for the member's email after the answer, with a token of the bot's too.
    await eventually(() => t.connector.calls.some((c) => c.method === 'GET' && c.path.includes('/members/')), 'the roster asked');
    expect(t.connector.unauthorizedCalls).toBe(0);
  });

  it('refuses with 401, and writes and sends nothing, every token the Bot Connector did not issue for this bot and this serviceUrl', async () => {
    const user = teamsUser('Intruder');
    const message = activities.personalMessage(user, t.connector.url, 'profile');
    const before = await counts();
    const callsBefore = t.connector.calls.length;
    const otherKey = newSigningKey();
    const refusals = {
      missing: await t.post(message, { authorization: null }),
      garbage: await t.post(message, { authorization: 'Bearer not-a-token' }),
      unsigned: await t.post(message, {
        authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: t.connector.url })).toString('base64url')}.`,
      }),
      // A key the issuer never published, under its own id, and under the published key's id.
      otherKey: await t.post(message, { authorization: t.issuer.authorization(message, { key: otherKey }) }),
      otherKeySameKid: await t.post(message, { authorization: t.issuer.authorization(message, { key: { kid: t.issuer.key.kid, privateKey: otherKey.privateKey } }) }),
      otherAudience: await t.post(message, { authorization: t.issuer.authorization(message, { audience: '33333333-3333-3333-3333-333333333333' }) }),
      otherIssuer: await t.post(message, { authorization: t.issuer.authorization(message, { issuer: 'https://attacker.example' }) }),
      // Beyond botbuilder's five minutes of clock tolerance.
      expired: await t.post(message, { authorization: t.issuer.authorization(message, { expiresIn: -600 }) }),
      // A real token for another serviceUrl: the bot would otherwise answer (and send tokens) there.
      otherServiceUrl: await t.post(message, { authorization: t.issuer.authorization({ serviceUrl: 'https://smba.trafficmanager.net/emea/' }) }),
    };
    expect(Object.fromEntries(Object.entries(refusals).map(([k, r]) => [k, r.status]))).toEqual(Object.fromEntries(Object.keys(refusals).map((k) => [k, 401])));
    expect(t.connector.calls.length).toBe(callsBefore);
    expect(await counts()).toEqual(before);
    const db = await openDatabase({ url: databaseUrl });
    try {
      expect(await db.repositories.members.findByIdentity('teams', `${TENANT}:${user.aadObjectId}`)).toBeNull();
    } finally {
      await db.close();
    }
    // The same activity with the right token is answered: the refusals were about the tokens.
    expect((await t.exchange(message)).text).toContain('What is your full name?');
  });
});
