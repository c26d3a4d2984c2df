// A chair schedules, moves and cancels a meeting in the local chat; members of the group on
// Slack and on Teams are told each time, proactively, through their own platform: the fake
// Slack Web API (their DM) and the fake Bot Framework connector (their personal chat, with
// the bot's token from a loopback issuer).
import { describeEachDatabase } from '../support/databases';
import { FakeConnector, type RecordedCall } from '../support/fake-connector';
import { allText, FakeSlack } from '../support/fake-slack';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { activities, cardActions, cardOf, cardText, exchangeActivity, teamsUser, TENANT, type TeamsUser } from '../support/teams-activities';
import { issuerForFile } from '../support/teams-bot';

const issuer = issuerForFile();

describeEachDatabase('meeting notices on each member\'s platform', (getUrl) => {
  let slack: FakeSlack;
  let connector: FakeConnector;
  let t: TestApp;

  beforeEach(async () => {
    slack = new FakeSlack();
    await slack.start();
    connector = await new FakeConnector({ authorize: (header) => issuer.isBotToken(header) }).start();
    t = await startTestApp(getUrl(), '2026-11-29T10:00:00Z', {
      SLACK_BOT_TOKEN: 'xoxb-notices',
      SLACK_SIGNING_SECRET: 'notices-secret',
      SLACK_API_URL: slack.apiUrl,
      ...issuer.env({ TEAMS_ALLOWED_TENANTS: TENANT }),
    });
  });
  afterEach(async () => {
    await t?.stop();
    await connector?.stop();
    await slack?.stop();
  });

  /** A Slack member of Access in Nairobi (DM D0ANN once opened). */
  async function slackMember() {
    const { repositories } = t.app.database;
    const now = t.clock.now();
    const { member } = await repositories.members.upsertByIdentity({ platform: 'slack', externalId: 'T0TEST:U0ANN', address: 'slack:T0TEST:U0ANN' }, now, { locale: 'en', name: 'Ann Slack' });
    await repositories.members.updateProfile(member.id, { timeZone: 'Africa/Nairobi' });
    await repositories.memberships.add(member.id, 'access', now);
  }

  /** A Teams member of Access in New York whose personal chat the bot knows (they wrote once). */
  async function teamsMember(): Promise<TeamsUser> {
    const user = teamsUser('Bob Teams');
    await exchangeActivity(t.url, connector, activities.personalMessage(user, connector.url, 'help'), issuer);
    const found = await t.app.database.repositories.members.findByIdentity('teams', `${TENANT}:${user.aadObjectId}`);
    await t.app.database.repositories.members.updateProfile(found!.member.id, { timeZone: 'America/New_York' });
    await t.app.database.repositories.memberships.add(found!.member.id, 'access', t.clock.now());
    return user;
  }

  const slackPosts = (from: number) => slack.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.status === 200 && c.args.channel === 'D0ANN').map(allText);
  const teamsCards = (user: TeamsUser, from: number) =>
    connector.calls
      .slice(from)
      .filter((c: RecordedCall) => c.method === 'POST' && c.conversationId === user.chat && c.activityId === undefined && c.body.replyToId === undefined)
      .map((c) => cardOf(c.body));

  it('scheduled (with the calendar link and RSVP buttons), moved and cancelled: each told once, in their own zone', async () => {
    await slackMember();
    const bob = await teamsMember();
    const chair = 'demo-chair';
    let slackMark = slack.calls.length;
    let teamsMark = connector.calls.length;

    await t.say(chair, { text: 'schedule' });
    await t.say(chair, { action: 'access' });
    await t.say(chair, { text: 'Access WG call' });
    await t.say(chair, { action: 'Europe/Zurich' });
    await t.say(chair, { text: '2026-11-30 14:00' });
    await t.say(chair, { text: '60' });
    await t.say(chair, { text: 'https://meet.example.org/access' });
    await t.say(chair, { text: 'skip' });
    await t.say(chair, { action: 'biweekly' });
    const saved = (await t.say(chair, { action: 'confirm' }))[0];
    expect(saved.text).toMatch(/2 members of .* were told/);
    const id = /\(([0-9a-f]{8})\)/.exec(saved.text)![1];

    // Tomorrow at 16:00 in Nairobi, 08:00 in New York; the rule in words, never FREQ=.
    const [slackNotice, ...slackMore] = slackPosts(slackMark);
    expect(slackMore).toEqual([]);
    expect(slackNotice).toContain('New meeting: Access WG call');
    expect(slackNotice).toMatch(/meets tomorrow at 16:00\./);
    expect(slackNotice).toContain('every two weeks on Monday');
    expect(slackNotice).toMatch(/\/calendar\/[^\s]+sig=/);
    expect(slackNotice).not.toContain('FREQ=');
    const cards = teamsCards(bob, teamsMark);
    expect(cards).toHaveLength(1);
    expect(cardText(cards[0])).toContain('New meeting: Access WG call');
    expect(cardText(cards[0])).toMatch(/meets tomorrow at 08:00\./);
    expect(cardText(cards[0])).toContain('Repeats: every two weeks on Monday');
    expect(cardActions(cards[0]).map((a) => a.title)).toEqual(['Going', 'Maybe', 'Not going']);

    slackMark = slack.calls.length;
    teamsMark = connector.calls.length;
    await t.say(chair, { text: `reschedule ${id}` });
    await t.say(chair, { action: 'series' });
    await t.say(chair, { text: '2026-12-01 09:00' });
    expect((await t.say(chair, { action: 'confirm' }))[0].text).toMatch(/repeats every two weeks on Tuesday\. 2 members were told\.$/);
    expect(slackPosts(slackMark)).toEqual([expect.stringMatching(/Meeting moved: Access WG call[\s\S]*now starts Tue, Dec 1, 2026, 11:00 \(Africa\/Nairobi\) and repeats every two weeks on Tuesday\./)]);
    expect(teamsCards(bob, teamsMark).map(cardText)).toEqual([expect.stringMatching(/Meeting moved: Access WG call[\s\S]*now starts Tue, Dec 1, 2026, 03:00 \(America\/New_York\)/)]);

    slackMark = slack.calls.length;
    teamsMark = connector.calls.length;
    expect((await t.say(chair, { text: `cancel meeting ${id}` }))[0].text).toMatch(/2 members were told\.$/);
    expect(slackPosts(slackMark)).toEqual([expect.stringContaining('Meeting cancelled: Access WG call')]);
    expect(teamsCards(bob, teamsMark).map(cardText)).toEqual([expect.stringContaining('Meeting cancelled: Access WG call')]);
  });
});
