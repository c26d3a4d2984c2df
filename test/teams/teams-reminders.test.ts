// Meeting reminders delivered through Teams: the whole app in process with a fake clock,
// Teams members whose personal chat reference was stored when they first wrote, and the
// fake Bot Framework connector receiving the proactive messages. Each offset once, RSVP by
// button, 429 waited out, 403 marking the identity unreachable.
import type { Meeting } from '../../src/core/meetings/meeting-ports';
import { describeEachDatabase } from '../support/databases';
import { FakeConnector, type RecordedCall } from '../support/fake-connector';
import { issuerForFile } from '../support/teams-bot';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { activities, cardActions, cardOf, cardText, exchangeActivity, teamsUser, TENANT, type TeamsUser } from '../support/teams-activities';

// A meeting on Tuesday 2026-12-01 at 14:00 Zurich time (13:00 UTC): reminders at 24 h and 1 h.
const OCCURRENCE = new Date('2026-12-01T13:00:00Z');
const DAY_BEFORE = '2026-11-30T13:00:20Z';
const HOUR_BEFORE = '2026-12-01T12:00:30Z';

const issuer = issuerForFile();

describeEachDatabase('meeting reminders through Teams', (getUrl) => {
  let connector: FakeConnector;
  let t: TestApp;
  let meeting: Meeting;

  beforeAll(async () => {
    connector = await new FakeConnector({ authorize: (header) => issuer.isBotToken(header) }).start();
  });
  afterAll(async () => {
    await connector?.stop();
  });
  beforeEach(async () => {
    connector.clearFailures();
    t = await startTestApp(getUrl(), '2026-11-29T10:00:00Z', issuer.env({ TEAMS_ALLOWED_TENANTS: TENANT }));
    meeting = await t.app.database.repositories.meetings.create(
      {
        group: 'access',
        title: 'Access WG call',
        startLocal: '2026-12-01T14:00',
        timeZone: 'Europe/Zurich',
        firstStartAt: OCCURRENCE,
        durationMinutes: 60,
        joinUrl: 'https://meet.example.org/access',
        agenda: 'Rural connectivity pledges',
        rrule: null,
        createdById: null,
      },
      t.clock.now(),
    );
  });
  afterEach(async () => {
    await t?.stop();
  });

  const send = async (activity: Record<string, any>) => (await exchangeActivity(t.url, connector, activity, issuer)).text;
  const say = (user: TeamsUser, text: string) => send(activities.personalMessage(user, connector.url, text));

  const externalIdOf = (user: TeamsUser) => `${TENANT}:${user.aadObjectId}`;
  const memberIdOf = async (user: TeamsUser) => (await t.app.database.repositories.members.findByIdentity('teams', externalIdOf(user)))!.member.id;

  /** A Teams member of the Access group whose personal chat the bot knows (they wrote once). */
  async function member(name: string): Promise<TeamsUser> {
    const user = teamsUser(name);
    expect(await say(user, 'help')).toContain('What I can do');
    await t.app.database.repositories.memberships.add(await memberIdOf(user), 'access', t.clock.now());
    return user;
  }

  /** Proactive messages (not replies) the bot posted into a personal chat since `from`. */
  const proactive = (user: TeamsUser, from = 0): RecordedCall[] =>
    connector.calls.slice(from).filter((c) => c.method === 'POST' && c.conversationId === user.chat && c.activityId === undefined && c.body.replyToId === undefined);

  async function tickAt(iso: string, times = 1) {
    t.clock.set(iso);
    const results = [];
    for (let i = 0; i < times; i++) results.push(await t.app.tickReminders());
    return results;
  }

  it('delivers each offset once into the personal chat, with RSVP buttons; Going is stored', async () => {
    const ann = await member('Ann Teams');
    const bob = await member('Bob Teams');
    const start = connector.calls.length;

    await tickAt('2026-11-30T12:59:00Z');
    expect(proactive(ann, start)).toEqual([]);

    await tickAt(DAY_BEFORE, 2);
    expect(proactive(ann, start)).toHaveLength(1);
    expect(proactive(bob, start)).toHaveLength(1);
    const reminder = cardOf(proactive(ann, start)[0].body);
    expect(cardText(reminder)).toContain('Reminder: Access WG call');
    expect(cardText(reminder)).toContain('Join: https://meet.example.org/access');
    expect(cardText(reminder)).toContain('Agenda: Rural connectivity pledges');
    const buttons = cardActions(reminder);
    expect(buttons.map((a) => [a.type, a.title])).toEqual([
      ['Action.Submit', 'Going'],
      ['Action.Submit', 'Maybe'],
      ['Action.Submit', 'Not going'],
    ]);

    await tickAt('2026-11-30T18:00:00Z');
    await tickAt(HOUR_BEFORE, 2);
    expect(proactive(ann, start)).toHaveLength(2);
    expect(proactive(bob, start)).toHaveLength(2);

    const sent = await t.app.database.repositories.reminders.list({ status: 'sent' });
    expect(sent.map((r) => [r.offsetMinutes, r.platform]).sort()).toEqual([
      [1440, 'teams'],
      [1440, 'teams'],
      [60, 'teams'],
      [60, 'teams'],
    ].sort());

    const going = buttons.find((a) => a.title === 'Going')!;
    expect(await send(activities.cardSubmit(ann, connector.url, going.data))).toMatch(/^Thanks: you answered "Going" for Access WG call/);
    const rsvps = await t.app.database.repositories.meetings.rsvps(meeting.id);
    expect(rsvps.map((r) => [r.memberId, r.response, r.occurrenceAt.toISOString()])).toEqual([[await memberIdOf(ann), 'going', OCCURRENCE.toISOString()]]);

    // Nothing more for this occurrence, before or after it starts.
    const afterRsvp = connector.calls.length;
    await tickAt('2026-12-01T12:59:00Z');
    await tickAt('2026-12-01T13:30:00Z');
    expect(proactive(ann, afterRsvp)).toEqual([]);
    expect(proactive(bob, afterRsvp)).toEqual([]);
  });

  it('waits out a 429 on the proactive send and delivers the reminder once', async () => {
    const cat = await member('Cat Teams');
    const start = connector.calls.length;
    const failedBefore = connector.failedCalls;
    connector.failNext(1, { status: 429, retryAfterSeconds: 0 });
    const [result] = await tickAt(DAY_BEFORE);
    expect(result).toMatchObject({ claimed: 1, sent: 1, failed: 0 });
    expect(connector.failedCalls - failedBefore).toBe(1);
    await tickAt(DAY_BEFORE);
    expect(proactive(cat, start)).toHaveLength(1);
    expect(cardText(cardOf(proactive(cat, start)[0].body))).toContain('Reminder: Access WG call');
  });

  it('marks the Teams identity unreachable on a 403 and records the reminder as failed', async () => {
    const dan = await member('Dan Teams');
    const start = connector.calls.length;
    connector.failNext(1, { status: 403 });
    const [result] = await tickAt(DAY_BEFORE);
    expect(result).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
    expect(connector.calls.length).toBe(start);
    const found = await t.app.database.repositories.members.findByIdentity('teams', externalIdOf(dan));
    expect(found!.identity.unreachableAt).toBeInstanceOf(Date);
    const [row] = await t.app.database.repositories.reminders.list({});
    expect(row).toMatchObject({ status: 'claimed', sentAt: null });
    expect(row.lastError).toContain('teams: Teams refused the message (403)');

    // Retried after its lease: no address is left, so it is failed for good; nothing is sent.
    const [retry] = await tickAt('2026-11-30T13:05:00Z');
    expect(retry).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
    expect(await t.app.database.repositories.reminders.list({ status: 'failed' })).toHaveLength(1);
    await tickAt('2026-11-30T13:10:00Z');
    expect(connector.calls.length).toBe(start);
  });

  it('sends the reminder to the linked local chat when Teams answers 403', async () => {
    const eve = await member('Eve Teams');
    const code = /Your code is (\S+)\./.exec(await say(eve, 'link'))![1];
    expect((await t.say('eve-local', { text: `link ${code}` }))[0].text).toContain('Linked');
    expect(await say(eve, 'notify via teams')).toContain('From now on I will reach you via teams.');
    const start = connector.calls.length;
    connector.failNext(1, { status: 403 });
    const [result] = await tickAt(DAY_BEFORE);
    expect(result).toMatchObject({ claimed: 1, sent: 1, failed: 0 });
    expect(proactive(eve, start)).toEqual([]);
    const inbox = await t.inbox('eve-local');
    expect(inbox.map((m) => m.title)).toEqual(['Reminder: Access WG call']);
    const [row] = await t.app.database.repositories.reminders.list({ status: 'sent' });
    expect(row.platform).toBe('local');
    expect((await t.app.database.repositories.members.findByIdentity('teams', externalIdOf(eve)))!.identity.unreachableAt).toBeInstanceOf(Date);
  });
});
