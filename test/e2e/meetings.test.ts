// Meetings through the local chat with the whole app in process and a fake clock:
// a chair schedules, members are reminded once per offset, RSVP, calendar file,
// reschedule and cancel notices.
import ICAL from 'ical.js';
import type { TickResult } from '../../src/core/meetings/reminder-service';
import type { OutgoingMessage } from '../../src/core/messages';
import { LINK_KEY_SETTING, LinkSigner } from '../../src/http/signed-links';
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

  /** Schedules the weekly Access WG call (Tuesdays 14:00 Geneva, from 2026-12-01); the members' new-meeting notices are taken from their inboxes. */
  async function schedule(members: string[] = ['ann']): Promise<{ id: string; calendar: string; notices: OutgoingMessage[][] }> {
    const chair = 'demo-chair';
    expect(all(await t.say(chair, { text: 'schedule' }))).toContain('Which working group is meeting?');
    await t.say(chair, { action: 'access' });
    await t.say(chair, { text: 'Access WG call' });
    await t.say(chair, { action: 'Europe/Zurich' });
    expect((await t.say(chair, { text: 'whenever suits' }))[0].text).toContain('is not a date and time I can read');
    expect((await t.say(chair, { text: '2026-11-01 10:00' }))[0].text).toBe('That time has already passed: give a time in the future.');
    await t.say(chair, { text: '2026-12-01 14:00' });
    expect((await t.say(chair, { text: 'quite long' }))[0].text).toContain('is not a duration');
    await t.say(chair, { text: '1h30' });
    expect((await t.say(chair, { text: 'ftp://files' }))[0].text).toContain('is not a web link');
    await t.say(chair, { text: 'https://meet.example.org/access' });
    await t.say(chair, { text: 'skip' });
    await t.say(chair, { action: 'custom' });
    expect((await t.say(chair, { text: 'FREQ=YEARLY' }))[0].text).toContain('FREQ=YEARLY is not offered: use DAILY, WEEKLY or MONTHLY.');
    expect((await t.say(chair, { text: 'FREQ=MONTHLY;BYSETPOS=1;BYDAY=TU' }))[0].text).toContain("I can't honour BYSETPOS.");
    expect((await t.say(chair, { text: 'FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=30' }))[0].text).toContain("The first meeting must be one of the rule's own dates");
    await t.say(chair, { text: 'back' });
    const summary = (await t.say(chair, { action: 'weekly' }))[0];
    expect(summary.title).toBe('Please check your answers.');
    expect(field(summary, 'Starts')).toMatch(/^2026-12-01 14:00 Europe\/Zurich \(2026-12-01 13:00 UTC; for you .*14:00/);
    expect(field(summary, 'Agenda')).toBe('(skipped)');
    const saved = (await t.say(chair, { action: 'confirm' }))[0];
    expect(saved.tone).toBe('success');
    const id = /\(([0-9a-f]{8})\)/.exec(saved.text)![1];
    const notices = await Promise.all(members.map((m) => t.inbox(m)));
    return { id, calendar: field(saved, 'Calendar file')!, notices };
  }

  it('a chair schedules; each member gets each reminder once, in their own time zone, and can RSVP', async () => {
    await join('ann', 'Africa/Nairobi');
    await join('bob', 'America/New_York');
    const { id, notices } = await schedule(['ann', 'bob']);
    // Told at once, in their own zones, with the rule in words and the calendar link.
    const [[annNotice], [bobNotice]] = notices;
    expect(notices.map((n) => n.length)).toEqual([1, 1]);
    expect(annNotice.title).toBe('New meeting: Access WG call');
    expect(annNotice.text).toMatch(/ meets Tue, Dec 1, 2026, 16:00 \(Africa\/Nairobi\)\.$/);
    expect(field(bobNotice, 'When')).toBe('Tue, Dec 1, 2026, 08:00 (America/New_York)');
    expect(field(annNotice, 'Repeats')).toBe('every Tuesday');
    expect(field(annNotice, 'Calendar file')).toMatch(/^http:\/\/.*\/calendar\//);
    expect(annNotice.choices!.options.map((o) => o.label)).toEqual(['Going', 'Maybe', 'Not going']);

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
    // At a glance, in each member's own day: 16:00 tomorrow in Nairobi, 08:00 tomorrow in New York.
    expect(annReminder.text).toMatch(/ meets tomorrow at 16:00\.$/);
    expect(bobReminders[0].text).toMatch(/ meets tomorrow at 08:00\.$/);
    expect(field(annReminder, 'When')).toMatch(/16:00 \(Africa\/Nairobi\)/);
    expect(field(bobReminders[0], 'When')).toMatch(/08:00 \(America\/New_York\)$/);
    expect(field(annReminder, 'Join')).toBe('https://meet.example.org/access');

    t.clock.set('2026-12-01T12:00:30Z');
    await t.app.tickReminders();
    expect((await t.inbox('ann')).map((m) => m.text)).toEqual([expect.stringMatching(/ meets in 1 hour, at 16:00\.$/)]);
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

    expect(all(await t.say('demo-chair', { text: `reschedule ${id}` }))).toContain('Move only one occurrence, or the whole series?');
    expect(all(await t.say('demo-chair', { action: 'series' }))).toContain('What is the new date and time');
    const summary = (await t.say('demo-chair', { text: '2026-12-02 09:00' }))[0];
    // Nobody is told before the chair confirms what changes.
    expect(await t.inbox('ann')).toEqual([]);
    expect(field(summary, 'Starts')).toMatch(/^was Tue, Dec 1, 2026, 14:00 \(Europe\/Zurich\), now Wed, Dec 2, 2026, 09:00 \(Europe\/Zurich\); repeats every Wednesday \(was every Tuesday\)$/);
    const moved = await t.say('demo-chair', { action: 'confirm' });
    expect(moved[0]).toMatchObject({ tone: 'success' });
    expect(moved[0].text).toMatch(/^Moved the series Access WG call: was Tue, Dec 1, 2026, 14:00 .*now starts Wed, Dec 2, 2026, 09:00 .*repeats every Wednesday\. 1 member was told\.$/);
    const notice = (await t.inbox('ann'))[0];
    expect(notice.title).toBe('Meeting moved: Access WG call');
    expect(notice.text).toContain('it now starts Wed, Dec 2, 2026, 09:00 (Europe/Zurich) and repeats every Wednesday.');

    const again = new ICAL.Event(new ICAL.Component(ICAL.parse(await (await fetch(calendar)).text())).getFirstSubcomponent('vevent')!);
    expect([again.uid, again.sequence]).toEqual([event.uid, 1]);
    expect(again.startDate.toJSDate().toISOString()).toBe('2026-12-02T08:00:00.000Z');
    expect(again.component.getFirstProperty('rrule')!.toICALString()).toBe('RRULE:FREQ=WEEKLY;BYDAY=WE');
    const next = again.iterator();
    expect([next.next(), next.next()].map((d) => d!.toJSDate().toISOString())).toEqual(['2026-12-02T08:00:00.000Z', '2026-12-09T08:00:00.000Z']);
  });

  it('one occurrence moved alone is reminded at its new time and carried as RECURRENCE-ID', async () => {
    await join('ann', 'Europe/Zurich');
    const { id, calendar } = await schedule();
    await t.say('demo-chair', { text: `reschedule ${id}` });
    await t.say('demo-chair', { action: 'occurrence' });
    const which = (await t.say('demo-chair', { action: new Date('2026-12-08T13:00:00Z').toISOString() }))[0];
    expect(which.text).toContain('What is the new date and time');
    const summary = (await t.say('demo-chair', { text: '2026-12-10 16:00' }))[0];
    expect(field(summary, 'Starts')).toBe('was Tue, Dec 8, 2026, 14:00 (Europe/Zurich), now Thu, Dec 10, 2026, 16:00 (Europe/Zurich)');
    // The occurrence as people read it, not its stored instant.
    expect(field(summary, 'Occurrence')).toBe('Tue, Dec 8, 2026, 14:00 (Europe/Zurich)');
    const done = (await t.say('demo-chair', { action: 'confirm' }))[0];
    expect(done.text).toMatch(/^Moved one occurrence of Access WG call: was Tue, Dec 8, 2026, 14:00 .*now Thu, Dec 10, 2026, 16:00/);
    await t.inbox('ann');

    // Nothing at the old time; the 1-hour reminder before the new one.
    t.clock.set('2026-12-08T12:00:30Z');
    await t.app.tickReminders();
    expect(await t.inbox('ann')).toEqual([]);
    t.clock.set('2026-12-10T14:00:30Z');
    await t.app.tickReminders();
    const [reminder] = await t.inbox('ann');
    expect(field(reminder, 'When')).toMatch(/Thu, Dec 10, 2026, 16:00/);

    const text = await (await fetch(calendar)).text();
    expect(text).toContain('RECURRENCE-ID;TZID=Europe/Zurich:20261208T140000');
    expect(text).toContain('DTSTART;TZID=Europe/Zurich:20261210T160000');
    // The list says it at a glance, as the reminder does.
    expect((await t.say('demo-chair', { text: 'meetings' }))[0].fields!.map((f) => f.value).join('\n')).toContain('in 1 hour, at 16:00');

    // One occurrence cancelled alone: an EXDATE; the series goes on.
    expect((await t.say('demo-chair', { text: `cancel meeting ${id} 2026-12-16` }))[0].text).toBe(
      `Access WG call has no occurrence on 2026-12-16 (in Europe/Zurich) within the next year: see meeting ${id} for its dates.`,
    );
    // The day in words is read in the meeting's zone.
    expect((await t.say('demo-chair', { text: `cancel meeting ${id} Wednesday 16 Dec` }))[0].text).toBe(
      `Access WG call has no occurrence on 2026-12-16 (in Europe/Zurich) within the next year: see meeting ${id} for its dates.`,
    );
    expect((await t.say('demo-chair', { text: `cancel meeting ${id} 2026-12-15` }))[0].text).toMatch(/^Cancelled the occurrence of Access WG call on Tue, Dec 15, 2026, 14:00 .*the series goes on\. 1 member was told\.$/);
    expect((await t.inbox('ann')).map((m) => m.text)).toEqual([expect.stringMatching(/meeting of Tue, Dec 15, 2026, 14:00 .* is cancelled; the following ones go ahead\.$/)]);
    const after = await (await fetch(calendar)).text();
    expect(after).toContain('EXDATE;TZID=Europe/Zurich:20261215T140000');
    t.clock.set('2026-12-15T12:00:30Z');
    await t.app.tickReminders();
    expect(await t.inbox('ann')).toEqual([]);
  });

  it('a calendar link answers 410 once its member has left the group, and for the old unsigned-member form', async () => {
    await join('ann', 'Europe/Zurich');
    const { id } = await schedule();
    const shown = (await t.say('ann', { text: `meeting ${id}` }))[0];
    const link = field(shown, 'Calendar file')!;
    expect((await fetch(link)).status).toBe(200);
    const url = new URL(link);
    const key = await t.app.database.repositories.sharedValues.getOrCreate(LINK_KEY_SETTING, () => 'unused');
    const legacy = new LinkSigner(key, url.origin).url(`/calendar/${url.pathname.split('/')[2]}.ics`);
    expect((await fetch(legacy)).status).toBe(410);
    const identity = await t.app.database.prisma.identity.findFirstOrThrow({ where: { platform: 'local', externalId: 'ann' } });
    await t.app.database.repositories.memberships.remove(identity.memberId, 'access');
    expect((await fetch(link)).status).toBe(410);
  });

  it('cancelling tells the group at once and no reminder follows', async () => {
    await join('ann', 'Europe/Zurich');
    const { id } = await schedule();
    expect((await t.say('ann', { text: `cancel meeting ${id}` }))[0].text).toBe('Only chairs of a working group can use cancel meeting.');
    const done = await t.say('demo-chair', { text: `cancel meeting ${id}` });
    expect(done[0].text).toMatch(/^Cancelled: Access WG call on .*1 member was told\.$/);
    expect((await t.inbox('ann')).map((m) => m.title)).toEqual(['Meeting cancelled: Access WG call']);
    t.clock.set('2026-12-01T12:00:30Z');
    await t.app.tickReminders();
    expect(await t.inbox('ann')).toEqual([]);
    expect((await t.say('demo-chair', { text: 'meetings' }))[0].text).toBe('No meetings are scheduled for your working groups.');
  });

  it('members choose, pause and turn off their reminders; refusals are specific', async () => {
    await join('ann', 'Europe/Zurich');
    expect((await t.say('ann', { text: 'schedule' }))[0].text).toBe('Only chairs of a working group can use schedule.');
    expect((await t.say('ann', { text: 'reminders' }))[0].text).toContain('1 day and 1 hour before each meeting (the coalition\'s default)');
    expect((await t.say('ann', { text: 'reminders 2h 15m' }))[0].text).toContain('Saved. 2 hours and 15 minutes before each meeting');
    expect((await t.say('ann', { text: 'reminders 1h30 2d 1m' }))[0].text).toContain('Saved. 2 days, 1 hour 30 minutes, and 1 minute before each meeting');
    expect((await t.say('ann', { text: 'reminders soon' }))[0].text).toBe('"soon" is not a time before the meeting: use for example 24h, 90m or 2d (at most 14 days).');
    expect((await t.say('ann', { text: 'reminders pause until 2026-12-10' }))[0].text).toContain('Paused until');
    expect((await t.say('ann', { text: 'reminders pause until 2020-01-01' }))[0].text).toContain('is not a date in the future');
    expect((await t.say('ann', { text: 'reminders off' }))[0].text).toContain('Off');
    expect((await t.say('ann', { text: 'reminders default' }))[0].text).toContain("(the coalition's default)");
  });

  /** The chair schedules a one-off Access WG call at a Geneva wall-clock time, 60 minutes long. */
  async function scheduleAt(startLocal: string): Promise<OutgoingMessage> {
    const chair = 'demo-chair';
    await t.say(chair, { text: 'schedule' });
    await t.say(chair, { action: 'access' });
    await t.say(chair, { text: 'Short notice call' });
    await t.say(chair, { action: 'Europe/Zurich' });
    await t.say(chair, { text: startLocal });
    await t.say(chair, { text: '60' });
    await t.say(chair, { text: 'skip' });
    await t.say(chair, { text: 'skip' });
    await t.say(chair, { action: 'none' });
    return (await t.say(chair, { action: 'confirm' }))[0];
  }

  it('a meeting scheduled 66 minutes ahead gets one new-meeting notice, no late reminder and no second one', async () => {
    await join('ann', 'Europe/Zurich');
    await join('bob', 'Europe/Zurich');
    await join('demo-chair', 'Europe/Zurich'); // the chair is a member too: told by the reply, not by a notice
    // 10:00 UTC is 11:00 in Geneva: the call starts at 12:06, inside both the 24-hour and the 1-hour offsets.
    const saved = await scheduleAt('2026-11-29 12:06');
    expect(saved.text).toMatch(/^Scheduled: Short notice call \([0-9a-f]{8}\)\. 2 members of .* were told; they will be reminded before each meeting\.\nNext: meetings lists what is scheduled, with the answers of the members\.$/);
    const [notice, ...more] = await t.inbox('ann');
    expect(more).toEqual([]);
    expect(notice.title).toBe('New meeting: Short notice call');
    expect(notice.text).toMatch(/ meets today at 12:06\.$/);

    const ticks: number[] = [];
    for (const at of ['2026-11-29T10:00:40Z', '2026-11-29T10:01:00Z', '2026-11-29T10:06:30Z', '2026-11-29T10:30:00Z', '2026-11-29T11:05:00Z', '2026-11-29T11:07:00Z']) {
      t.clock.set(at);
      const result = (await t.app.tickReminders()) as TickResult;
      ticks.push(result.claimed, result.dropped);
    }
    // Nothing claimed, and no member counted as having missed a reminder when the call began.
    expect(ticks.every((n) => n === 0)).toBe(true);
    expect(await t.inbox('ann')).toEqual([]);
    expect(await t.inbox('bob')).toHaveLength(1); // bob's notice only
    expect(await t.inbox('demo-chair')).toEqual([]);
  });

  it('a meeting scheduled three hours ahead: the notice, then the 1-hour reminder "in 1 hour"', async () => {
    await join('ann', 'Asia/Tokyo');
    await scheduleAt('2026-11-29 14:00'); // 13:00 UTC, 22:00 in Tokyo
    expect((await t.inbox('ann')).map((m) => m.text)).toEqual([expect.stringMatching(/ meets today at 22:00\.$/)]);
    t.clock.set('2026-11-29T10:01:00Z');
    await t.app.tickReminders();
    expect(await t.inbox('ann')).toEqual([]);
    t.clock.set('2026-11-29T12:00:20Z');
    await t.app.tickReminders();
    const reminders = await t.inbox('ann');
    expect(reminders.map((m) => [m.title, m.text])).toEqual([['Reminder: Short notice call', expect.stringMatching(/ meets in 1 hour, at 22:00\.$/)]]);
  });

  it('a typed rule is said back in words at the summary, in the meeting and in the notice', async () => {
    await join('ann', 'Europe/Zurich');
    const chair = 'demo-chair';
    await t.say(chair, { text: 'schedule' });
    await t.say(chair, { action: 'access' });
    await t.say(chair, { text: 'Year-end review' });
    await t.say(chair, { action: 'Europe/Zurich' });
    await t.say(chair, { text: '2026-12-25 10:00' }); // a Friday, the last of December
    await t.say(chair, { text: '60' });
    await t.say(chair, { text: 'skip' });
    await t.say(chair, { text: 'skip' });
    await t.say(chair, { action: 'custom' });
    const summary = (await t.say(chair, { text: 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=6' }))[0];
    expect(field(summary, 'Rule')).toBe('the last Friday of each month, 6 times');
    const saved = (await t.say(chair, { action: 'confirm' }))[0];
    const id = /\(([0-9a-f]{8})\)/.exec(saved.text)![1];
    const [notice] = await t.inbox('ann');
    expect(field(notice, 'Repeats')).toBe('the last Friday of each month, 6 times');
    const shown = (await t.say('ann', { text: `meeting ${id}` }))[0];
    expect(field(shown, 'Repeats')).toBe('the last Friday of each month, 6 times');
    expect(all([summary, notice, shown])).not.toMatch(/FREQ|BYDAY|COUNT=/);
  });
});
