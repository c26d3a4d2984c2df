// With an app id, botbuilder validates every activity's token: without one, or with one
// that is not a Bot Framework token, the activity is refused with 401 and changes nothing.
// (Both are decided before any network call: a missing header needs no OpenID metadata, and
// a token whose issuer is not Bot Framework's is dropped before its keys are fetched.)
import { openDatabase } from '../../src/db/open-database';
import { startBot, tempSqliteUrl, type BotProcess } from '../support/bot-process';
import { FakeConnector } from '../support/fake-connector';
import { activities, postActivity, teamsUser, TENANT } from '../support/teams-activities';

describe('Teams with an app id', () => {
  let bot: BotProcess;
  let connector: FakeConnector;
  const databaseUrl = tempSqliteUrl();

  beforeAll(async () => {
    connector = await new FakeConnector().start();
    bot = await startBot({ DATABASE_URL: databaseUrl, MICROSOFT_APP_ID: '22222222-2222-2222-2222-222222222222', MICROSOFT_APP_PASSWORD: 'not-a-real-secret', LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await bot?.stop();
    await connector?.stop();
  });

  it('logs that Teams is on with token validation, and no unauthenticated warning', () => {
    expect(bot.output()).toContain('Teams on: POST /api/messages');
    expect(bot.output()).not.toContain('UNAUTHENTICATED');
  });

  it('answers 401 to an activity without a token, or with one that is not a Bot Framework token, and changes nothing', async () => {
    const user = teamsUser('Intruder');
    const missing = await postActivity(bot.url, activities.personalMessage(user, connector.url, 'profile'));
    expect(missing.status).toBe(401);
    const unsignedJwt = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"iss":"https://attacker.example"}').toString('base64url')}.`;
    const forged = await postActivity(bot.url, activities.personalMessage(user, connector.url, 'profile'), { authorization: `Bearer ${unsignedJwt}` });
    expect(forged.status).toBe(401);
    const garbage = await postActivity(bot.url, activities.install(user, connector.url), { authorization: 'Bearer not-a-token' });
    expect(garbage.status).toBe(401);
    expect(connector.calls).toEqual([]);

    const db = await openDatabase({ url: databaseUrl });
    try {
      expect(await db.repositories.members.findByIdentity('teams', `${TENANT}:${user.aadObjectId}`)).toBeNull();
      expect(await db.repositories.members.list()).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
