// The unauthenticated Teams mode exists for trying the bot on one machine: it opens only while
// the local chat is on and neither Slack nor Teams credentials are configured, and even then
// answers only loopback serviceUrls. (Every other Teams test runs with tokens validated.)
import { encodeTeamsAddress } from '../../adapters/teams/address';
import { isBotError } from '../../src/core/errors';
import { openDatabase } from '../../src/db/open-database';
import { startBot, tempSqliteUrl } from '../support/bot-process';
import { FakeConnector } from '../support/fake-connector';
import { FakeSlack } from '../support/fake-slack';
import { startTestApp } from '../support/in-process-app';
import { eventually } from '../support/eventually';
import { rejectionOf } from '../support/rejection';
import { tableCounts } from '../support/table-counts';
import { activities, exchangeActivity, postActivity, teamsUser, TENANT } from '../support/teams-activities';

describe('Teams without credentials', () => {
  it('runs unauthenticated only on its own: loopback serviceUrls answered, others refused with nothing written, said once in the log', async () => {
    const connector = await new FakeConnector().start();
    const databaseUrl = tempSqliteUrl();
    const bot = await startBot({ DATABASE_URL: databaseUrl, LOCAL_CHAT: 'on', REMINDER_TICK_CRON: '0 0 1 1 *' });
    try {
      expect(bot.output().match(/Teams runs UNAUTHENTICATED/g)).toHaveLength(1);
      const local = teamsUser('Local Tester');
      expect((await exchangeActivity(bot.url, connector, activities.personalMessage(local, connector.url, 'help'))).text).toContain('What I can do');
      // The roster's email is asked after the answer: done before the calls are counted.
      await eventually(() => connector.calls.some((c) => c.method === 'GET' && c.path.includes('/members/')), 'the roster asked for the local tester');

      const remote = teamsUser('Remote');
      const before = await tableCounts(databaseUrl);
      const callsBefore = connector.calls.length;
      const response = await postActivity(bot.url, activities.personalMessage(remote, 'https://smba.trafficmanager.net/emea/', 'profile'));
      expect(response.status).toBe(403);
      expect(response.body!.error).toContain('only a loopback serviceUrl is answered');
      expect(connector.calls.length).toBe(callsBefore);
      expect(await tableCounts(databaseUrl)).toEqual(before);
      const db = await openDatabase({ url: databaseUrl });
      try {
        expect(await db.repositories.members.findByIdentity('teams', `${TENANT}:${remote.aadObjectId}`)).toBeNull();
      } finally {
        await db.close();
      }
    } finally {
      await bot.stop();
    }
    // Nor does it send anywhere else on its own (a stored address naming a remote serviceUrl).
    const app = await startTestApp(tempSqliteUrl(), '2026-12-01T10:00:00Z');
    try {
      const address = encodeTeamsAddress({ conversationId: 'a:x', serviceUrl: 'https://smba.trafficmanager.net/emea/', tenantId: TENANT });
      const before = connector.calls.length;
      expect(isBotError(await rejectionOf(app.app.chat.send(address, { text: 'x' })), 'PLATFORM.NOT_SUPPORTED')).toBe(true);
      expect(connector.calls.length).toBe(before);
    } finally {
      await app.stop();
      await connector.stop();
    }
  });

  it('sends to a loopback Teams address before any activity came in (the endpoint is made at its first use)', async () => {
    const connector = await new FakeConnector().start();
    const app = await startTestApp(tempSqliteUrl(), '2026-12-01T10:00:00Z');
    try {
      const address = encodeTeamsAddress({ conversationId: 'a:first', serviceUrl: connector.url, tenantId: TENANT });
      await app.app.chat.send(address, { text: 'first words' });
      const sent = connector.activities('a:first');
      expect(sent).toHaveLength(1);
      expect(JSON.stringify(sent[0].body)).toContain('first words');
    } finally {
      await app.stop();
      await connector.stop();
    }
  });

  it('stays closed when Slack is configured, even with the local chat on: nobody on the machine can claim a Teams user', async () => {
    const slack = new FakeSlack();
    await slack.start();
    const connector = await new FakeConnector().start();
    const databaseUrl = tempSqliteUrl();
    const bot = await startBot({ DATABASE_URL: databaseUrl, LOCAL_CHAT: 'on', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.apiUrl, SECRETARIAT_TEAMS_USERS: 'aad-secretariat', LOG_LEVEL: 'info', REMINDER_TICK_CRON: '0 0 1 1 *' });
    try {
      const before = await tableCounts(databaseUrl);
      // The attack: a local caller claiming the secretariat's Teams identity.
      const claimed = { ...teamsUser('Secretariat'), aadObjectId: 'aad-secretariat' };
      const response = await postActivity(bot.url, activities.personalMessage(claimed, connector.url, 'export members'));
      expect(response.status).toBe(404);
      expect(connector.calls).toEqual([]);
      expect(await tableCounts(databaseUrl)).toEqual(before);
      expect(bot.output()).toContain('Teams off: MICROSOFT_APP_ID is not set (the unauthenticated local Teams endpoint opens only while no Slack or Teams credentials are configured)');
      expect(bot.output()).not.toContain('UNAUTHENTICATED');
    } finally {
      await bot.stop();
      await connector.stop();
      await slack.stop();
    }
  });
});
