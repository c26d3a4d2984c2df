// Membership end to end: the real server as a process, driven over the local chat's HTTP
// endpoints, on SQLite and (with TEST_DATABASE_URL) PostgreSQL.
import type { OutgoingMessage } from '../../src/core/messages';
import { localChatHeaders, startBot, type BotProcess } from '../support/bot-process';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';

const texts = (replies: OutgoingMessage[]) => replies.map((r) => r.text).join('\n');
const EVIDENCE = 'We have connected 120 rural schools in three provinces since 2021 and train teachers.';

describeEachDatabase('membership and working groups', (getUrl) => {
  let bot: BotProcess;

  beforeAll(async () => {
    bot = await startBot({ DATABASE_URL: getUrl() });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  async function say(user: string, text: string) {
    const r = await bot.say(user, { text });
    expect(r.status).toBe(200);
    return r.replies;
  }
  async function press(user: string, action: string) {
    const r = await bot.say(user, { action });
    expect(r.status).toBe(200);
    return r.replies;
  }
  async function inbox(user: string): Promise<OutgoingMessage[]> {
    const res = await fetch(`${bot.url}/local/inbox?user=${encodeURIComponent(user)}`, { headers: localChatHeaders(bot.token) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { messages: OutgoingMessage[] }).messages;
  }
  async function profile(user: string, name: string, organization: string, category: string, email?: string) {
    await say(user, 'profile');
    await say(user, name);
    await say(user, organization);
    await press(user, category);
    await say(user, 'KEN');
    await say(user, 'Africa/Nairobi');
    await say(user, email ?? 'skip');
    expect(texts(await press(user, 'confirm'))).toContain('your profile is saved');
  }
  /** Applies to one group by name with the given answers; returns the last replies. */
  async function apply(user: string, group: string) {
    let r = await say(user, `join ${group}`);
    expect(texts(r)).toContain("What shows your organization's commitment");
    await say(user, EVIDENCE);
    r = await say(user, 'no');
    expect(texts(r)).toContain('roundtable');
    await say(user, 'no');
    r = await say(user, 'yes');
    expect(r[0].title).toBe('Please check your answers.');
    return press(user, 'confirm');
  }
  async function pendingIdOf(name: string): Promise<string> {
    const list = await say('demo-secretariat', 'applications');
    const card = list.find((m) => m.title?.includes(`from ${name}`));
    expect(card).toBeDefined();
    return card!.choices!.options[0].value.split(' ')[1];
  }

  it('a whole application: join with the criteria, the secretariat approves, every copy is updated, the member is told', async () => {
    await say('demo-secretariat', 'me'); // the secretariat exists (role from the local chat's seed)
    await inbox('demo-secretariat');

    // Profile first.
    let r = await say('ann', 'join');
    expect(r[0]).toMatchObject({ tone: 'error' });
    expect(r[0].text).toContain('your profile must be complete');
    expect(texts(r)).toContain('What is your full name?');
    await say('ann', 'cancel');
    await profile('ann', 'Ann Academic', 'University of Nairobi', 'academia', 'ann@uni.example');

    r = await say('ann', 'join');
    expect(texts(r)).toContain('Which working groups do you want to join?');
    expect(r.at(-1)!.choices).toMatchObject({ multiple: true });
    expect(r.at(-1)!.choices!.options.map((o) => o.label)).toEqual(['Access Working Group', 'Adoption Working Group', 'Value Creation Working Group', 'Accelerate Working Group']);
    r = await say('ann', 'Acess');
    expect(r[0]).toMatchObject({ tone: 'error', text: 'There is no working group "Acess". Did you mean Access?' });
    r = await say('ann', 'access, value creation');
    expect(texts(r)).toContain("What shows your organization's commitment");
    r = await say('ann', 'We care.');
    expect(r[0]).toMatchObject({ tone: 'error', text: 'That is too short: at least 50 characters, please.' });
    r = await say('ann', EVIDENCE);
    expect(texts(r)).toContain('Are you ready to make a major commitment or pledge');
    r = await say('ann', 'yes');
    expect(texts(r)).toContain('what commitment or pledge do you intend to make');
    r = await say('ann', 'Hi');
    expect(r[0].text).toBe('That is too short: at least 5 characters, please.');
    r = await say('ann', 'Connect 500 more schools by 2028');
    expect(texts(r)).toContain('roundtable');
    r = await say('ann', 'yes');
    expect(texts(r)).toContain('Who would attend the roundtable?');
    r = await say('ann', 'Prof. Jane Doe, Vice-Chancellor');
    expect(texts(r)).toContain('action framework');
    r = await say('ann', 'yes');
    expect(r[0].title).toBe('Please check your answers.');
    expect(r[0].fields).toEqual(
      expect.arrayContaining([
        { label: 'Working groups', value: 'Access Working Group, Value Creation Working Group' },
        { label: 'Intended commitment', value: 'Connect 500 more schools by 2028' },
        { label: 'Who would attend the roundtable', value: 'Prof. Jane Doe, Vice-Chancellor' },
      ]),
    );
    expect(r[0].choices!.options[0]).toMatchObject({ label: 'Confirm', value: 'confirm' });
    r = await press('ann', 'confirm');
    expect(r[0]).toMatchObject({ tone: 'success' });
    expect(r[0].text).toContain('your application to Access Working Group, Value Creation Working Group is sent to the secretariat');

    // The secretariat's copies, with the answers and Approve / Reject.
    const list = await say('demo-secretariat', 'applications');
    expect(list[0].text).toContain('2 applications are waiting');
    const card = list.find((m) => m.title === 'Application from Ann Academic to Access Working Group')!;
    expect(card.fields).toEqual(
      expect.arrayContaining([
        { label: 'Organization', value: 'University of Nairobi' },
        { label: 'Stakeholder category', value: 'Academia' },
        { label: 'Commitment in the focus area', value: EVIDENCE },
        { label: 'Ready to make a major commitment or pledge', value: 'Yes' },
        { label: 'Who would attend the roundtable', value: 'Prof. Jane Doe, Vice-Chancellor' },
      ]),
    );
    const [approve, reject] = card.choices!.options;
    const id = approve.value.split(' ')[1];
    expect(approve).toMatchObject({ label: 'Approve', value: `approve ${id}`, style: 'primary' });
    expect(reject).toMatchObject({ label: 'Reject', value: `reject ${id}`, style: 'danger' });

    // Refusals: a second application, and approving without the role.
    expect((await say('ann', 'join access'))[0]).toMatchObject({ tone: 'error', text: 'You already have an application to Access Working Group waiting for the secretariat.' });
    expect((await say('ann', `approve ${id}`))[0]).toMatchObject({ tone: 'error', text: 'Only the secretariat can use approve.' });
    expect((await say('demo-chair', `approve ${id}`))[0].text).toBe('Only the secretariat can use approve.');

    r = await press('demo-secretariat', approve.value);
    expect(r[0]).toMatchObject({ tone: 'success', text: `Application ${id} approved: Ann Academic is now a member of Access Working Group.` });

    // The copy sent at submission was updated in place: the inbox holds the decided version, not a second message.
    const secretariatInbox = await inbox('demo-secretariat');
    const copies = secretariatInbox.filter((m) => m.title === 'Application from Ann Academic to Access Working Group');
    expect(copies).toHaveLength(1);
    expect(copies[0].text).toMatch(/^Approved by demo-secretariat on /);
    expect(copies[0].choices).toBeUndefined();
    expect(secretariatInbox.filter((m) => m.title === 'Application from Ann Academic to Value Creation Working Group')[0].choices).toBeDefined();

    const annInbox = await inbox('ann');
    const approved = annInbox.find((m) => m.text.startsWith('Good news: your application to Access Working Group is approved. You are now a member; type my groups to see your groups.'));
    // The next step comes with it: meetings and pledges, as buttons.
    expect(approved?.text).toContain("Next: see your group's meetings with meetings");
    expect(approved?.choices?.options.map((o) => o.value)).toEqual(['meetings', 'pledge']);

    expect((await say('demo-secretariat', `approve ${id}`))[0]).toMatchObject({ tone: 'error', text: `Application ${id} is already approved: a decision is not changed.` });
    expect((await say('ann', 'join Access'))[0]).toMatchObject({ tone: 'error', text: 'You are already a member of Access Working Group.' });
    // Only open groups are offered; naming another one gets the reason; numbers count the options shown.
    r = await say('ann', 'join');
    expect(r.at(-1)!.choices!.options.map((o) => o.label)).toEqual(['Adoption Working Group', 'Accelerate Working Group']);
    expect((await say('ann', 'adoption, access'))[0]).toMatchObject({ tone: 'error', text: 'You are already a member of Access Working Group.' });
    expect((await say('ann', 'value creation'))[0].text).toBe('You already have an application to Value Creation Working Group waiting for the secretariat.');
    expect(texts(await say('ann', '1'))).toContain("What shows your organization's commitment");
    expect((await say('ann', 'back'))[0].choices!.options.map((o) => o.label)).toEqual(['Adoption Working Group', 'Accelerate Working Group']);
    expect((await say('ann', 'cancel'))[0].text).toBe('Cancelled. Nothing was saved.');

    const groups = await say('ann', 'groups');
    expect(groups[0].fields).toContainEqual({ label: 'Access Working Group', value: 'Connecting people everywhere. 1 member. You are a member.' });
    expect(groups[0].fields).toContainEqual({ label: 'Value Creation Working Group', value: 'Building digital ecosystems. No members yet. Your application is pending.' });
    const mine = await say('ann', 'my groups');
    expect(mine[0].fields!.map((f) => f.label)).toEqual(['Access Working Group', 'Value Creation Working Group']);
  });

  it('a rejection needs a reason: asked for when missing, and the applicant reads it', async () => {
    await profile('bob', 'Bob Minister', 'Ministry of ICT', 'member_state', 'bob@gov.example');
    expect((await apply('bob', 'adoption'))[0].tone).toBe('success');
    const id = await pendingIdOf('Bob Minister');
    await inbox('bob');

    let r = await press('demo-secretariat', `reject ${id}`);
    expect(r[0].text).toContain(`Why is application ${id} rejected?`);
    r = await say('demo-secretariat', 'no');
    expect(r[0]).toMatchObject({ tone: 'error', text: 'That is too short: at least 3 characters, please.' });
    r = await say('demo-secretariat', 'The group is full this year');
    expect(r[0]).toMatchObject({ tone: 'success', text: `Application ${id} rejected; Bob Minister is told the reason.` });
    expect((await inbox('bob')).map((m) => m.text)).toContain("Your application to Adoption Working Group was not approved. The secretariat's reason: The group is full this year");
    const copies = (await inbox('demo-secretariat')).filter((m) => m.title === 'Application from Bob Minister to Adoption Working Group');
    expect(copies).toHaveLength(1);
    expect(copies[0].text).toMatch(/^Rejected by demo-secretariat on .+: The group is full this year$/);
    expect((await say('demo-secretariat', 'reject nosuchid because'))[0].text).toBe('There is no application nosuchid. Type applications to see the pending ones.');
  });

  it('no one decides their own application', async () => {
    await profile('demo-secretariat', 'Sam Secretariat', 'Coalition Secretariat', 'un_agency');
    // A follow-up answered, then its question changed to "no" from the summary: not sent.
    await say('demo-secretariat', 'join accelerate');
    await say('demo-secretariat', EVIDENCE);
    await say('demo-secretariat', 'yes');
    await say('demo-secretariat', 'Fund 10 community networks');
    await say('demo-secretariat', 'no');
    expect((await say('demo-secretariat', 'no'))[0].fields).toContainEqual({ label: 'Intended commitment', value: 'Fund 10 community networks' });
    await press('demo-secretariat', 'edit pledge_readiness');
    const summary = await say('demo-secretariat', 'no');
    expect(summary[0].fields!.map((f) => f.label)).not.toContain('Intended commitment');
    expect((await press('demo-secretariat', 'confirm'))[0].tone).toBe('success');
    const id = await pendingIdOf('Sam Secretariat');
    const card = (await say('demo-secretariat', 'applications')).find((m) => m.title?.includes('Sam Secretariat'))!;
    expect(card.fields).toContainEqual({ label: 'Ready to make a major commitment or pledge', value: 'No' });
    expect(card.fields!.map((f) => f.label)).not.toContain('Intended commitment');
    expect((await say('demo-secretariat', `approve ${id}`))[0]).toMatchObject({ tone: 'error', text: 'You cannot decide your own application: another member of the secretariat must.' });
    expect((await say('demo-secretariat', `reject ${id} not me`))[0].text).toBe('You cannot decide your own application: another member of the secretariat must.');
  });

  it('rosters for members, chairs and the secretariat only; emails for chairs and the secretariat', async () => {
    let r = await say('ann', 'roster access');
    expect(r[0].title).toBe('Access Working Group: 1 member');
    // demo-chair chairs Access without being a member: listed as its chair.
    expect(r[0].fields).toEqual([
      { label: 'Ann Academic', value: 'University of Nairobi · Academia' },
      { label: 'demo-chair (chair)', value: '(not set) · (not set)' },
    ]);
    r = await say('demo-chair', 'roster ACCESS');
    expect(r[0].fields![0]).toEqual({ label: 'Ann Academic', value: 'University of Nairobi · Academia · ann@uni.example' });
    r = await say('bob', 'roster access');
    expect(r[0]).toMatchObject({ tone: 'error', text: 'Only members of Access Working Group, its chairs and the secretariat can see its roster.' });
    r = await say('bob', 'roster');
    expect(r[0].text).toBe('Which working group? Use: roster <group>');
    r = await say('bob', 'roster acess');
    expect(r[0].text).toBe('There is no working group "acess". Did you mean Access?');
    r = await say('bob', 'roster a');
    expect(r[0].text).toContain('could be several groups');
  });

  it('composition: the group × category matrix with every gap named, for chairs and the secretariat', async () => {
    expect((await say('ann', 'composition'))[0]).toMatchObject({ tone: 'error', text: 'Only chairs of a working group can use composition.' });
    const r = await say('demo-chair', 'composition');
    expect(r[0].fields).toContainEqual({
      label: 'Access (1)',
      value: 'Member State: 0 · Private Sector: 0 · UN agency / international or regional organization: 0 · Civil Society: 0 · Academia: 1 · Youth Group: 0',
    });
    const gaps = r[1].text.split('\n');
    expect(gaps).toContain('Access has no Member State member');
    expect(gaps).not.toContain('Access has no Academia member');
    expect(gaps).toContain('Adoption has no Academia member');
    expect(r[1].title).toBe(`${gaps.length} ${gaps.length === 1 ? 'gap' : 'gaps'}`);
    expect(gaps).toHaveLength(4 * 6 - 1);
  });

  it('chairs are named and removed by the secretariat, by name, email or id', async () => {
    expect((await say('ann', 'chair add access Bob'))[0].text).toBe('Only the secretariat can use chair add.');
    let r = await say('demo-secretariat', 'chair add value creation bob@gov.example');
    expect(r[0]).toMatchObject({ tone: 'success', text: 'Bob Minister now chairs Value Creation Working Group.' });
    expect((await say('bob', 'me'))[0].fields).toContainEqual({ label: 'Roles', value: 'chair of value_creation' });
    expect((await say('demo-secretariat', 'chair add value creation Bob Minister'))[0]).toEqual({ text: 'Bob Minister already chairs Value Creation Working Group.' });
    r = await say('demo-secretariat', 'chair add access nobody-here');
    expect(r[0].text).toBe('I know no member "nobody-here": use their name, email or id.');
    r = await say('demo-secretariat', 'chair add access a');
    expect(r[0].text).toContain('could be several members');
    r = await say('demo-secretariat', 'chair remove value creation Bob Minister');
    expect(r[0].text).toBe('Bob Minister no longer chairs Value Creation Working Group.');
    r = await say('demo-secretariat', 'chair remove value creation Bob Minister');
    expect(r[0]).toMatchObject({ tone: 'error', text: 'Bob Minister does not chair Value Creation Working Group.' });
  });

  it('leave asks first, removes the membership and tells the secretariat', async () => {
    await inbox('demo-secretariat');
    expect((await say('bob', 'leave access'))[0].text).toBe('You are not a member of Access Working Group.');
    let r = await say('ann', 'leave access');
    expect(r[0].text).toContain('Do you really want to leave Access Working Group?');
    r = await press('ann', 'no');
    expect(r[0].text).toBe('You stay a member of Access Working Group.');
    await say('ann', 'leave access');
    r = await press('ann', 'yes');
    expect(r[0]).toMatchObject({ tone: 'success', text: 'You have left Access Working Group. The secretariat is told.\nNext: groups shows the working groups you can still join.' });
    expect((await inbox('demo-secretariat')).map((m) => m.text)).toContain('Ann Academic (University of Nairobi) has left Access Working Group.');
    expect((await say('demo-chair', 'roster access'))[0].title).toBe('Access Working Group: 0 members');
  });

  it('link by a one-time code: the two chats become one member', async () => {
    await profile('carol', 'Carol Civil', 'Connect NGO', 'civil_society');
    let r = await say('carol', 'link');
    const code = /Your code is ([A-Z0-9]+)\./.exec(r[0].text)![1];
    expect(code).toHaveLength(8);
    expect((await say('carol', `link ${code}`))[0].text).toBe('That code was made in this same account: type it in your other chat.');
    r = await say('carol', 'link');
    const fresh = /Your code is ([A-Z0-9]+)\./.exec(r[0].text)![1];
    expect((await say('carol-phone', 'link WRONGCODE'))[0]).toMatchObject({ tone: 'error', text: 'That code is unknown, already used or expired. Type link in your other chat for a new one.' });
    r = await say('carol-phone', `link ${fresh.toLowerCase()}`);
    expect(r[0]).toMatchObject({ tone: 'success' });
    expect((await say('carol-phone', 'me'))[0].fields).toContainEqual({ label: 'Name', value: 'Carol Civil' });
    expect((await say('carol-phone', `link ${fresh}`))[0].tone).toBe('error'); // used once only
    r = await say('carol-phone', 'notify via slack');
    expect(r[0]).toMatchObject({ tone: 'error', text: 'You have no slack account linked to this member yet: use link to join it first.' });
    expect((await say('carol-phone', 'notify via local'))[0].text).toBe('From now on I will reach you via local.');
  });
});

describeEachDatabase('an application is checked as a whole at confirm', (getUrl) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(getUrl(), '2026-11-29T10:00:00Z');
  });
  afterEach(async () => {
    await t.stop();
  });

  it('a draft whose answers break a rule (stored by an older version) is asked again, not sent', async () => {
    await t.say('ann', { text: 'me' });
    const prisma = t.app.database.prisma;
    const { memberId } = await prisma.identity.findFirstOrThrow({ where: { platform: 'local', externalId: 'ann' } });
    await prisma.member.update({ where: { id: memberId }, data: { name: 'Ann', organization: 'Uni', category: 'academia', country: 'KEN', timeZone: 'Africa/Nairobi', profileCompletedAt: new Date() } });
    await t.say('ann', { text: 'join access' });
    await t.say('ann', { text: EVIDENCE });
    await t.say('ann', { text: 'no' });
    await t.say('ann', { text: 'no' });
    expect((await t.say('ann', { text: 'yes' }))[0].title).toBe('Please check your answers.');
    const state = await prisma.flowState.findFirstOrThrow({ where: { memberId } });
    // A yes to the pledge without what is intended: the follow-up is asked before anything is sent.
    await prisma.flowState.update({ where: { id: state.id }, data: { answers: JSON.stringify({ ...JSON.parse(state.answers), pledge_readiness: true }) } });
    const asked = await t.say('ann', { action: 'confirm' });
    expect(asked[0]).toMatchObject({ tone: 'error', text: expect.stringMatching(/^Before this can be saved, .+ needs another answer: An answer is needed here\.$/) });
    expect(await prisma.application.count()).toBe(0);
    expect((await t.say('ann', { text: 'Connect 50 more schools' }))[0].title).toBe('Please check your answers.');
    expect((await t.say('ann', { action: 'confirm' }))[0].tone).toBe('success');
    expect((await prisma.application.findFirstOrThrow()).answers).toContain('Connect 50 more schools');
  });
});
