// A conversation that understands people, through the local chat as members type it:
// commands typed in the middle of a question (read-only ones run and the question comes back;
// others ask to stop it first, even across a restart), natural answers (yes/no, a word of an
// option, "and" in lists, dates and times in words, cities for time zones, amounts in words,
// every unknown country at once, edit by any word), a help that fits the member, and the next
// step after each completed flow.
import type { OutgoingMessage } from '../../src/core/messages';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { localMember } from '../support/local-members';

const texts = (replies: OutgoingMessage[]) => replies.map((r) => [r.title, r.text].filter(Boolean).join('\n')).join('\n');
const offered = (replies: OutgoingMessage[]) => replies.flatMap((r) => r.choices?.options.map((o) => o.value) ?? []);
const field = (message: OutgoingMessage | undefined, label: string) => message?.fields?.find((f) => f.label === label)?.value;
const helpNames = (replies: OutgoingMessage[]) => replies[0].fields!.map((f) => f.label.replace(/\s*[[<].*$/, ''));
const NOW = '2026-12-07T09:00:00Z'; // a Monday

describeEachDatabase('a conversation that understands people', (getUrl) => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    url = getUrl();
    t = await startTestApp(url, NOW);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const say = (user: string, text: string) => t.say(user, { text });
  const press = (user: string, action: string) => t.say(user, { action });
  const memberRow = async (user: string) => {
    const identity = await t.app.database.prisma.identity.findFirstOrThrow({ where: { platform: 'local', externalId: user } });
    return t.app.database.prisma.member.findUniqueOrThrow({ where: { id: identity.memberId } });
  };
  async function withProfile(user: string, extra: { group?: string } = {}) {
    const memberId = await localMember(t, user, { category: 'civil_society', completedAt: new Date(NOW) });
    if (extra.group) await t.app.database.repositories.memberships.add(memberId, extra.group, t.clock.now());
  }

  it('a newcomer interrupts the profile: read-only commands answer and the question comes back; others ask first, across a restart', async () => {
    // Sent to the profile first by `pledge`, the newcomer asks for the pledge totals: never stored as a name.
    expect(texts(await say('nora', 'pledge'))).toContain('What is your full name?');
    let r = await say('nora', 'pledge totals');
    expect(texts(r)).toMatch(/pledge/i);
    expect(r.at(-1)!.text).toContain('What is your full name?');
    expect((await memberRow('nora')).name).not.toBe('pledge totals');
    expect((await memberRow('nora')).profileCompletedAt).toBeNull();

    // help in a question: what a newcomer can do, then the question again.
    r = await say('nora', 'help');
    expect(helpNames(r)).toEqual(expect.arrayContaining(['help', 'profile', 'me', 'groups']));
    expect(helpNames(r)).not.toContain('approve');
    expect(helpNames(r)).not.toContain('pledge');
    expect(r[0].text).toContain('Type help all to see every command.');
    expect(r.at(-1)!.text).toContain('What is your full name?');

    await say('nora', 'Nora Newcomer');
    // A command that starts something else asks first, with Yes / No (in a question that takes
    // any text too: "join access" is not stored as an organization).
    r = await say('nora', 'join access');
    expect(texts(r)).toBe('You are in the middle of your profile. Stop it and start join access?');
    expect(offered(r)).toEqual(['yes', 'no']);

    // The bot restarts; the question waiting is in the database.
    await t.stop();
    t = await startTestApp(url, NOW);
    r = await press('nora', 'no');
    expect(texts(r)).toContain("Fine, let's go on.");
    expect(texts(r)).toContain('Which organization do you represent?');

    // Read-only commands in the middle: answered, and the question again.
    r = await say('nora', 'meetings');
    expect(r.at(-1)!.text).toContain('Which organization do you represent?');
    // A longer text that starts with a command's name is the answer's business, not a command.
    expect(texts(await say('nora', 'me and my team at the ministry'))).toContain('Which stakeholder category');
    await say('nora', 'back');
    await say('nora', 'Ministry of ICT');
    // A word of an option, in any case: "state" is only in "Member State".
    expect(texts(await say('nora', 'STATE'))).toContain('Which country are you based in?');
    // "Did you mean Tanzania?" answered yes.
    r = await say('nora', 'Tanzaina');
    expect(r[0]).toMatchObject({ tone: 'error' });
    expect(r[0].text).toContain('Did you mean Tanzania?');
    expect(offered(r.slice(0, 1))).toEqual(['yes', 'no']);
    r = await say('nora', 'yes');
    expect(texts(r)).toContain('Which time zone');
    // The zones of Tanzania are offered first.
    expect(offered(r)[0]).toBe('Africa/Dar_es_Salaam');
    // A city for a time zone.
    expect(texts(await say('nora', 'Geneva'))).toContain('Which email address');
    let summary = (await say('nora', 'skip'))[0];
    expect(field(summary, 'Country')).toBe('Tanzania');
    expect(field(summary, 'Time zone')).toBe('Europe/Zurich');
    // edit with any word of the field's name.
    expect(texts(await say('nora', 'edit zone'))).toContain('Which time zone');
    summary = (await say('nora', 'Dar es Salaam'))[0];
    expect(field(summary, 'Time zone')).toBe('Africa/Dar_es_Salaam');
    expect(texts(await say('nora', 'edit something'))).toContain("I can't tell which answer \"something\" is. Type edit and one of: Name, Organization");
    // Saved: the next step comes with it, as buttons.
    r = await say('nora', 'confirm');
    expect(texts(r)).toContain('your profile is saved');
    expect(texts(r)).toContain('Next: apply to a working group with join');
    expect(offered(r)).toEqual(['join', 'groups']);
    const saved = await memberRow('nora');
    expect(saved).toMatchObject({ name: 'Nora Newcomer', organization: 'Ministry of ICT', category: 'member_state', country: 'TZA', timeZone: 'Africa/Dar_es_Salaam' });
    expect(texts(await press('nora', 'confirm'))).toContain('already saved');

    // With a profile, help lists what a member can do; help all lists every command.
    r = await say('nora', 'help');
    expect(helpNames(r)).toEqual(expect.arrayContaining(['join', 'pledge', 'meetings', 'rsvp']));
    expect(helpNames(r)).not.toContain('approve');
    expect(helpNames(await say('nora', 'help all'))).toEqual(expect.arrayContaining(['approve', 'composition', 'schedule']));

    // Groups separated by "and", one misspelt: "Did you mean Access Working Group?", yes takes it.
    await say('nora', 'join');
    r = await say('nora', 'acess and adoption');
    expect(r[0].text).toBe('There is no working group "acess". Did you mean Access?');
    expect(offered(r.slice(0, 1))).toEqual(['yes', 'no']);
    r = await say('nora', 'yes');
    expect(texts(r)).not.toContain('There is no working group');
    expect(r.at(-1)!.text).toContain("What shows your organization's commitment");
    // Yes to stop the application and start a pledge.
    r = await say('nora', 'pledge');
    expect(texts(r)).toBe('You are in the middle of an application. Stop it and start pledge?');
    r = await say('nora', 'yes');
    expect(texts(r)).toContain('Stopped; nothing of it was saved.');
    expect(texts(r)).toContain('Which focus area');
    expect(await t.app.database.prisma.application.count({ where: { memberId: saved.id } })).toBe(0);
    await say('nora', 'cancel');
  });

  it('a pledge answered in words: an option by a word, an interruption, amounts in words, all unknown countries at once, edit value', async () => {
    await withProfile('pia');
    await say('pia', 'pledge');
    // "value" is a word only "Value Creation" has.
    expect(texts(await say('pia', 'value'))).toContain('A short title');
    await say('pia', 'Schools online in the Sahel');
    await say('pia', 'Connect 500 rural schools to broadband with solar-powered sites.');
    await say('pia', 'financial');
    // `meetings` in the value question: answered, the question again, not "not an amount".
    let r = await say('pia', 'meetings');
    expect(texts(r)).not.toContain('is not an amount');
    expect(r.at(-1)!.text).toMatch(/value/i);
    expect((await say('pia', '2.5 zillion'))[0].text).toBe('I read 2.5 in "2.5 zillion" but not "zillion": use thousand (k), million (m) or billion (bn), for example 2.5 million.');
    expect((await say('pia', 'plenty'))[0].text).toContain('for example 2.5 million, two million, 750k');
    expect(texts(await say('pia', '2,5 Mio'))).toContain('In which countries');
    // Every unknown country at once; yes takes the names suggested.
    r = await say('pia', 'Mlai, Nigre and Fjii');
    expect(r[0].text).toBe('I don\'t know these 3 countries: "Mlai" (did you mean Mali?), "Nigre" (did you mean Niger?), "Fjii" (did you mean Fiji?). Answer yes to use the names suggested, or type the list again.');
    r = await say('pia', 'yes');
    expect(texts(r)).toContain('Mali, Niger, Fiji: 3 countries');
    await say('pia', 'women and girls and youth');
    await say('pia', '4 and 5');
    await say('pia', '2027');
    let summary = (await say('pia', '2030'))[0];
    expect(field(summary, 'Focus area')).toBe('Value Creation');
    expect(field(summary, 'Estimated value (USD)')).toBe('$2,500,000');
    expect(field(summary, 'Beneficiaries')).toContain('Youth');
    expect(field(summary, 'SDGs')).toBe('4 Quality education, 5 Gender equality');
    // edit value: the one field with that word.
    expect(texts(await say('pia', 'edit value'))).toMatch(/value/i);
    summary = (await say('pia', 'two million'))[0];
    expect(field(summary, 'Estimated value (USD)')).toBe('$2,000,000');
    r = await say('pia', 'confirm');
    expect(texts(r)).toContain('Next: see your pledges with pledges');
    expect(offered(r)).toEqual(['pledges', 'pledge totals']);
    const pledge = await t.app.database.prisma.pledge.findFirstOrThrow({ where: { title: 'Schools online in the Sahel' } });
    expect(pledge.valueUsd).toBe(2_000_000);
    // Status words with spaces.
    expect(texts(await say('pia', `pledge status ${pledge.id} in progress`))).toBe(`Pledge ${pledge.id} is now in progress.`);
    expect(texts(await say('pia', `pledge status ${pledge.id} In-Progress`))).toBe(`Pledge ${pledge.id} is already in progress.`);
  });

  it('a meeting in words: the time zone by city, "next Tuesday 14:00", "no" to Does it repeat?, said back in full; typed RSVP', async () => {
    await withProfile('rui', { group: 'access' });
    await say('demo-chair', 'schedule');
    await press('demo-chair', 'access');
    await say('demo-chair', 'Access WG call');
    expect(texts(await say('demo-chair', 'Geneva'))).toContain('When does it start, in Europe/Zurich?');
    // A date without a time: the hint says what was read and what is missing.
    expect((await say('demo-chair', 'next Tuesday'))[0].text).toBe('I read Tuesday, December 15, 2026 but no time of day: add it, for example next Tuesday 14:00.');
    expect(texts(await say('demo-chair', 'next Tuesday 14:00'))).toContain('How long');
    await say('demo-chair', '1h');
    await say('demo-chair', 'skip');
    await say('demo-chair', 'skip');
    const summary = (await say('demo-chair', 'no'))[0];
    expect(summary.title).toBe('Please check your answers.');
    expect(field(summary, 'Repeats')).toBe('Does not repeat');
    // The full date, in the zone, before saving.
    expect(field(summary, 'Starts')).toMatch(/^2026-12-15 14:00 Europe\/Zurich \(2026-12-15 13:00 UTC; for you Tue, Dec 15, 2026, 14:00/);
    const r = await say('demo-chair', 'confirm');
    expect(offered(r)).toContain('meetings');
    const id = /\(([0-9a-f]{8})\)/.exec(r[0].text)![1];

    // RSVP typed as people say it: no date (the next meeting), or a date in words.
    expect(texts(await say('rui', `rsvp ${id} going`))).toMatch(/^Thanks: you answered "Going" for Access WG call on Tue, Dec 15, 2026, 16:00/);
    expect(texts(await say('rui', `rsvp ${id} 15 Dec not going`))).toMatch(/^Thanks: you answered "Not going"/);
    expect(texts(await say('rui', `rsvp ${id} 16 Dec maybe`))).toContain('has no meeting on "16 Dec"');
    expect(texts(await say('rui', `rsvp ${id} perhaps later`))).toContain(`rsvp ${id} going, maybe or not going`);
    const rsvps = await t.app.database.prisma.rsvp.findMany();
    expect(rsvps.map((x) => x.response)).toEqual(['not_going']);
    // Reminders paused until a day in words: from the start of that day in the member's zone.
    expect(texts(await say('rui', 'reminders pause until next Monday'))).toContain('Paused until Dec 14, 2026');
    const prefs = await t.app.database.repositories.members.reminderPreferences((await memberRow('rui')).id);
    expect(prefs.pausedUntil?.toISOString()).toBe('2026-12-13T21:00:00.000Z'); // midnight in Nairobi (UTC+3)
    expect(texts(await say('rui', 'reminders pause until whenever'))).toContain('"whenever" is not a date in the future: for example 2027-01-06, 6 Jan or next Monday.');
  });
});
