// PostgreSQL unreachable while messages arrive (the bot's path to it cut with a TCP relay;
// the server itself keeps running). Slack is asked to redeliver events (503 before any ack)
// and, on its last retry, the member is asked to send the message again; Teams members are
// told the bot is temporarily unavailable; after the relay is back the same process
// recovers and a redelivered event is handled once. A burst of multi-row writes (pledges,
// approvals) cut mid-way leaves no half-written record. (The local chat's 503 is covered by
// test/e2e/database-outage.test.ts.)
import { BotFrameworkIssuer } from '../support/bot-framework-issuer';
import { startBot, type BotProcess } from '../support/bot-process';
import { describePostgres } from '../support/databases';
import { FakeConnector } from '../support/fake-connector';
import { allText, FakeSlack } from '../support/fake-slack';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { SlackSender } from '../support/slack-requests';
import { startRelay, type Relay } from '../support/tcp-relay';
import { activities, postActivity, teamsUser, cardOf, cardText, TENANT } from '../support/teams-activities';
import { APP_ID, APP_PASSWORD } from '../support/teams-bot';
import { tableRows } from '../support/table-counts';
import { localMember } from '../support/local-members';

jest.setTimeout(120_000);

const SECRET = 'outage-secret';
const UNAVAILABLE = "I'm temporarily unavailable. Please try again in a minute: nothing you sent was lost.";
const SEND_AGAIN = "I'm temporarily unavailable and could not take your last message. Please send it again in a few minutes.";

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const status = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(15_000) })).status;

function relayFor(url: string): Promise<Relay> {
  const parsed = new URL(url);
  return startRelay({ host: parsed.hostname, port: Number(parsed.port || 5432) });
}

describePostgres('database outage: Slack redelivery, Teams, and no half-written records', (getUrl) => {
  describe('a running bot process', () => {
    let relay: Relay;
    let bot: BotProcess;
    let slack: FakeSlack;
    let connector: FakeConnector;
    let issuer: BotFrameworkIssuer;
    let send: SlackSender;

    beforeAll(async () => {
      const url = getUrl();
      relay = await relayFor(url);
      slack = new FakeSlack();
      await slack.start();
      issuer = await new BotFrameworkIssuer(APP_ID, APP_PASSWORD).start();
      connector = await new FakeConnector({ authorize: (header) => issuer.isBotToken(header) }).start();
      // Teams with tokens from a loopback Bot Framework issuer, validated as in production.
      bot = await startBot({
        DATABASE_URL: relay.url(url), LOCAL_CHAT: 'on', SLACK_BOT_TOKEN: 'xoxb-outage', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl,
        ...issuer.env({ TEAMS_ALLOWED_TENANTS: TENANT }),
      });
      send = new SlackSender(bot.url, SECRET, slack.url);
    });
    afterAll(async () => {
      await relay?.restore();
      await bot?.stop();
      await relay?.close();
      await slack?.stop();
      await connector?.stop();
      await issuer?.stop();
    });

    const dmsTo = (user: string, text: string) => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === `D${user.slice(1)}` && allText(c).includes(text));

    it('asks Slack to retry while the database is down, tells the member on the last retry, and handles the redelivery once after', async () => {
      expect((await send.dm('U0ADA', 'help', { eventId: 'Ev0BEFORE' })).status).toBe(200);
      await slack.waitFor((c) => c.method === 'chat.postMessage' && allText(c).includes('What I can do'));

      await relay.cut();
      await until(async () => (await status(`${bot.url}/healthz`)) === 503, '/healthz answers 503');

      // First delivery and retries 1 and 2: 503, with nothing telling Slack not to retry.
      for (const retry of [undefined, '1', '2']) {
        const res = await send.dm('U0ADA', 'help', { eventId: 'Ev0OUTAGE', headers: retry ? { 'x-slack-retry-num': retry, 'x-slack-retry-reason': 'http_error' } : {} });
        expect(res.status).toBe(503);
        expect(res.headers.get('x-slack-no-retry')).toBeNull();
      }
      // The last retry: acked, and the member is asked to send it again.
      const last = await send.dm('U0ADA', 'help', { eventId: 'Ev0LOST', headers: { 'x-slack-retry-num': '3', 'x-slack-retry-reason': 'http_error' } });
      expect(last.status).toBe(200);
      await slack.waitFor((c) => c.method === 'chat.postMessage' && allText(c).includes(SEND_AGAIN), 15_000, 'the "send it again" DM');
      expect(dmsTo('U0ADA', SEND_AGAIN)).toHaveLength(1);
      expect(dmsTo('U0ADA', UNAVAILABLE)).toHaveLength(0);

      await relay.restore();
      await until(async () => (await status(`${bot.url}/healthz`)) === 200, '/healthz answers 200 again');
      const helpsBefore = dmsTo('U0ADA', 'What I can do').length;
      const redelivered = await send.dm('U0ADA', 'help', { eventId: 'Ev0OUTAGE', headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' } });
      expect(redelivered.status).toBe(200);
      await slack.waitFor(() => dmsTo('U0ADA', 'What I can do').length > helpsBefore, 15_000, 'the answer to the redelivered event');
      // A further retry of the same event is acked and not answered again.
      expect((await send.dm('U0ADA', 'help', { eventId: 'Ev0OUTAGE', headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
      expect((await send.dm('U0ADA', 'me', { eventId: 'Ev0AFTER' })).status).toBe(200);
      await slack.waitFor((c) => c.method === 'chat.postMessage' && allText(c).includes('Your profile'), 15_000, 'the answer to a message after the outage');
      expect(dmsTo('U0ADA', 'What I can do')).toHaveLength(helpsBefore + 1);
    });

    it('answers buttons during the outage as before: acked, then "temporarily unavailable" in the DM', async () => {
      await relay.cut();
      try {
        await until(async () => (await status(`${bot.url}/healthz`)) === 503, '/healthz answers 503');
        const before = dmsTo('U0BEA', UNAVAILABLE).length;
        const res = await send.blockAction('U0BEA', { channel: 'D0BEA', ts: '1700000000.000100', blocks: [] }, { action_id: 'choice:0', type: 'button', value: 'help', text: { type: 'plain_text', text: 'Help' } });
        expect(res.status).toBe(200);
        await slack.waitFor(() => dmsTo('U0BEA', UNAVAILABLE).length > before, 15_000, 'the "temporarily unavailable" DM');
      } finally {
        await relay.restore();
      }
      await until(async () => (await status(`${bot.url}/healthz`)) === 200, '/healthz answers 200 again');
    });

    it('answers a Teams message during the outage with "temporarily unavailable" in the chat, not an error status', async () => {
      const user = teamsUser('Tess Outage');
      await relay.cut();
      try {
        await until(async () => (await status(`${bot.url}/healthz`)) === 503, '/healthz answers 503');
        const before = connector.activities(user.chat).length;
        const res = await postActivity(bot.url, activities.personalMessage(user, connector.url, 'profile'), { authorization: issuer.authorization({ serviceUrl: connector.url }) });
        expect(res.status).toBe(200);
        const sent = connector.activities(user.chat).slice(before);
        expect(sent.map((c) => cardText(cardOf(c.body))).join('\n')).toContain(UNAVAILABLE);
      } finally {
        await relay.restore();
      }
      await until(async () => (await status(`${bot.url}/healthz`)) === 200, '/healthz answers 200 again');
      const before = connector.activities(user.chat).length;
      expect((await postActivity(bot.url, activities.personalMessage(user, connector.url, 'help'), { authorization: issuer.authorization({ serviceUrl: connector.url }) })).status).toBe(200);
      expect(connector.activities(user.chat).slice(before).map((c) => cardText(cardOf(c.body))).join('\n')).toContain('What I can do');
    });
  });

  describe('a burst of multi-row writes cut mid-way', () => {
    let relay: Relay;
    let t: TestApp;
    let url: string;
    const N = 10;
    const EVIDENCE = 'We have connected 120 rural schools in three provinces since 2021 and train teachers.';

    beforeAll(async () => {
      url = getUrl();
      relay = await relayFor(url);
      t = await startTestApp(relay.url(url), '2026-11-29T10:00:00Z');
    });
    afterAll(async () => {
      await relay?.restore();
      await t?.stop();
      await relay?.close();
    });

    /** Answers every question of a pledge, stopping at the summary (Confirm not pressed). */
    async function pledgeUpToConfirm(user: string): Promise<void> {
      await t.say(user, { text: 'pledge' });
      await t.say(user, { action: 'access' });
      await t.say(user, { text: 'Schools online in the Sahel' });
      await t.say(user, { text: 'Connect 500 rural schools to broadband with solar-powered sites.' });
      await t.say(user, { action: 'financial' });
      await t.say(user, { text: '2.5m' });
      await t.say(user, { text: 'Niger, Mali, Fiji' });
      await t.say(user, { action: ['women_and_girls', 'schools_and_students'] });
      await t.say(user, { action: ['4', '9'] });
      await t.say(user, { text: '2027' });
      expect((await t.say(user, { text: '2029' }))[0].title).toBe('Please check your answers.');
    }

    async function applyToAdoption(user: string): Promise<void> {
      await t.say(user, { text: 'join adoption' });
      await t.say(user, { text: EVIDENCE });
      await t.say(user, { text: 'no' });
      await t.say(user, { text: 'no' });
      expect((await t.say(user, { text: 'yes' }))[0].title).toBe('Please check your answers.');
      expect((await t.say(user, { action: 'confirm' }))[0].tone).toBe('success');
    }

    it('leaves every pledge with its history and every decided application with its membership and audit entries', async () => {
      await t.say('demo-secretariat', { text: 'me' });
      for (let i = 0; i < N; i++) {
        await localMember(t, `pl${i}`);
        await pledgeUpToConfirm(`pl${i}`);
        await localMember(t, `ap${i}`);
        await applyToAdoption(`ap${i}`);
      }
      const pending = (await t.app.database.repositories.applications.pending()).map((a) => a.id);
      expect(pending).toHaveLength(N);

      // All completions at once; the relay is cut as soon as the first one is answered.
      let firstAnswered!: () => void;
      const first = new Promise<void>((resolve) => (firstAnswered = resolve));
      const post = (user: string, body: Record<string, unknown>) =>
        fetch(`${t.url}/local/messages`, { method: 'POST', headers: t.headers, body: JSON.stringify({ user, ...body }), signal: AbortSignal.timeout(60_000) }).then((res) => {
          firstAnswered();
          return res.status;
        });
      const burst = [
        ...Array.from({ length: N }, (_, i) => post(`pl${i}`, { action: 'confirm' })),
        ...pending.map((id) => post('demo-secretariat', { text: `approve ${id}` })),
      ];
      await first;
      await relay.cut();
      const statuses = await Promise.all(burst);
      expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);

      await relay.restore();
      await until(async () => (await status(`${t.url}/healthz`)) === 200, '/healthz answers 200 again');

      const pledges = await tableRows(url, 'Pledge');
      const events = await tableRows(url, 'PledgeEvent');
      for (const pledge of pledges) expect(events.filter((e) => e.pledgeId === pledge.id && e.kind === 'created')).toHaveLength(1);
      expect(events.every((e) => pledges.some((p) => p.id === e.pledgeId))).toBe(true);

      const applications = await tableRows(url, 'Application');
      const memberships = await tableRows(url, 'Membership');
      const audit = await tableRows(url, 'AuditEntry');
      for (const application of applications) {
        expect(audit.filter((a) => a.action === 'application.submitted' && a.subject === application.id)).toHaveLength(1);
        const approvedAudit = audit.filter((a) => a.action === 'application.approved' && a.subject === application.id);
        const membership = memberships.filter((m) => m.memberId === application.memberId && m.groupId === application.groupId);
        if (application.status === 'approved') {
          expect(approvedAudit).toHaveLength(1);
          expect(membership).toHaveLength(1);
        } else {
          expect(application.status).toBe('pending');
          expect(approvedAudit).toHaveLength(0);
          expect(membership).toHaveLength(0);
        }
      }
      // Whatever was refused during the cut completes now, once.
      for (let i = 0; i < N; i++) {
        const user = `pl${i}`;
        const mine = pledges.filter((p) => p.entity === `${user} Networks`);
        expect(mine.length).toBeLessThanOrEqual(1);
      }
    });
  });
});
