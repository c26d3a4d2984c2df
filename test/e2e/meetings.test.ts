// Meetings through the local chat with the whole app in process and a fake clock:
// a chair schedules, members are reminded once per offset, RSVP, calendar file,
// reschedule and cancel notices.
import ICAL from 'ical.js';
import type { OutgoingMessage } from '../../src/core/messages';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';

const all = (replies: OutgoingMessage[]) => replies.map((r) => [r.title, r.text, ...(r.fields ?? []).map((f) => `${f.label}: ${f.value}`)].join('\n')).join('\n');
const field = (m: OutgoingMessage, label: string) => m.fields?.find((f) => f.label === label)?.value;

describeEachDatabase('meetings and reminders', (getUrl) => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp(getUrl(), '2026-11-29T10:00:00Z');
  });
  afterEach(async () => {
    await t.stop();
  });

  async function join(user: string, timeZone: string) {
    await t.say(user, { text: 'me' }); // first contact creates the member
    const db = t.app.database.prisma;
    const identity = await db.identity.findFirstOrThrow({ where: { platform: 'local', externalId: user } });
    await db.member.update({ where: { id: identity.memberId }, data: { name: user.toUpperCase(), timeZone } });
    await t.app.database.repositories.memberships.add(identity.memberId, 'access', t.clock.now());
  }

  async function schedule(): Promise<{ id: string; calendar: string }> {
    const chair = 'demo-chair';
    expect(all(await t.say(chair, { text: 'schedule' }))).toContain('Which working group is meeting?');
    await t.say(chair, { action: 'access' });
    await t.say(chair, { text: 'Access WG call' });
    await t.say(chair, { action: 'Europe/Zurich' });
    expect((await t.say(chair, { text: 'tomorrow at noon' }))[0].text).toContain('is not a date');
    expect((await t.say(chair, { text: '2026-11-01 10:00' }))[0].text).toBe('That time has already passed: give a time in the future.');
    await t.say(chair, { text: '2026-12-01 14:00' });
    expect((await t.say(chair, { text: 'quite long' }))[0].text).toContain('is not a duration');
    await t.say(chair, { text: '1h30' });
    expect((await t.say(chair, { text: 'ftp://files' }))[0].text).toContain('is not a web link');
    await t.say(chair, { text: 'https://meet.example.org/access' });
    await t.say(chair, { text: 'skip' });
    await t.say(chair, { action: 'custom' });
    expect((await t.say(chair, { text: 'FREQ=YEARLY' }))[0].text).toContain("That rule can't be used: FREQ must be DAILY, WEEKLY or MONTHLY");
    await t.say(chair, { text: 'back' });
    const summary = (await t.say(chair, { action: 'weekly' }))[0];
    expect(summary.title).toBe('Please check your answers.');
    expect(field(summary, 'Starts')).toMatch(/^2026-12-01 14:00 Europe\/Zurich \(2026-12-01 13:00 UTC; for you .*14:00/);
    expect(field(summary, 'Agenda')).toBe('(skipped)');
    const saved = (await t.say(chair, { action: 'confirm' }))[0];
    expect(saved.tone).toBe('success');
    const id = /\(([0-9a-f]{8})\)/.exec(saved.text)![1];
    return { id, calendar: field(saved, 'Calendar file')! };
  }

  it('a chair schedules; each member gets each reminder once, in their own time zone, and can RSVP', async () => {
    await join('ann', 'Africa/Nairobi');
    await join('bob', 'America/New_York');
    const { id } = await schedule();

    t.clock.set('2026-11-30T12:59:00Z');
    await t.app.tickReminders();
    expect(await t.inbox('ann')).toEqual([]);

    t.clock.set('2026-11-30T13:00:20Z');
    await t.app.tickReminders();
    await t.app.tickReminders();
    const [annReminder, ...annMore] = await t.inbox('ann');
    const bobReminders = await t.inbox('bob');
    expect(annMore).toEqual([]);
    expect(bobReminders).toHaveLength(1);
    expect(annReminder.title).toBe('Reminder: Access WG call');
    expect(field(annReminder, 'When')).toMatch(/16:00 \(Africa\/Nairobi\)/);
    expect(field(bobReminders[0], 'When')).toMatch(/08:00 \(America\/New_York\)$/);
    expect(field(annReminder, 'Join')).toBe('https://meet.example.org/access');

    t.clock.set('2026-12-01T12:00:30Z');
    await t.app.tickReminders();
    expect(await t.inbox('ann')).toHaveLength(1);
    t.clock.set('2026-12-01T12:30:00Z');
    await t.app.tickReminders();
    expect(await t.inbox('ann')).toEqual([]);

    const going = annReminder.choices!.options.find((o) => o.label === 'Going')!;
    expect((await t.say('ann', { action: going.value }))[0].text).toMatch(/^Thanks: you answered "Going" for Access WG call/);
    const maybe = annReminder.choices!.options.find((o) => o.label === 'Maybe')!;
    await t.say('bob', { text: maybe.value });

    const shown = (await t.say('demo-chair', { text: `meeting ${id}` }))[0];
    expect(field(shown, 'Answers for the next meeting')).toMatch(/^1 going, 1 maybe, 0 not going\nANN: Going\nBOB: Maybe$/);
    const plain = (await t.say('ann', { text: `meeting ${id}` }))[0];
    expect(field(plain, 'Answers for the next meeting')).toBeUndefined();
  });

  it('serves the calendar file on its signed link only, with a stable UID across a reschedule', async () => {
    await join('ann', 'Europe/Zurich');
    const { id, calendar } = await schedule();
    const first = await fetch(calendar);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/calendar');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(await first.text())).getFirstSubcomponent('vevent')!);
    expect([event.summary, event.sequence]).toEqual(['Access WG call', 0]);

    expect((await fetch(calendar.replace(/sig=.{4}/, 'sig=AAAA'))).status).toBe(403);
    expect((await fetch(calendar.replace(/\?.*$/, ''))).status).toBe(403);

    expect(all(await t.say('demo-chair', { text: `reschedule ${id}` }))).toContain('What is the new date and time?');
    const moved = await t.say('demo-chair', { text: '2026-12-02 09:00' });
    expect(moved[0]).toMatchObject({ tone: 'success' });
    expect(moved[0].text).toMatch(/^Moved: Access WG call now starts .*09:00.*1 members were told\.$/);
    const notice = (await t.inbox('ann'))[0];
    expect(notice.title).toBe('Meeting moved: Access WG call');

    const again = new ICAL.Event(new ICAL.Component(ICAL.parse(await (await fetch(calendar)).text())).getFirstSubcomponent('vevent')!);
    expect([again.uid, again.sequence]).toEqual([event.uid, 1]);
    expect(again.startDate.toJSDate().toISOString()).toBe('2026-12-02T08:00:00.000Z');
  });

  it('cancelling tells the group at once and no reminder follows', async () => {
    await join('ann', 'Europe/Zurich');
    const { id } = await schedule();
    expect((await t.say('ann', { text: `cancel meeting ${id}` }))[0].text).toBe('Only chairs of a working group can use cancel meeting.');
    const done = await t.say('demo-chair', { text: `cancel meeting ${id}` });
    expect(done[0].text).toMatch(/^Cancelled: Access WG call on .*1 members were told\.$/);
    expect((await t.inbox('ann')).map((m) => m.title)).toEqual(['Meeting cancelled: Access WG call']);
    t.clock.set('2026-12-01T12:00:30Z');
    await t.app.tickReminders();
    expect(await t.inbox('ann')).toEqual([]);
    expect((await t.say('demo-chair', { text: 'meetings' }))[0].text).toBe('No meetings are scheduled for your working groups.');
  });

  it('members choose, pause and turn off their reminders; refusals are specific', async () => {
    await join('ann', 'Europe/Zurich');
    expect((await t.say('ann', { text: 'schedule' }))[0].text).toBe('Only chairs of a working group can use schedule.');
    expect((await t.say('ann', { text: 'reminders' }))[0].text).toContain('24h, 1h before each meeting (the coalition\'s default)');
    expect((await t.say('ann', { text: 'reminders 2h 15m' }))[0].text).toContain('Saved. 2h, 15m before each meeting');
    expect((await t.say('ann', { text: 'reminders soon' }))[0].text).toBe('"soon" is not a time before the meeting: use for example 24h, 90m or 2d (at most 14 days).');
    expect((await t.say('ann', { text: 'reminders pause until 2026-12-10' }))[0].text).toContain('Paused until');
    expect((await t.say('ann', { text: 'reminders pause until 2020-01-01' }))[0].text).toContain('is not a date in the future');
    expect((await t.say('ann', { text: 'reminders off' }))[0].text).toContain('Off');
    expect((await t.say('ann', { text: 'reminders default' }))[0].text).toContain("(the coalition's default)");
  });
});
