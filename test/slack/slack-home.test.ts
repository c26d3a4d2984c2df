// The App Home tab with real data: the whole app in process, the fake Slack Web API, a
// member with a working group, a pending application and meetings.
import { describeEachDatabase } from '../support/databases';
import { allText, FakeSlack } from '../support/fake-slack';
import type { TestApp } from '../support/in-process-app';
import type { SlackSender } from '../support/slack-requests';
import { startSlackTestApp } from '../support/slack-test-app';

const USER = 'U0HANA';

describeEachDatabase('Slack App Home', (getUrl) => {
  let slack: FakeSlack;
  let t: TestApp;
  let send: SlackSender;

  beforeAll(async () => {
    ({ t, slack, send } = await startSlackTestApp(getUrl()));
  });
  afterAll(async () => {
    await t?.stop();
    await slack?.stop();
  });

  it('shows the member\'s groups, pending application, next three meetings in their zone and pledges, with buttons for the common commands', async () => {
    const { repositories } = t.app.database;
    const now = t.clock.now();
    slack.users[USER] = { real_name: 'Hana Home' };
    const { member } = await repositories.members.upsertByIdentity({ platform: 'slack', externalId: `T0TEST:${USER}`, address: `slack:T0TEST:${USER}` }, now, { locale: 'en', name: 'Hana Home' });
    await repositories.members.updateProfile(member.id, { timeZone: 'Africa/Nairobi' });
    await repositories.memberships.add(member.id, 'access', now);
    const application = await repositories.applications.create({ memberId: member.id, groupKey: 'adoption', answers: {}, submittedAt: now });
    const meeting = (group: string, title: string, rrule: string | null) =>
      repositories.meetings.create(
        { group, title, startLocal: '2026-12-01T14:00', timeZone: 'Europe/Zurich', firstStartAt: new Date('2026-12-01T13:00:00Z'), durationMinutes: 60, joinUrl: null, agenda: null, rrule, createdById: null },
        now,
      );
    const weekly = await meeting('access', 'Access WG call', 'FREQ=WEEKLY');
    await meeting('value_creation', 'Value Creation call', null);
    const pledge = await repositories.pledges.create(
      {
        memberId: member.id, entity: 'Hana Org', sector: 'academia', nextCheckInAt: null, focusArea: 'access', pillar: null, title: 'Solar school hubs',
        description: 'Solar-powered connectivity hubs in rural schools.', type: 'programmatic', valueUsd: null, countries: ['KEN'], beneficiaries: [], sdgs: [4], startYear: 2027, endYear: 2029,
      },
      now,
    );

    const mark = slack.calls.length;
    expect((await send.homeOpened(USER)).status).toBe(200);
    const home = await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'views.publish', 15_000, 'views.publish');
    expect(home.args).toMatchObject({ user_id: USER, view: { type: 'home' } });
    const text = allText(home);
    expect(text).toContain('Hana Home');
    expect(text).toContain('Your working groups');
    expect(text).toContain('*Access Working Group*');
    expect(text).toContain(`Application ${application!.id} sent on`);
    expect(text).toContain('*Adoption Working Group*');
    expect(text).toContain('Your next meetings');
    expect(text).toContain('Your pledges');
    expect(text).toContain(`${pledge.id}. Solar school hubs (`);
    // Three occurrences of the weekly meeting, 14:00 Geneva time shown as 16:00 in Nairobi, with its id.
    const entries = text.split('\n').filter((line) => line.includes(weekly.id.slice(0, 8)));
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatch(/Dec 1, 2026, 16:00 \(Africa\/Nairobi\) · Access Working Group · [0-9a-f]{8}$/);
    expect(entries[2]).toMatch(/Dec 15, 2026, 16:00/);
    // A meeting of a group the member is not in is not shown.
    expect(text).not.toContain('Value Creation call');

    const buttons = (home.args.view.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements!);
    expect(buttons.map((b) => b.value)).toEqual(['profile', 'profile', 'join', 'join', 'groups', 'meetings', 'reminders', 'pledge', 'help']);
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(buttons.length);

    // The meetings button answers in the DM.
    const meetings = buttons.find((b) => b.action_id === 'home_command:meetings')!;
    const click = slack.calls.length;
    expect((await send.homeAction(USER, { type: 'button', action_id: meetings.action_id, value: meetings.value, text: { type: 'plain_text', text: 'My meetings' } })).status).toBe(200);
    const listed = await slack.waitFor((c) => slack.calls.indexOf(c) >= click && c.method === 'chat.postMessage' && c.args.channel === `D${USER.slice(1)}`, 15_000, 'the meetings list in the DM');
    expect(allText(listed)).toContain('Your next meetings');
  });
  it('an App Home button while a pledge question is open interrupts as a typed command: a list runs and the question comes back; join asks first', async () => {
    const OTTO = 'U0OTTO';
    slack.users[OTTO] = { real_name: 'Otto Open' };
    const { member } = await t.app.database.repositories.members.upsertByIdentity({ platform: 'slack', externalId: `T0TEST:${OTTO}`, address: `slack:T0TEST:${OTTO}` }, t.clock.now(), { locale: 'en', name: 'Otto Open' });
    await t.app.database.prisma.member.update({
      where: { id: member.id },
      data: { organization: 'Otto Networks', category: 'civil_society', country: 'KEN', timeZone: 'Africa/Nairobi', profileCompletedAt: t.clock.now() },
    });
    const dm = `D${OTTO.slice(1)}`;
    const posted = (from: number, text: string, what: string) =>
      slack.waitFor((c) => slack.calls.indexOf(c) >= from && c.method === 'chat.postMessage' && c.args.channel === dm && allText(c).includes(text), 15_000, what);
    const button = (command: string) => send.homeAction(OTTO, { type: 'button', action_id: `home_command:${command}`, value: command, text: { type: 'plain_text', text: command } });

    let mark = slack.calls.length;
    expect((await send.dm(OTTO, 'pledge')).status).toBe(200);
    await posted(mark, 'Which focus area', 'the first pledge question');

    // A read-only button: its answer, then the pledge question again; the flow stays open.
    mark = slack.calls.length;
    expect((await button('meetings')).status).toBe(200);
    await posted(mark, 'meetings', 'the meetings answer');
    await posted(mark, 'Which focus area', 'the pledge question asked again');
    expect(await t.app.database.prisma.flowState.count({ where: { memberId: member.id, flow: 'pledge' } })).toBe(1);

    // A button that starts another flow asks first, and replaces nothing.
    mark = slack.calls.length;
    expect((await button('join')).status).toBe(200);
    await posted(mark, 'You are in the middle of a pledge. Stop it and start join?', 'the stop-it question');
    expect(await t.app.database.prisma.flowState.count({ where: { memberId: member.id, flow: 'pledge' } })).toBe(1);
    expect(await t.app.database.prisma.flowState.count({ where: { memberId: member.id, flow: 'join' } })).toBe(0);

    // "no": the pledge goes on where it was.
    mark = slack.calls.length;
    expect((await send.dm(OTTO, 'no')).status).toBe(200);
    await posted(mark, "Fine, let's go on.", 'the pledge kept');
    await posted(mark, 'Which focus area', 'the pledge question after no');
  });

  it('publishes the Home tab again after a change the member makes, and not after "forget me"', async () => {
    const { repositories } = t.app.database;
    const hana = (await repositories.members.list()).find((m) => m.name === 'Hana Home')!;
    const [pledge] = await repositories.pledges.ofMember(hana.id);
    const isHome = (from: number) => (c: { method: string }) => slack.calls.indexOf(c as never) >= from && c.method === 'views.publish';

    // A reply without a change (a list) publishes nothing.
    let mark = slack.calls.length;
    expect((await send.dm(USER, 'pledges')).status).toBe(200);
    await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'chat.postMessage', 15_000, 'the pledges list');
    // A change does: the tab shows the new status without the member opening it.
    expect((await send.dm(USER, `pledge status ${pledge.id} completed`)).status).toBe(200);
    const home = await slack.waitFor(isHome(mark), 15_000, 'views.publish after the change');
    expect(home.args.user_id).toBe(USER);
    expect(allText(home)).toContain(`${pledge.id}. Solar school hubs (completed)`);
    expect(slack.since(mark, (c) => c.method === 'views.publish')).toHaveLength(1);

    // Forgetting the member publishes no tab (that would bring the member back).
    mark = slack.calls.length;
    expect((await send.dm(USER, 'forget me confirm')).status).toBe(200);
    const done = await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'chat.postMessage', 15_000, 'the forget me answer');
    expect(allText(done)).toContain('your personal data has been deleted');
    // A refresh would follow the answer within milliseconds (as above); none comes in 1.5 s.
    await expect(slack.waitFor(isHome(mark), 1_500, 'no views.publish')).rejects.toThrow('no views.publish');
    expect((await repositories.members.list()).some((m) => m.name === 'Hana Home')).toBe(false);
    expect(await repositories.members.get(hana.id)).toBeNull();
  });
});
