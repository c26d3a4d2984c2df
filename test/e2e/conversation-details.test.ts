// The details of a conversation people notice, through the local chat as members type it: "edit
// the title" at a summary, reminder offsets and meeting times said in words, `link confirm` in the
// middle of another question, and no internal word (snake_case values, ISO timestamps, "null",
// "undefined") in what members read.
import type { OutgoingMessage } from '../../src/core/messages';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';

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

  const say = (user: string, text: string) => t.say(user, { text });
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
});
