// The real bot logging at trace level with Slack (HTTP mode), Teams and a metrics token
// configured: signed and forged Slack requests, a Teams activity with a bearer token, a
// metrics scrape, signed links and chat messages go through it, and none of the secrets,
// signatures, authorization headers or message texts appear in what it printed. Every line
// logged while a request is handled names that request.
import { openDatabase } from '../../src/db/open-database';
import { startBot, tempSqliteUrl, type BotProcess } from '../support/bot-process';
import { cleanupTestDatabases, postgresTestUrl } from '../support/databases';
import { allText, FakeSlack } from '../support/fake-slack';
import { sign, SlackSender } from '../support/slack-requests';
import { eventually } from '../support/eventually';
import { FakeConnector } from '../support/fake-connector';
import { activities, exchangeActivity, postActivity, teamsUser } from '../support/teams-activities';

const SECRETS = {
  signingSecret: 'signing-SECRET-9c2e41',
  botToken: 'xoxb-SECRET-bot-token-7f3a',
  teamsPassword: 'teams-SECRET-password-4d1b',
  metricsToken: 'metrics-SECRET-token-5e6f',
  databasePassword: 'Pg-SECRET-pass-8a0c',
};
const TEXTS = {
  slackDm: 'SlackDmBodyText31337',
  slackAction: 'SlackActionValue7531',
  slackForged: 'SlackForgedBodyText1122',
  teams: 'TeamsBodyText9753',
  local: 'LocalChatBodyText8642',
  localName: 'Localname Secretvalue',
};
/** What users.info and the Teams roster say about people: never logged, even at trace. */
const PERSONAL = {
  slackName: 'Slackreal Personname',
  slackEmail: 'slack.person.secret@example.org',
  teamsName: 'Rosterfrom Secretname',
  teamsEmail: 'roster.person.secret@example.org',
  teamsUpn: 'roster.upn.secret@example.org',
};

/** A database URL with a password in it: PostgreSQL (trust auth accepts any) when available, else SQLite. */
function databaseUrl(): string {
  if (!process.env.TEST_DATABASE_URL) return tempSqliteUrl();
  const url = new URL(postgresTestUrl());
  url.password = SECRETS.databasePassword;
  return url.toString();
}

/** The key the bot signs its links with (kept in the database). */
async function linkKey(url: string): Promise<string> {
  const db = await openDatabase({ url });
  try {
    return await db.repositories.sharedValues.getOrCreate('link-signing-key', () => 'none yet');
  } finally {
    await db.close();
  }
}

describe('what the bot logs', () => {
  let slack: FakeSlack;
  let bot: BotProcess;
  let send: SlackSender;
  let output = '';
  const url = databaseUrl();
  const mustNotAppear: string[] = [...Object.values(SECRETS), ...Object.values(TEXTS), PERSONAL.slackName, PERSONAL.slackEmail];
  const requestIds: Record<string, string> = {};

  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    bot = await startBot({
      DATABASE_URL: url,
      LOG_LEVEL: 'trace',
      LOG_FORMAT: 'json',
      LOCAL_CHAT: 'on',
      SLACK_BOT_TOKEN: SECRETS.botToken,
      SLACK_SIGNING_SECRET: SECRETS.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      MICROSOFT_APP_ID: '22222222-2222-2222-2222-222222222222',
      MICROSOFT_APP_PASSWORD: SECRETS.teamsPassword,
      TEAMS_ALLOWED_TENANTS: '11111111-1111-1111-1111-111111111111',
      METRICS_TOKEN: SECRETS.metricsToken,
    });
    send = new SlackSender(bot.url, SECRETS.signingSecret, slack.url);
    await slack.waitFor((c) => c.method === 'auth.test', 15_000, 'auth.test at start');
    // users.info answers with a name and an email for the member who writes below.
    slack.users.U0LOGS = { real_name: PERSONAL.slackName, email: PERSONAL.slackEmail };

    const signed = async (payload: unknown, expected: string) => {
      const body = JSON.stringify(payload);
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = sign(SECRETS.signingSecret, timestamp, body);
      mustNotAppear.push(signature);
      const mark = slack.calls.length;
      const res = await send.post(body, 'application/json', { timestamp, signature });
      expect(res.status).toBe(200);
      await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && allText(c).includes(expected), 15_000, `a reply containing ${expected}`);
      return res;
    };
    // A signed DM, and a signed click on a button of a message.
    const dm = await signed(send.eventPayload('event_message_im', { user: 'U0LOGS', text: TEXTS.slackDm, channel: 'D0LOGS', ts: '1700000000.000100' }), TEXTS.slackDm);
    requestIds.slackDm = dm.headers.get('x-request-id')!;
    const mark = slack.calls.length;
    const click = await send.blockAction('U0LOGS', { channel: 'D0LOGS', ts: '1700000000.000200', blocks: [] }, { type: 'button', action_id: 'choice:0', value: TEXTS.slackAction, text: { type: 'plain_text', text: 'x' } });
    expect(click.status).toBe(200);
    await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && allText(c).includes(TEXTS.slackAction), 15_000, 'the answer to the click');

    // A forged Slack request.
    const forgedSignature = `v0=${'f0e1d2c3'.repeat(8)}`;
    mustNotAppear.push(forgedSignature);
    const forged = await send.dm('U0FORGER', TEXTS.slackForged, { signature: forgedSignature });
    expect(forged.status).toBe(401);
    requestIds.forged = forged.headers.get('x-request-id')!;

    // A Teams activity with a bearer token that is not Bot Framework's.
    const jwt = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"iss":"https://attacker.example","sub":"TeamsJwtSubject4242"}').toString('base64url')}.`;
    mustNotAppear.push(jwt, 'TeamsJwtSubject4242');
    const teamsRequestId = 'teams-request-0001';
    const teams = await postActivity(bot.url, activities.personalMessage(teamsUser('Logged'), 'http://127.0.0.1:9/', TEXTS.teams), { authorization: `Bearer ${jwt}`, 'x-request-id': teamsRequestId });
    expect(teams.status).toBe(401);
    requestIds.teams = teamsRequestId;

    // A metrics scrape with the token, and one with a wrong token.
    expect((await fetch(`${bot.url}/metrics`, { headers: { authorization: `Bearer ${SECRETS.metricsToken}` } })).status).toBe(200);
    mustNotAppear.push('Wrong-Metrics-Token-6161');
    expect((await fetch(`${bot.url}/metrics`, { headers: { authorization: 'Bearer Wrong-Metrics-Token-6161' } })).status).toBe(401);

    // Local chat: an unknown word (echoed in the reply), and a name typed into a flow.
    expect((await bot.say('lou', { text: TEXTS.local })).status).toBe(200);
    await bot.say('lou', { text: 'profile' });
    expect((await bot.say('lou', { text: TEXTS.localName })).status).toBe(200);

    // A signed link's signature, forged.
    mustNotAppear.push('SigValueForged0707');
    expect((await fetch(`${bot.url}/calendar/none.ics?sig=SigValueForged0707`)).status).toBeGreaterThanOrEqual(400);

    expect(await bot.stop()).toBe(0);
    const key = await linkKey(url);
    expect(key).not.toBe('none yet');
    mustNotAppear.push(key);
    output = bot.output();
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await slack?.stop();
    await cleanupTestDatabases();
  });

  it('went through every path at trace level (the test logs something to check)', () => {
    expect(output).toContain('"msg":"listening"');
    expect(output).toContain('refused a Slack request');
    expect(output).toContain('Teams activity refused');
    expect(output.split('\n').filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(8);
  });

  it('contains no secret, signature, authorization header or message text', () => {
    const found = mustNotAppear.filter((value) => output.includes(value));
    expect(found).toEqual([]);
    // The database URL is logged without its password.
    if (url.startsWith('postgres')) expect(output).toMatch(/postgresql:\/\/postgres:\*\*\*@/);
  });

  it('prints JSON lines only: what libraries print to the console goes through the logger too', () => {
    const lines = output.split('\n').filter((l) => l !== '');
    expect(lines.filter((l) => !l.startsWith('{'))).toEqual([]);
    // botbuilder prints the refused activity's error; it arrives as one structured line.
    expect(lines.some((l) => l.includes('"component":"console"') && l.includes('Unauthorized. No valid identity'))).toBe(true);
  });

  it('names the request on every line logged while handling it', () => {
    const lines = output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const forged = lines.filter((l) => l.requestId === requestIds.forged).map((l) => l.msg);
    expect(forged).toEqual(expect.arrayContaining([expect.stringContaining('refused a Slack request'), 'request']));
    expect(lines.filter((l) => l.requestId === requestIds.slackDm).length).toBeGreaterThanOrEqual(2);
    const teams = lines.filter((l) => l.requestId === requestIds.teams).map((l) => l.msg);
    expect(teams).toEqual(expect.arrayContaining(['Teams activity refused: its token is missing or invalid', 'request', expect.stringContaining('Unauthorized')]));
    // Every request line carries one.
    expect(lines.filter((l) => l.msg === 'request' && typeof l.requestId !== 'string')).toEqual([]);
  });
});

describe('Teams roster lookups at trace', () => {
  it('leave no name or email from the roster, or from the activity, in the output', async () => {
    const connector = await new FakeConnector().start();
    // Only the local chat: Teams runs unauthenticated for callers on this machine, and looks the member up in the roster.
    const bot = await startBot({ DATABASE_URL: tempSqliteUrl(), LOG_LEVEL: 'trace', LOG_FORMAT: 'json' });
    try {
      const user = { ...teamsUser('x'), name: PERSONAL.teamsName };
      connector.members.set(user.id, { id: user.id, name: PERSONAL.teamsName, aadObjectId: user.aadObjectId, email: PERSONAL.teamsEmail, userPrincipalName: PERSONAL.teamsUpn });
      await exchangeActivity(bot.url, connector, activities.personalMessage(user, connector.url, 'help'));
      // The roster is asked after the answer; its email shows once stored.
      await eventually(async () => (await exchangeActivity(bot.url, connector, activities.personalMessage(user, connector.url, 'me'))).text.includes(PERSONAL.teamsEmail), 'the roster email stored');
      expect(connector.calls.some((c) => c.method === 'GET' && c.path.includes('/members/'))).toBe(true);
    } finally {
      expect(await bot.stop()).toBe(0);
      await connector.stop();
    }
    const output = bot.output();
    expect(output).toContain('"msg":"request"');
    expect([PERSONAL.teamsName, PERSONAL.teamsEmail, PERSONAL.teamsUpn, 'Rosterfrom', 'roster.person'].filter((v) => output.includes(v))).toEqual([]);
  }, 60_000);
});

describe('LOG_FORMAT=pretty', () => {
  it('prints readable lines, to the last one at a graceful stop', async () => {
    const bot = await startBot({ DATABASE_URL: tempSqliteUrl(), LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' });
    expect(await bot.stop()).toBe(0);
    const lines = bot.output().trimEnd().split('\n');
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} INFO  listening host=127\.0\.0\.1 port=\d+ database=sqlite$/)]));
    expect(lines.filter((l) => l.startsWith('{'))).toEqual([]);
    expect(lines[lines.length - 1]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  stopped$/);
  }, 60_000);
});
