// Application review through Teams: a member applies by typing in their personal chat,
// the secretariat (a Teams user named in SECRETARIAT_TEAMS_USERS) and its channel
// (DIGEST_TEAMS_CONVERSATION) receive an Adaptive Card with Approve / Reject, and a click
// decides: every posted copy is updated in place (PUT), the applicant is told. Every activity
// carries a token of a loopback Bot Framework issuer, validated by botbuilder as in production.
import { encodeTeamsAddress } from '../../adapters/teams/address';
import { describeEachDatabase } from '../support/databases';
import { FakeConnector, type RecordedCall } from '../support/fake-connector';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { issuerForFile } from '../support/teams-bot';
import { activities, BOT_ID, cardActions, cardOf, cardText, exchangeActivity, teamsUser, TENANT, type TeamsUser } from '../support/teams-activities';

const EVIDENCE = 'We have connected 120 rural schools in three provinces since 2021 and train teachers.';
const CHANNEL = '19:secretariat@thread.tacv2';

const issuer = issuerForFile();

describeEachDatabase('application review through Teams', (getUrl) => {
  let connector: FakeConnector;
  let t: TestApp;
  const secretariat = teamsUser('Sam Secretariat');

  beforeAll(async () => {
    connector = await new FakeConnector({ authorize: (header) => issuer.isBotToken(header) }).start();
    t = await startTestApp(getUrl(), '2026-11-29T10:00:00Z', {
      ...issuer.env({ TEAMS_ALLOWED_TENANTS: TENANT }),
      SECRETARIAT_TEAMS_USERS: secretariat.aadObjectId,
      DIGEST_TEAMS_CONVERSATION: encodeTeamsAddress({ conversationId: CHANNEL, serviceUrl: connector.url, tenantId: TENANT, botId: BOT_ID, conversationType: 'channel' }),
    });
    // The secretariat writes to the bot once: its personal chat is known from then on.
    expect((await say(secretariat, 'me')).text).toContain('secretariat');
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  const exchange = (activity: Record<string, any>) => exchangeActivity(t.url, connector, activity, issuer);
  const say = (user: TeamsUser, text: string) => exchange(activities.personalMessage(user, connector.url, text));
  const click = (user: TeamsUser, data: Record<string, unknown>) => exchange(activities.cardSubmit(user, connector.url, data));

  async function profile(user: TeamsUser) {
    for (const answer of ['profile', user.name, 'Analytical Engines Ltd', 'Academia', 'Kenya', 'Africa/Nairobi', 'skip']) await say(user, answer);
    expect((await say(user, 'confirm')).text).toContain('your profile is saved');
  }

  /** Applies to one group by typing; returns the secretariat's copies (channel and personal chat). */
  async function apply(user: TeamsUser, group: string): Promise<{ id: string; copies: RecordedCall[] }> {
    expect((await say(user, `join ${group}`)).text).toContain("What shows your organization's commitment");
    await say(user, EVIDENCE);
    await say(user, 'no');
    await say(user, 'no');
    expect((await say(user, 'yes')).text).toContain('Please check your answers.');
    const submitted = await say(user, 'confirm');
    expect(submitted.text).toContain('your application to');
    const copies = submitted.sent.filter((c) => c.method === 'POST' && c.conversationId !== user.chat);
    const approve = cardActions(cardOf(copies[0].body)).find((a) => a.title === 'Approve')!;
    return { id: String(approve.data.action).split(' ')[1], copies };
  }

  const memberIdOf = async (user: TeamsUser) => (await t.app.database.repositories.members.findByIdentity('teams', `${TENANT}:${user.aadObjectId}`))!.member.id;
  const groupsOf = async (user: TeamsUser) => (await t.app.database.repositories.memberships.ofMember(await memberIdOf(user))).map((m) => m.groupKey);
  const updatesOf = (calls: RecordedCall[]) => calls.filter((c) => c.method === 'PUT');

  it('sends the application as a card with the answers and Approve / Reject to the channel and to the secretariat', async () => {
    const ada = teamsUser('Ada Applicant');
    await profile(ada);
    const { id, copies } = await apply(ada, 'access');
    expect(copies.map((c) => c.conversationId).sort()).toEqual([CHANNEL, secretariat.chat].sort());
    for (const copy of copies) {
      const card = cardOf(copy.body);
      expect(cardText(card)).toContain('Application from Ada Applicant to Access Working Group');
      expect(cardText(card)).toContain(EVIDENCE);
      expect(cardText(card)).toContain('Organization: Analytical Engines Ltd');
      expect(cardActions(card).map((a) => [a.type, a.title, a.data])).toEqual([
        ['Action.Submit', 'Approve', { action: `approve ${id}` }],
        ['Action.Submit', 'Reject', { action: `reject ${id}` }],
      ]);
    }
  });

  it('approves with a click (Action.Submit): every copy updated in place, membership created, applicant told', async () => {
    const bea = teamsUser('Bea Applicant');
    await profile(bea);
    const { copies } = await apply(bea, 'access');
    const approve = cardActions(cardOf(copies[0].body)).find((a) => a.title === 'Approve')!;

    const decided = await click(secretariat, approve.data);
    expect(decided.text).toContain('approved: Bea Applicant is now a member of Access Working Group');
    const updates = updatesOf(decided.sent);
    expect(updates.map((u) => `${u.conversationId} ${u.activityId}`).sort()).toEqual(copies.map((c) => `${c.conversationId} ${c.sentId}`).sort());
    for (const update of updates) {
      const card = cardOf(update.body);
      expect(cardText(card)).toMatch(/^Approved by Sam Secretariat on /m);
      expect(cardText(card)).toContain('Application from Bea Applicant to Access Working Group');
      expect(cardActions(card)).toEqual([]);
    }
    const told = decided.sent.filter((c) => c.method === 'POST' && c.conversationId === bea.chat);
    expect(told).toHaveLength(1);
    expect(cardText(cardOf(told[0].body))).toContain('Good news: your application to Access Working Group is approved.');
    expect(await groupsOf(bea)).toEqual(['access']);

    // A second click on the same card changes nothing.
    const again = await click(secretariat, approve.data);
    expect(again.text).toContain('is already approved');
    expect(updatesOf(again.sent)).toEqual([]);
  });

  it('approves through an Action.Execute invoke: the answer card and every copy say who approved', async () => {
    const cy = teamsUser('Cy Applicant');
    await profile(cy);
    const { id, copies } = await apply(cy, 'adoption');
    const invoke = await exchange(activities.actionExecute(secretariat, connector.url, { action: `approve ${id}` }, 'approve'));
    expect(invoke.response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(invoke.response.body!.value)).toContain('approved: Cy Applicant is now a member of Adoption Working Group');
    const updates = updatesOf(invoke.sent);
    expect(updates.map((u) => u.activityId).sort()).toEqual(copies.map((c) => c.sentId).sort());
    for (const update of updates) expect(cardText(cardOf(update.body))).toMatch(/^Approved by Sam Secretariat on /m);
    expect(invoke.sent.filter((c) => c.conversationId === cy.chat)).toHaveLength(1);
    expect(await groupsOf(cy)).toEqual(['adoption']);
  });

  it('approves from the channel copy: answered in the personal chat, a note in the thread, every copy updated', async () => {
    const fay = teamsUser('Fay Applicant');
    await profile(fay);
    const { copies } = await apply(fay, 'value creation');
    const inChannel = copies.find((c) => c.conversationId === CHANNEL)!;
    const approve = cardActions(cardOf(inChannel.body)).find((a) => a.title === 'Approve')!;

    const decided = await exchange(activities.channelCardSubmit(secretariat, connector.url, CHANNEL, inChannel.sentId!, approve.data));
    const answer = decided.sent.filter((c) => c.method === 'POST' && c.conversationId === secretariat.chat);
    expect(answer.map((c) => cardText(cardOf(c.body))).join('\n')).toContain('approved: Fay Applicant is now a member of Value Creation Working Group');
    const note = decided.sent.filter((c) => c.method === 'POST' && c.conversationId?.startsWith(CHANNEL));
    expect(note.map((c) => cardText(cardOf(c.body)))).toEqual(['I have answered you in our personal chat.']);
    expect(updatesOf(decided.sent).map((u) => `${u.conversationId} ${u.activityId}`).sort()).toEqual(copies.map((c) => `${c.conversationId} ${c.sentId}`).sort());
    expect(await groupsOf(fay)).toEqual(['value_creation']);
  });

  it('refuses a click from someone who is not the secretariat and changes nothing', async () => {
    const dee = teamsUser('Dee Applicant');
    await profile(dee);
    const { id, copies } = await apply(dee, 'access');
    const approve = cardActions(cardOf(copies[0].body)).find((a) => a.title === 'Approve')!;
    const intruder = teamsUser('Ivan Intruder');

    const refused = await click(intruder, approve.data);
    expect(refused.text).toContain('Only the secretariat can use approve.');
    expect(updatesOf(refused.sent)).toEqual([]);
    expect(refused.sent.filter((c) => c.conversationId === dee.chat)).toEqual([]);
    // Nor can the applicant decide their own application by clicking a copy of it.
    expect((await click(dee, approve.data)).text).toContain('Only the secretariat can use approve.');
    expect((await t.app.database.repositories.applications.get(id))!.status).toBe('pending');
    expect(await groupsOf(dee)).toEqual([]);
  });

  it('asks for the reason when Reject is clicked, then rejects: copies updated, the applicant reads the reason', async () => {
    const eli = teamsUser('Eli Applicant');
    await profile(eli);
    const { id, copies } = await apply(eli, 'accelerate');
    const reject = cardActions(cardOf(copies[0].body)).find((a) => a.title === 'Reject')!;

    const asked = await click(secretariat, reject.data);
    expect(asked.text).toContain(`Why is application ${id} rejected?`);
    expect(updatesOf(asked.sent)).toEqual([]);
    expect((await t.app.database.repositories.applications.get(id))!.status).toBe('pending');

    const decided = await say(secretariat, 'The group is full until the next round in March.');
    expect(decided.text).toContain(`Application ${id} rejected`);
    const updates = updatesOf(decided.sent);
    expect(updates.map((u) => u.activityId).sort()).toEqual(copies.map((c) => c.sentId).sort());
    for (const update of updates) expect(cardText(cardOf(update.body))).toMatch(/^Rejected by Sam Secretariat on .*: The group is full until the next round in March\.$/m);
    const told = decided.sent.filter((c) => c.conversationId === eli.chat);
    expect(cardText(cardOf(told[0].body))).toContain("The secretariat's reason: The group is full until the next round in March.");
    expect(await groupsOf(eli)).toEqual([]);
  });
});
