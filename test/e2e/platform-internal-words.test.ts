// No internal word (snake_case values, enum names, null, undefined, ISO timestamps) in what the bot
// sends to Slack (messages, updates, App Home, modals) and Teams (cards), in each language: the
// same scan as the local chat's (conversation-details), over a run through the real adapters and
// the platform fakes (test/support).
import { tempSqliteUrl } from '../support/bot-process';
import { describeEachDatabase } from '../support/databases';
import { translator } from '../../src/conversation/catalog/catalog';
import { allText, FakeSlack, textsOf, type SlackCall } from '../support/fake-slack';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { cardTexts, internalWords } from '../support/internal-words';
import { fourLanguageCoalition } from '../support/languages';
import { SlackSender } from '../support/slack-requests';
import { activities, cardOf, teamsUser } from '../support/teams-activities';
import { startTeamsBot, type TeamsBot } from '../support/teams-bot';

const LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;
const SECRET = 'internal-words-secret';
/** A member's day: help, a profile answered (one wrong answer), their standing, a flow left half-way. */
const RUN = ['help all', 'me', 'profile', 'Ada Lovelace', 'Analytical Engines', 'academia', 'Atlantis', 'KEN', 'Africa/Nairobi', 'skip', 'confirm', 'me', 'groups', 'my groups', 'meetings', 'pledges', 'pledge totals', 'reminders', 'language', 'join', 'cancel', 'xyzzy'];

/** Example guard: the scan finds what it is meant to find. */
it('the scan can fail: a snake_case key, an enum name, undefined and an ISO time are each found, a link is not', () => {
  expect(internalWords(['stake member_state', 'IN_PROGRESS', 'at undefined', '2026-12-07T09:00', 'see <https://x.test/a_b|the link>', ':white_check_mark: Saved', 'Awa Diop', 'x :not_emoji'])).toEqual([
    'stake member_state',
    'IN_PROGRESS',
    'at undefined',
    '2026-12-07T09:00',
    'x :not_emoji',
  ]);
  expect(cardTexts({ body: [{ type: 'FactSet', facts: [{ title: 'Status', value: 'in_progress' }] }, { type: 'Input.ChoiceSet', choices: [{ title: 'Academia', value: 'academia_x' }] }] })).toEqual(['Status', 'in_progress', 'Academia']);
});

describeEachDatabase('Slack: no internal word in blocks and views', (getUrl) => {
  let slack: FakeSlack;
  let t: TestApp;
  let send: SlackSender;
  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    t = await startTestApp(getUrl(), '2026-12-07T09:00:00Z', { SLACK_BOT_TOKEN: 'xoxb-internal', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl }, fourLanguageCoalition());
    send = new SlackSender(t.url, SECRET, slack.url);
  });
  afterAll(async () => {
    await t?.stop();
    await slack?.stop();
  });

  const MEMBER_READS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.publish', 'views.open', 'views.update', 'response_url']);

  it.each(LANGUAGES)('%s', async (language) => {
    const user = `U0IW${language.toUpperCase()}`;
    const t9n = translator(language);
    slack.users[user] = { real_name: 'Ada Lovelace', locale: language };
    const start = slack.calls.length;
    /** Sends a DM and waits for the bot's post in the DM that contains `expected` (any post when absent). */
    const reply = async (text: string, expected?: string) => {
      const mark = slack.calls.length;
      await send.dm(user, text);
      await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'chat.postMessage' && c.args.channel === `D${user.slice(1)}` && (!expected || allText(c).includes(expected)), 15_000, `the answer to ${text}`);
    };
    await reply(`language ${language}`);
    // A member with a profile (stored as the profile flow stores it), then their day's commands.
    const { repositories } = t.app.database;
    const { member } = (await repositories.members.findByIdentity('slack', `T0TEST:${user}`))!;
    await repositories.members.updateProfile(member.id, { name: 'Ada Lovelace', organization: 'Analytical Engines', category: 'academia', country: 'KEN', timeZone: 'Africa/Nairobi', profileCompletedAt: t.clock.now() });
    for (const text of ['help all', 'me', 'groups', 'my groups', 'meetings', 'pledges', 'pledge totals', 'reminders', 'language', 'xyzzy']) await reply(text);
    // A flow's questions (a text question, then a select), each awaited before the next answer.
    await reply('profile', t9n('profile.name.prompt'));
    await reply('Ada Lovelace', t9n('profile.organization.prompt'));
    await reply('Analytical Engines', t9n('profile.category.prompt'));
    await reply('cancel');
    let mark = slack.calls.length;
    await send.homeOpened(user);
    await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'views.publish', 15_000, 'the App Home');
    mark = slack.calls.length;
    await send.slash(user, 'pledge form');
    await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'views.update', 15_000, 'the pledge form');

    const read: SlackCall[] = slack.calls.slice(start).filter((c) => MEMBER_READS.has(c.method));
    const shown = read.flatMap(textsOf);
    expect(shown.length).toBeGreaterThan(60);
    expect(internalWords(shown)).toEqual([]);
  });
});

describe('Teams: no internal word on cards', () => {
  let t: TeamsBot;
  beforeAll(async () => {
    t = await startTeamsBot({ DATABASE_URL: tempSqliteUrl() });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it.each(LANGUAGES)('%s', async (language) => {
    const user = teamsUser(`Ada ${language}`);
    const shown: string[] = [];
    const say = async (text: string) => {
      const { cards } = await t.exchange({ ...activities.personalMessage(user, t.connector.url, text), locale: language });
      shown.push(...cards.flatMap(cardTexts));
    };
    await say(`language ${language}`);
    for (const text of RUN) await say(text);
    const form = await t.exchange({ ...activities.actionExecute(user, t.connector.url, { openForm: 'pledge' }, 'openForm'), locale: language });
    shown.push(...cardTexts(form.response.body!.value));
    for (const c of form.sent) shown.push(...cardTexts(cardOf(c.body)));
    expect(shown.length).toBeGreaterThan(60);
    expect(internalWords(shown)).toEqual([]);
  });
});
