// Nobody becomes the secretariat through Teams: the bot runs as a process with Slack (fake
// Web API, signed requests) and Teams (tokens from a loopback Bot Framework issuer, validated
// by botbuilder); the secretariat is a Slack user whose verified email the attackers copy.
// Each attack is sent as the attacker would send it; each asserts the refusal, that roles did
// not move and, where the bot must not answer at all, that no row changed.
import { openDatabase } from '../../src/db/open-database';
import { tempSqliteUrl } from '../support/bot-process';
import { allText, FakeSlack, type SlackCall } from '../support/fake-slack';
import { SlackSender } from '../support/slack-requests';
import { tableCounts } from '../support/table-counts';
import { activities, teamsUser, TENANT } from '../support/teams-activities';
import { startTeamsBot, type TeamsBot } from '../support/teams-bot';

const SECRET = 'identity-signing-secret';
const SECRETARY = 'U0SECRETARY';
const SECRETARY_EMAIL = 'secretariat@coalition.example';
const OTHER_TENANT = '99999999-9999-9999-9999-999999999999';
const databaseUrl = tempSqliteUrl();

let slack: FakeSlack;
let t: TeamsBot;
let send: SlackSender;

beforeAll(async () => {
  slack = new FakeSlack();
  await slack.start();
  slack.users[SECRETARY] = { real_name: 'Sam Secretary', email: SECRETARY_EMAIL };
  t = await startTeamsBot({
    DATABASE_URL: databaseUrl,
    SLACK_BOT_TOKEN: 'xoxb-identity',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    SECRETARIAT_SLACK_USERS: SECRETARY,
    // Nothing scheduled runs during the test: row counts change only through requests.
    REMINDER_TICK_CRON: '0 0 1 1 *',
  });
  send = new SlackSender(t.bot.url, SECRET, slack.url);
  await slack.waitFor((c) => c.method === 'auth.test', 15_000, 'auth.test at start');
  // The secretariat has talked to the bot: its member, verified email and role exist.
  await slackSays(SECRETARY, 'me', 'secretariat');
});
afterAll(async () => {
  await t?.stop();
  await slack?.stop();
});

/** DMs the bot on Slack and waits for its answer containing `expected`. */
async function slackSays(user: string, text: string, expected: string): Promise<SlackCall> {
  const mark = slack.calls.length;
  expect((await send.dm(user, text)).status).toBe(200);
  return slack.waitFor(
    (c) => slack.calls.indexOf(c) >= mark && c.method === 'chat.postMessage' && c.args.channel === `D${user.slice(1)}` && allText(c).includes(expected),
    15_000,
    `a Slack answer containing "${expected}"`,
  );
}

async function withDb<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase({ url: databaseUrl });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

async function rolesOfTeams(aadObjectId: string, tenant = TENANT): Promise<string[] | null> {
  return withDb(async (db) => {
    const found = await db.repositories.members.findByIdentity('teams', `${tenant}:${aadObjectId}`);
    return found ? (await db.repositories.roles.rolesOf(found.member.id)).map((r) => r.role) : null;
  });
}

async function secretariatIdentities(): Promise<string[]> {
  return withDb(async (db) => {
    const found = (await db.repositories.members.findByIdentity('slack', `T0TEST:${SECRETARY}`))!;
    expect((await db.repositories.roles.rolesOf(found.member.id)).map((r) => r.role)).toEqual(['secretariat']);
    return (await db.repositories.members.identities(found.member.id)).map((i) => `${i.platform}:${i.externalId}`);
  });
}

describe('a Teams user from a tenant that is not allowed', () => {
  it('with the secretariat\'s email on their roster entry gets no answer and writes nothing, whatever they send', async () => {
    const intruder = teamsUser('Sam Secretary');
    const fromElsewhere = <T extends Record<string, any>>(a: T): T => ({ ...a, conversation: { ...a.conversation, tenantId: OTHER_TENANT }, channelData: { ...a.channelData, tenant: { id: OTHER_TENANT } } });
    t.connector.members.set(intruder.id, { id: intruder.id, name: 'Sam Secretary', aadObjectId: intruder.aadObjectId, email: SECRETARY_EMAIL, tenantId: OTHER_TENANT });
    const before = await tableCounts(databaseUrl);
    const callsBefore = t.connector.calls.length;
    const sent = [
      await t.post(fromElsewhere(activities.install(intruder, t.connector.url))),
      await t.post(fromElsewhere(activities.personalMessage(intruder, t.connector.url, 'me'))),
      await t.post(fromElsewhere(activities.personalMessage(intruder, t.connector.url, 'export members'))),
      await t.post(fromElsewhere(activities.actionExecute(intruder, t.connector.url, { action: 'export members' }))),
      await t.post(fromElsewhere(activities.channelMention(intruder, t.connector.url, 'me'))),
      // An allowed tenant in the conversation, another in the channel data.
      await t.post((() => {
        const a = activities.personalMessage(intruder, t.connector.url, 'me');
        return { ...a, conversation: { ...a.conversation, tenantId: TENANT }, channelData: { ...a.channelData, tenant: { id: OTHER_TENANT } } };
      })()),
    ];
    expect(sent.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(sent[0].body).toEqual({ error: 'tenant not allowed' });
    expect(t.connector.calls.length).toBe(callsBefore);
    expect(await tableCounts(databaseUrl)).toEqual(before);
    expect(t.bot.output()).toContain('its tenant is not in TEAMS_ALLOWED_TENANTS');
    expect(await secretariatIdentities()).toEqual([`slack:T0TEST:${SECRETARY}`]);
  });
});

describe('a Teams user of the allowed tenant', () => {
  it('whose roster email is the secretariat\'s stays a separate member without any role', async () => {
    const impostor = teamsUser('Sam Secretary');
    t.connector.members.set(impostor.id, { id: impostor.id, name: 'Sam Secretary', aadObjectId: impostor.aadObjectId, email: SECRETARY_EMAIL, tenantId: TENANT });
    const me = await t.exchange(activities.personalMessage(impostor, t.connector.url, 'me'));
    expect(me.text).toContain('Roles: member');
    expect(me.text).not.toContain('Roles: secretariat');
    const exported = await t.exchange(activities.personalMessage(impostor, t.connector.url, 'export members'));
    expect(exported.text).not.toMatch(/CSV|Download/);
    expect(await rolesOfTeams(impostor.aadObjectId)).toEqual([]);
    expect(await secretariatIdentities()).toEqual([`slack:T0TEST:${SECRETARY}`]);
    // The roster email is kept, unverified.
    const identity = await withDb(async (db) => (await db.repositories.members.findByIdentity('teams', `${TENANT}:${impostor.aadObjectId}`))!.identity);
    expect(identity).toMatchObject({ email: SECRETARY_EMAIL, emailVerified: false });
  });

  it('cannot get the secretariat to link by handing over a code: refused in Slack, nothing joined', async () => {
    const attacker = teamsUser('Friendly Helper');
    const shown = await t.exchange(activities.personalMessage(attacker, t.connector.url, 'link'));
    const code = /Your code is (\w+)/.exec(shown.text)![1];
    await slackSays(SECRETARY, `link ${code}`, 'You hold a role (secretariat), so a link to your account must start from this chat');
    expect(await rolesOfTeams(attacker.aadObjectId)).toEqual([]);
    expect(await secretariatIdentities()).toEqual([`slack:T0TEST:${SECRETARY}`]);
  });

  it('who is the secretariat\'s own Teams account is linked from the secretariat\'s code after confirming in both chats', async () => {
    const own = teamsUser('Sam Secretary');
    const code = /Your code is (\w+)/.exec(allText(await slackSays(SECRETARY, 'link', 'Your code is')))![1];
    const asked = await t.exchange(activities.personalMessage(own, t.connector.url, `link ${code}`));
    expect(asked.text).toContain('To finish, type link confirm here and in your other chat');
    expect(await rolesOfTeams(own.aadObjectId)).toEqual([]);
    await slack.waitFor((c) => c.method === 'chat.postMessage' && allText(c).includes('Your link code was typed in a chat on teams'), 15_000, 'the question in Slack');
    expect((await t.exchange(activities.personalMessage(own, t.connector.url, 'link confirm'))).text).toContain('Now type link confirm in your other chat');
    expect(await rolesOfTeams(own.aadObjectId)).toEqual([]);
    await slackSays(SECRETARY, 'link confirm', 'Linked: both chats are now one member.');
    expect(await rolesOfTeams(own.aadObjectId)).toEqual(['secretariat']);
    expect((await secretariatIdentities()).sort()).toEqual([`slack:T0TEST:${SECRETARY}`, `teams:${TENANT}:${own.aadObjectId}`]);
    const me = await t.exchange(activities.personalMessage(own, t.connector.url, 'me'));
    expect(me.text).toContain(`slack:T0TEST:${SECRETARY} with teams:${TENANT}:${own.aadObjectId} (link code)`);
  });
});
