// The SQL statements one turn costs, counted where Prisma hands them to the database driver,
// on each platform over real HTTP: a `help` from a known member, the press of a button, and
// an answer to a flow's question. A turn reads the member once and writes nothing it does not
// need; a change that adds statements to a turn fails here.
import { describeEachDatabase, type TestProvider } from '../support/databases';
import { FakeConnector } from '../support/fake-connector';
import { FakeSlack, type SlackCall } from '../support/fake-slack';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { SlackSender } from '../support/slack-requests';
import { activities, cardActions, exchangeActivity, teamsUser } from '../support/teams-activities';

/**
 * What each turn costs, in SQL statements, exactly. A known member's turn reads identity, member,
 * roles and the flow state in one statement (1) and writes nothing unless something changed; a
 * flow answer saves the flow state (1). Slack and Teams deliveries carry an id that is recorded
 * first (dedupe: 1; where the port records it, Teams and a Slack button, together with the read
 * in one statement on PostgreSQL); a Slack button also records its signed request (replays: 1). A first contact
 * finds no one (1) and writes the member and its identity together (one statement on PostgreSQL,
 * two in one transaction on SQLite): a new member has no roles to read. Where the port records
 * the delivery (Teams), PostgreSQL does all of it in the one statement of the turn. On Teams the roster's
 * email is stored after the answer, once (the same one or two statements). The local chat also
 * keeps the conversation (what the member said and the replies: 5 statements).
 */
const expected = (provider: TestProvider) => {
  const pg = provider === 'postgresql';
  const write2 = pg ? 1 : 2;
  // A delivery the port records (Teams, a Slack button) and the turn's read: one statement on PostgreSQL.
  const admitRead = pg ? 1 : 2;
  // That statement creating a newcomer too: still one on PostgreSQL.
  const admitCreate = pg ? 1 : admitRead + write2;
  return {
    slack: { firstContact: 2 + write2, help: 2, button: 1 + admitRead, flowAnswer: 3 },
    teams: { firstContact: admitCreate + write2, help: admitRead, button: admitRead, flowAnswer: admitRead + 1 },
    local: { help: 6, button: 6, flowAnswer: 7 },
  };
};

/** Waits until no statement has run for a while (a turn's trailing work is counted too). */
async function settled(t: TestApp): Promise<number> {
  let last = t.app.database.queries();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = t.app.database.queries();
    if (now === last) return now;
    last = now;
  }
}

async function cost(t: TestApp, turn: () => Promise<unknown>): Promise<number> {
  const before = await settled(t);
  await turn();
  return (await settled(t)) - before;
}

describeEachDatabase('SQL statements per turn', (getUrl, provider) => {
  const EXPECTED = expected(provider);
  it('Slack: help, a button, a flow answer', async () => {
    const slack = new FakeSlack();
    await slack.start();
    const secret = 'queries-secret';
    const t = await startTestApp(getUrl(), '2026-12-01T10:00:00Z', { SLACK_BOT_TOKEN: 'xoxb-queries', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: slack.apiUrl });
    try {
      const send = new SlackSender(t.url, secret, slack.url);
      const user = 'U0QUERY';
      slack.users[user] = { real_name: 'Query Counter' };
      const reply = async (text: string, wait: string): Promise<SlackCall> => {
        const mark = slack.calls.length;
        expect((await send.dm(user, text)).status).toBe(200);
        return slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'chat.postMessage' && JSON.stringify(c.args).includes(wait), 15_000, wait);
      };
      const firstContact = await cost(t, () => reply('help', 'What I can do')); // the member is created
      const help = await cost(t, () => reply('help', 'What I can do'));

      const suggestion = await reply('hepl', 'Did you mean');
      const button = (suggestion.args.blocks as { type: string; elements?: { action_id: string; value: string; text: unknown }[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.value === 'help')!;
      const press = await cost(t, async () => {
        const mark = slack.calls.length;
        const message = { channel: `D${user.slice(1)}`, ts: String(suggestion.args.ts ?? '1700000000.000001'), blocks: suggestion.args.blocks as unknown[] };
        expect((await send.blockAction(user, message, { type: 'button', action_id: button.action_id, value: button.value, text: button.text })).status).toBe(200);
        await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'chat.postMessage' && JSON.stringify(c.args).includes('What I can do'), 15_000, 'help after the press');
      });

      await reply('profile', 'full name');
      const answer = await cost(t, () => reply('Ada Lovelace', 'organization'));
      expect({ firstContact, help, button: press, flowAnswer: answer }).toEqual(EXPECTED.slack);
    } finally {
      await t.stop();
      await slack.stop();
    }
  });

  it('Teams and the local chat: help, a button, a flow answer', async () => {
    const connector = await new FakeConnector().start();
    // The local chat on and no Slack: Teams takes loopback activities without tokens here.
    const t = await startTestApp(getUrl(), '2026-12-01T10:00:00Z');
    try {
      const user = teamsUser('Query Counter');
      connector.members.set(user.id, { id: user.id, name: 'Query Counter', aadObjectId: user.aadObjectId, email: 'query@contoso.example' });
      const say = (text: string) => exchangeActivity(t.url, connector, activities.personalMessage(user, connector.url, text));
      const teams = { firstContact: await cost(t, async () => expect((await say('help')).text).toContain('What I can do')), help: 0, button: 0, flowAnswer: 0 };
      teams.help = await cost(t, async () => expect((await say('help')).text).toContain('What I can do'));
      const suggestion = await say('hepl');
      const button = suggestion.cards.flatMap(cardActions).find((a) => JSON.stringify(a.data ?? {}).includes('help'))!;
      teams.button = await cost(t, async () => expect((await exchangeActivity(t.url, connector, activities.cardSubmit(user, connector.url, button.data))).text).toContain('What I can do'));
      expect((await say('profile')).text).toContain('full name');
      teams.flowAnswer = await cost(t, async () => expect((await say('Ada Lovelace')).text).toContain('organization'));

      await t.say('ada', { text: 'help' });
      const local = {
        help: await cost(t, async () => expect(JSON.stringify(await t.say('ada', { text: 'help' }))).toContain('What I can do')),
        button: await cost(t, async () => expect(JSON.stringify(await t.say('ada', { action: 'help' }))).toContain('What I can do')),
        flowAnswer: 0,
      };
      await t.say('ada', { text: 'profile' });
      local.flowAnswer = await cost(t, async () => expect(JSON.stringify(await t.say('ada', { text: 'Ada Lovelace' }))).toContain('organization'));

      expect({ teams, local }).toEqual({ teams: EXPECTED.teams, local: EXPECTED.local });
    } finally {
      await t.stop();
      await connector.stop();
    }
  });
});
