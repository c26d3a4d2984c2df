// Meeting reminders through Slack: the whole app in process with a fake clock and the fake
// Slack Web API. Each offset reaches the member's DM once, with RSVP buttons that store the
// answer; a 429 during a tick (a proactive send, no request being answered) is waited out; a
// reminder whose sender died after posting it is found in the DM's history, not posted again.
import type { Meeting } from '../../src/core/meetings/meeting-ports';
import { describeEachDatabase } from '../support/databases';
import { allText, FakeSlack, type SlackCall } from '../support/fake-slack';
import type { TestApp } from '../support/in-process-app';
import type { SlackSender } from '../support/slack-requests';
import { startSlackTestApp } from '../support/slack-test-app';

const USER = 'U0ANN';
const DM = 'D0ANN';

describeEachDatabase('Slack reminders', (getUrl) => {
  let slack: FakeSlack;
  let t: TestApp;
  let send: SlackSender;
  let meeting: Meeting;
  let memberId: string;

  beforeEach(async () => {
    ({ t, slack, send } = await startSlackTestApp(getUrl()));
    const { repositories } = t.app.database;
    const now = t.clock.now();
    const { member } = await repositories.members.upsertByIdentity({ platform: 'slack', externalId: `T0TEST:${USER}`, address: `slack:T0TEST:${USER}` }, now, { locale: 'en', name: 'Ann Example' });
    memberId = member.id;
    await repositories.members.updateProfile(member.id, { timeZone: 'Africa/Nairobi' });
    await repositories.memberships.add(member.id, 'access', now);
    meeting = await repositories.meetings.create(
      {
        group: 'access',
        title: 'Access WG call',
        startLocal: '2026-12-01T14:00',
        timeZone: 'Europe/Zurich',
        firstStartAt: new Date('2026-12-01T13:00:00Z'),
        durationMinutes: 60,
        joinUrl: 'https://meet.example.org/access',
        agenda: null,
        rrule: null,
        createdById: null,
      },
      now,
    );
  });
  afterEach(async () => {
    await t?.stop();
    await slack?.stop();
  });

  const reminderTo = (c: SlackCall) => c.method === 'chat.postMessage' && c.status === 200 && c.args.channel === DM && allText(c).includes('Reminder: Access WG call');

  it('each offset reaches the member\'s DM once, with RSVP buttons; Going is stored and confirmed', async () => {
    t.clock.set('2026-11-30T12:59:00Z');
    await t.app.tickReminders();
    expect(slack.calls.filter(reminderTo)).toEqual([]);

    t.clock.set('2026-11-30T13:00:20Z');
    await t.app.tickReminders();
    await t.app.tickReminders();
    const day = slack.calls.filter(reminderTo);
    expect(day).toHaveLength(1);
    expect(allText(day[0])).toContain('16:00 (Africa/Nairobi)');
    const buttons = (day[0].args.blocks as { type: string; elements?: Record<string, any>[] }[]).find((b) => b.type === 'actions')!.elements!;
    expect(buttons.map((b) => [b.type, b.text.text])).toEqual([['button', 'Going'], ['button', 'Maybe'], ['button', 'Not going']]);

    t.clock.set('2026-12-01T12:00:30Z');
    await t.app.tickReminders();
    await t.app.tickReminders();
    expect(slack.calls.filter(reminderTo)).toHaveLength(2);
    t.clock.set('2026-12-01T12:30:00Z');
    await t.app.tickReminders();
    expect(slack.calls.filter(reminderTo)).toHaveLength(2);

    // Going, clicked on the first reminder.
    const going = buttons.find((b) => b.text.text === 'Going')!;
    const mark = slack.calls.length;
    const click = await send.blockAction(USER, { channel: DM, ts: String(day[0].args.ts ?? '1700000000.000001'), blocks: day[0].args.blocks, text: day[0].args.text }, { type: 'button', action_id: going.action_id, value: going.value, text: going.text });
    expect(click.status).toBe(200);
    const confirmed = await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'chat.postMessage' && c.args.channel === DM, 15_000, 'the RSVP confirmation');
    expect(allText(confirmed)).toContain('Thanks: you answered "Going" for Access WG call');
    const rsvps = await t.app.database.repositories.meetings.rsvps(meeting.id);
    expect(rsvps.map((r) => [r.memberId, r.response, r.occurrenceAt.toISOString()])).toEqual([[memberId, 'going', '2026-12-01T13:00:00.000Z']]);
    // The clicked reminder is updated in place: its buttons go, the answer shows.
    const updated = await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'chat.update', 15_000, 'the reminder updated in place');
    expect(allText(updated)).toContain('Going');
    expect((updated.args.blocks as { type: string }[]).some((b) => b.type === 'actions')).toBe(false);
  });

  it('a 429 on chat.postMessage during a tick is waited out: the reminder arrives once', async () => {
    // Opened beforehand, so the rate-limited call is the reminder's own post.
    await t.app.chat.send(`slack:T0TEST:${USER}`, { text: 'Hello' });
    slack.failNext('chat.postMessage', 429, 1);
    t.clock.set('2026-11-30T13:00:20Z');
    const mark = slack.calls.length;
    await t.app.tickReminders();
    await t.app.tickReminders();
    const posts = slack.since(mark, (c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(1000);
    expect(slack.calls.filter(reminderTo)).toHaveLength(1);
    const rows = await t.app.database.prisma.reminderDelivery.findMany();
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['sent']);
  });

  it('a reminder taken over from a sender that died after posting it is found by its metadata and not posted again', async () => {
    slack.clock = () => t.clock.now().getTime();
    const { reminders } = t.app.database.repositories;
    const occurrenceAt = new Date('2026-12-01T13:00:00Z');
    t.clock.set('2026-11-30T13:00:20Z');
    // The dead process claimed the reminder, posted it with its key, and died before marking it sent.
    const claimed = (await reminders.claim({ meetingId: meeting.id, occurrenceAt, memberId, offsetMinutes: 1440 }, new Date('2026-11-30T13:01:20Z'), t.clock.now()))!;
    await t.app.chat.send(`slack:T0TEST:${USER}`, { text: 'Reminder: Access WG call' }, { deliveryKey: claimed.id });
    const posted = slack.calls.filter(reminderTo);
    expect(posted).toHaveLength(1);
    expect(posted[0].args.metadata).toEqual({ event_type: 'coalition_delivery', event_payload: { delivery_key: claimed.id } });

    t.clock.set('2026-11-30T13:02:00Z'); // its lease has run out
    const mark = slack.calls.length;
    expect(await t.app.tickReminders()).toMatchObject({ claimed: 1, sent: 1, recovered: 1 });
    expect(slack.since(mark, (c) => c.method === 'chat.postMessage')).toEqual([]);
    const history = slack.since(mark, (c) => c.method === 'conversations.history');
    expect(history).toHaveLength(1);
    expect(history[0].args).toMatchObject({ channel: DM, include_all_metadata: 'true' }); // form-encoded
    const rows = await t.app.database.prisma.reminderDelivery.findMany();
    expect(rows.map((r: { status: string; attempts: number }) => [r.status, r.attempts])).toEqual([['sent', 2]]);
  });

  it('a reminder taken over from a sender that died before posting it is posted once, with its key', async () => {
    slack.clock = () => t.clock.now().getTime();
    const { reminders } = t.app.database.repositories;
    t.clock.set('2026-11-30T13:00:20Z');
    const claimed = (await reminders.claim({ meetingId: meeting.id, occurrenceAt: new Date('2026-12-01T13:00:00Z'), memberId, offsetMinutes: 1440 }, new Date('2026-11-30T13:01:20Z'), t.clock.now()))!;
    t.clock.set('2026-11-30T13:02:00Z');
    expect(await t.app.tickReminders()).toMatchObject({ claimed: 1, sent: 1 });
    await t.app.tickReminders();
    const posts = slack.calls.filter(reminderTo);
    expect(posts).toHaveLength(1);
    expect(posts[0].args.metadata).toEqual({ event_type: 'coalition_delivery', event_payload: { delivery_key: claimed.id } });
  });
});
