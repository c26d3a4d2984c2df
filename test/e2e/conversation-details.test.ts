// The details of a conversation people notice, through the local chat as members type it: "edit
// the title" at a summary, reminder offsets and meeting times said in words, `link confirm` in the
// middle of another question, and no internal word (snake_case values, ISO timestamps, "null",
// "undefined") in what members read.
import type { OutgoingMessage } from '../../src/core/messages';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { internalWords } from '../support/internal-words';

const texts = (replies: OutgoingMessage[]) => replies.map((r) => [r.title, r.text, ...(r.fields ?? []).map((f) => `${f.label}: ${f.value}`)].filter(Boolean).join('\n')).join('\n');
const field = (message: OutgoingMessage | undefined, label: string) => message?.fields?.find((f) => f.label === label)?.value;
const NOW = '2026-12-07T09:00:00Z'; // a Monday

describeEachDatabase('the details of a conversation', (getUrl) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(getUrl(), NOW);
  });
  afterAll(async () => {
    await t?.stop();
  });

  // Everything members read in this file, checked at the end for internal words.
  const read: OutgoingMessage[] = [];
  const say = async (user: string, text: string) => {
    const replies = await t.say(user, { text });
    read.push(...replies);
    return replies;
  };
  const memberRow = async (user: string) => {
    const identity = await t.app.database.prisma.identity.findFirstOrThrow({ where: { platform: 'local', externalId: user } });
    return t.app.database.prisma.member.findUniqueOrThrow({ where: { id: identity.memberId } });
  };
  async function withProfile(user: string, extra: { group?: string } = {}) {
    await say(user, 'me');
    const member = await memberRow(user);
    await t.app.database.prisma.member.update({
      where: { id: member.id },
      data: { name: user.toUpperCase(), organization: `${user} Networks`, category: 'civil_society', country: 'KEN', timeZone: 'Africa/Nairobi', profileCompletedAt: new Date(NOW) },
    });
    if (extra.group) await t.app.database.repositories.memberships.add(member.id, extra.group, t.clock.now());
    return member;
  }

  it('"edit the title" and "edit the value" at a summary: articles say nothing about which field', async () => {
    await withProfile('ada');
    await say('ada', 'pledge');
    await say('ada', 'value');
    await say('ada', 'Schools online');
    await say('ada', 'Connect 500 rural schools to broadband.');
    await say('ada', 'financial');
    await say('ada', '2 million');
    await say('ada', 'Kenya');
    await say('ada', 'youth');
    await say('ada', '4');
    await say('ada', '2027');
    let summary = (await say('ada', '2030'))[0];
    expect(field(summary, 'Title')).toBe('Schools online');
    let r = await say('ada', 'edit the title');
    expect(texts(r)).not.toContain("I can't tell which answer");
    expect(r.at(-1)!.text).toContain('A short title');
    summary = (await say('ada', 'Schools online in Kenya'))[0];
    expect(field(summary, 'Title')).toBe('Schools online in Kenya');
    r = await say('ada', 'edit the value');
    expect(texts(r)).not.toContain("I can't tell which answer");
    summary = (await say('ada', 'three million'))[0];
    expect(field(summary, 'Estimated value (USD)')).toBe('$3,000,000');
    // Filler alone still asks which field.
    expect(texts(await say('ada', 'edit the'))).toContain("I can't tell which answer");
    await say('ada', 'cancel');
  });

  it('reminder offsets in words with plurals; the meetings list says "in 1 hour", "today at", "tomorrow at" in the member\'s zone', async () => {
    await withProfile('mo', { group: 'access' });
    expect((await say('mo', 'reminders'))[0].text).toContain("1 day and 1 hour before each meeting (the coalition's default)");
    expect((await say('mo', 'reminders 1d 2h30 1m'))[0].text).toContain('Saved. 1 day, 2 hours 30 minutes, and 1 minute before each meeting');

    const meeting = (title: string, startLocal: string, firstStartAt: string) =>
      t.app.database.repositories.meetings.create(
        { group: 'access', title, startLocal, timeZone: 'Africa/Nairobi', firstStartAt: new Date(firstStartAt), durationMinutes: 60, joinUrl: null, agenda: null, rrule: null, createdById: null },
        t.clock.now(),
      );
    // 09:00Z is 12:00 in Nairobi.
    await meeting('Soon call', '2026-12-07T13:00', '2026-12-07T10:00:00Z');
    await meeting('Afternoon call', '2026-12-07T17:00', '2026-12-07T14:00:00Z');
    await meeting('Tomorrow call', '2026-12-08T14:00', '2026-12-08T11:00:00Z');
    await meeting('Later call', '2026-12-10T14:00', '2026-12-10T11:00:00Z');
    const listed = (await say('mo', 'meetings'))[0];
    expect(field(listed, 'Soon call')).toMatch(/^in 1 hour, at 13:00 · Access/);
    expect(field(listed, 'Afternoon call')).toMatch(/^today at 17:00 · Access/);
    expect(field(listed, 'Tomorrow call')).toMatch(/^tomorrow at 14:00 · Access/);
    expect(field(listed, 'Later call')).toMatch(/^Thu, Dec 10, 2026, 14:00 \(Africa\/Nairobi\) · Access/);
  });

  it('`link confirm` typed in the middle of a question completes the link, and the question is asked again in both chats', async () => {
    const code = /Your code is (\w+)/.exec(texts(await say('demo-secretariat', 'link')))![1];
    expect(texts(await say('sec-phone', `link ${code}`))).toContain('To finish, type link confirm here and in your other chat');
    // Both chats are in a question that takes any text (a name) when the confirmations come.
    expect(texts(await say('sec-phone', 'profile'))).toContain('What is your full name?');
    expect(texts(await say('demo-secretariat', 'profile'))).toContain('What is your full name?');
    let r = await say('sec-phone', 'link confirm');
    expect(r[0].text).toBe('Confirmed here. Now type link confirm in your other chat.');
    expect(r.at(-1)!.text).toContain('What is your full name?');
    r = await say('demo-secretariat', 'link confirm');
    expect(r[0].text).toContain('Linked: both chats are now one member.');
    expect(r.at(-1)!.text).toContain('What is your full name?');
    const secretariat = await memberRow('demo-secretariat');
    expect((await memberRow('sec-phone')).id).toBe(secretariat.id);
    expect(secretariat.name).not.toBe('link confirm');
    // The question goes on in each chat; `link cancel` with nothing pending is said, and the question kept.
    r = await say('sec-phone', 'link cancel');
    expect(r[0].text).toContain('No link is waiting');
    expect(r.at(-1)!.text).toContain('What is your full name?');
    expect(texts(await say('demo-secretariat', 'Sara Secretariat'))).toMatch(/organization/i);
    expect((await memberRow('demo-secretariat')).name).not.toBe('link cancel');
    await say('demo-secretariat', 'cancel');
    await say('sec-phone', 'cancel');
  });

  it('no internal word reaches members: no snake_case values, enum names, null, undefined or ISO timestamps in what they read', async () => {
    await withProfile('ivy', { group: 'access' });
    await say('ivy', 'help all');
    await say('ivy', 'me');
    await say('ivy', 'pledges');
    await say('ivy', 'reminders');
    await say('ivy', 'my groups');
    // What members read: titles, texts, field labels and values, button labels (not button values).
    const shown = read.flatMap((m) => [m.title, m.text, ...(m.fields ?? []).flatMap((f) => [f.label, f.value]), ...(m.choices?.options ?? []).map((o) => o.label)]).filter((x): x is string => !!x);
    expect(shown.length).toBeGreaterThan(20);
    expect(internalWords(shown)).toEqual([]);
  });
});
