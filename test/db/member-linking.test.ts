// One person on Slack and Teams is one member: the Bot in-process with the real database,
// fed IncomingMessages as the Slack and Teams adapters will hand them in.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingMessage, Platform } from '../../src/core/messages';
import type { ChatPort } from '../../src/core/ports';
import { Bot } from '../../src/conversation/bot';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { loadCountryRegistry } from '../../src/data/countries';
import { openDatabase, type Database } from '../../src/db/open-database';
import { describeEachDatabase } from '../support/databases';

/** A ChatPort that keeps what it was asked to send and update. */
class RecordingChat implements ChatPort {
  sent: { address: string; ref: string; message: OutgoingMessage }[] = [];
  updated: { address: string; ref: string; message: OutgoingMessage }[] = [];
  async send(address: string, message: OutgoingMessage) {
    const ref = randomUUID();
    this.sent.push({ address, ref, message });
    return { ref };
  }
  async update(address: string, ref: string, message: OutgoingMessage) {
    this.updated.push({ address, ref, message });
  }
  to(address: string) {
    return this.sent.filter((s) => s.address === address).map((s) => s.message);
  }
}

const EVIDENCE = 'Our network has connected 40 remote villages with community Wi-Fi since 2020.';

describeEachDatabase('linking identities across platforms', (getUrl) => {
  let db: Database;
  let bot: Bot;
  let chat: RecordingChat;
  let now = new Date('2030-03-01T08:00:00Z');
  const tick = () => (now = new Date(now.getTime() + 60_000));

  beforeAll(async () => {
    db = await openDatabase({ url: getUrl() });
    const coalition = loadCoalitionFile(defaultCoalitionFile);
    await db.repositories.coalition.sync(coalition);
    chat = new RecordingChat();
    bot = new Bot({
      repositories: db.repositories,
      coalition,
      countries: loadCountryRegistry(),
      clock: { now: () => tick() },
      chat,
      links: { calendar: (id) => `http://localhost/calendar/${id}.ics` },
      roleSeeds: [
        { platform: 'slack', userId: 'USEC', role: 'secretariat', scope: '' },
        { platform: 'slack', userId: 'USEC2', role: 'secretariat', scope: '' },
        { platform: 'slack', userId: 'USEC3', role: 'secretariat', scope: '' },
      ],
      secretariatChannels: ['slack:T1:CSECRETARIAT'],
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  function person(platform: Platform, externalId: string, address: string, email?: string, emailVerified = false) {
    return (body: Partial<IncomingMessage>) =>
      bot.handle({ platform, user: { externalId, displayName: externalId, email, emailVerified }, conversation: address, directAddress: address, ...body });
  }
  const texts = (replies: OutgoingMessage[]) => replies.map((r) => r.text).join('\n');

  it('the same verified email on Slack and Teams makes one member; reminders follow the platform used last or chosen', async () => {
    const secretariat = person('slack', 'T1:USEC', 'slack:T1:DSEC');
    expect(texts(await secretariat({ text: 'me' }))).toBeDefined();

    const kimSlack = person('slack', 'T1:UKIM', 'slack:T1:DKIM', 'kim@example.org', true);
    const saved = await kimSlack({ form: { id: 'profile', values: { name: 'Kim Okafor', organization: 'Village Net', category: 'civil_society', country: 'Nigeria', timeZone: 'Africa/Lagos', email: 'kim@example.org' } } });
    expect(texts(saved)).toContain('your profile is saved');
    await kimSlack({ text: 'join access' });
    await kimSlack({ text: EVIDENCE });
    await kimSlack({ text: 'no' });
    await kimSlack({ text: 'no' });
    await kimSlack({ text: 'yes' });
    expect(texts(await kimSlack({ action: 'confirm' }))).toContain('is sent to the secretariat');
    const review = chat.to('slack:T1:CSECRETARIAT')[0];
    expect(review.title).toBe('Application from Kim Okafor to Access Working Group');
    expect(chat.to('slack:T1:DSEC')).toHaveLength(1);
    const id = review.choices!.options[0].value.split(' ')[1];

    // An unverified email on Teams is not enough: a separate member.
    const stranger = person('teams', 'tn:aad-other', 'teams:other', 'kim@example.org', false);
    expect((await stranger({ text: 'my groups' }))[0].text).toContain('You are not in a working group yet');

    // First contact on Teams with the same verified email (any case): the same member.
    const kimTeams = person('teams', 'tn:aad-kim', 'teams:kim', 'KIM@example.org', true);
    const mine = await kimTeams({ text: 'my groups' });
    expect(mine[0].fields).toEqual([{ label: 'Access Working Group', value: expect.stringContaining(`Application ${id}`) }]);
    expect((await kimTeams({ text: 'me' }))[0].fields).toContainEqual({ label: 'Name', value: 'Kim Okafor' });
    const linked = (await db.repositories.audit.list({ action: 'member.linked' })).filter((e) => e.details?.by === 'email');
    expect(linked).toHaveLength(1);

    // Teams was used last: the outcome goes there; both secretariat copies are updated in place.
    await secretariat({ action: `approve ${id}` });
    expect(chat.to('teams:kim').map((m) => m.text.split('\n')[0])).toContain('Good news: your application to Access Working Group is approved. You are now a member; type my groups to see your groups.');
    expect(chat.to('slack:T1:DKIM')).toEqual([]);
    const sentRefs = chat.sent.filter((s) => s.message.title === review.title).map((s) => `${s.address}|${s.ref}`).sort();
    expect(chat.updated.map((u) => `${u.address}|${u.ref}`).sort()).toEqual(sentRefs);
    expect(chat.updated.every((u) => /^Approved by .+ on /.test(u.message.text) && !u.message.choices)).toBe(true);
    expect((await db.repositories.audit.list({ action: 'application.approved' }))[0]).toMatchObject({ subject: id, actor: expect.stringMatching(/^member:/) });

    // Chosen platform wins over the one used last.
    expect((await kimTeams({ text: 'notify via slack' }))[0].text).toBe('From now on I will reach you via slack.');
    // The unverified stranger gave the same email: the secretariat is asked to say which.
    expect((await secretariat({ text: 'chair add access kim@example.org' }))[0].text).toContain('could be several members');
    expect((await secretariat({ text: 'chair add access Kim Okafor' }))[0].text).toBe('Kim Okafor now chairs Access Working Group.');
    expect(chat.to('slack:T1:DKIM').map((m) => m.text)).toContain(
      'The secretariat made you a chair of Access Working Group: you can now see its roster with emails and the composition of the groups.',
    );
    expect((await kimTeams({ text: 'roster access' }))[0].fields![0]).toEqual({ label: 'Kim Okafor (chair)', value: 'Village Net · Civil Society · kim@example.org' });
  });
  it('concurrent first contacts with the same verified email end as one member', async () => {
    await person('slack', 'T1:ULEE', 'slack:T1:DLEE', 'lee@example.org', true)({ text: 'me' });
    const leeTeams = person('teams', 'tn:aad-lee', 'teams:lee', 'lee@example.org', true);
    const replies = await Promise.all([leeTeams({ text: 'me' }), leeTeams({ text: 'me' }), leeTeams({ text: 'me' })]);
    expect(replies.every((r) => r[0].title === 'Your profile')).toBe(true);
    const slack = await db.repositories.members.findByIdentity('slack', 'T1:ULEE');
    const teams = await db.repositories.members.findByIdentity('teams', 'tn:aad-lee');
    expect(teams!.member.id).toBe(slack!.member.id);
    expect((await db.repositories.members.identities(slack!.member.id)).map((i) => i.platform).sort()).toEqual(['slack', 'teams']);
  });

  const rolesOf = async (platform: Platform, externalId: string) => {
    const found = await db.repositories.members.findByIdentity(platform, externalId);
    return found ? (await db.repositories.roles.rolesOf(found.member.id)).map((r) => r.role) : null;
  };
  const memberIdOf = async (platform: Platform, externalId: string) => (await db.repositories.members.findByIdentity(platform, externalId))!.member.id;
  const codeIn = (replies: OutgoingMessage[]) => /Your code is (\w+)/.exec(texts(replies))![1];

  it('never links by verified email into or out of a member who holds a role', async () => {
    const secretariat = person('slack', 'T1:USEC2', 'slack:T1:DSEC2', 'sec@coalition.org', true);
    await secretariat({ text: 'me' });
    // Someone whose account claims the secretariat's address as verified: a member of their own.
    const claimant = person('teams', 'tn:aad-claimant', 'teams:claimant', 'sec@coalition.org', true);
    const me = (await claimant({ text: 'me' }))[0].fields!;
    expect(me).toContainEqual({ label: 'Roles', value: 'member' });
    expect(await memberIdOf('teams', 'tn:aad-claimant')).not.toBe(await memberIdOf('slack', 'T1:USEC2'));
    expect(texts(await claimant({ text: 'export members' }))).not.toContain('CSV');
    // A configured secretariat's first contact does not join the member who claimed its address first.
    const early = person('teams', 'tn:aad-early', 'teams:early', 'sec3@coalition.org', true);
    await early({ text: 'me' });
    await person('slack', 'T1:USEC3', 'slack:T1:DSEC3', 'sec3@coalition.org', true)({ text: 'me' });
    expect(await memberIdOf('teams', 'tn:aad-early')).not.toBe(await memberIdOf('slack', 'T1:USEC3'));
    expect(await rolesOf('teams', 'tn:aad-early')).toEqual([]);
    expect(await rolesOf('slack', 'T1:USEC3')).toEqual(['secretariat']);
    // Nor out of a chair: roles granted in chat count as much as configured ones.
    const chairSlack = person('slack', 'T1:UCHAIR', 'slack:T1:DCHAIR', 'chair@example.org', true);
    await chairSlack({ text: 'me' });
    await db.repositories.roles.grant({ memberId: await memberIdOf('slack', 'T1:UCHAIR'), role: 'chair', scope: 'access', source: 'chat' });
    await person('teams', 'tn:aad-chair', 'teams:chair', 'chair@example.org', true)({ text: 'me' });
    expect(await rolesOf('teams', 'tn:aad-chair')).toEqual([]);
    expect(await rolesOf('slack', 'T1:UCHAIR')).toEqual(['chair']);
    const emailLinks = (await db.repositories.audit.list({ action: 'member.linked' })).filter((e) => JSON.stringify(e.details).includes('coalition.org') || JSON.stringify(e.details).includes('chair'));
    expect(emailLinks).toEqual([]);
  });

  it('refuses a link code from another chat typed by a role holder: nothing joined, roles unchanged', async () => {
    const secretariat = person('slack', 'T1:USEC', 'slack:T1:DSEC');
    const attacker = person('teams', 'tn:aad-attacker', 'teams:attacker');
    const code = codeIn(await attacker({ text: 'link' }));
    // The secretariat, talked into typing the attacker's code.
    const refused = await secretariat({ text: `link ${code}` });
    expect(texts(refused)).toBe('You hold a role (secretariat), so a link to your account must start from this chat: type link here, then type the code in your other chat. Nothing was joined.');
    expect(await memberIdOf('teams', 'tn:aad-attacker')).not.toBe(await memberIdOf('slack', 'T1:USEC'));
    expect(await rolesOf('teams', 'tn:aad-attacker')).toEqual([]);
    expect(await rolesOf('slack', 'T1:USEC')).toEqual(['secretariat']);
    expect(await db.repositories.audit.list({ action: 'member.link_refused' })).toContainEqual(
      expect.objectContaining({ details: expect.objectContaining({ identities: ['teams:tn:aad-attacker', 'slack:T1:USEC'] }) }),
    );
    // The code is used up: it cannot be retried elsewhere.
    expect(texts(await person('local', 'someone', 'local:someone')({ text: `link ${code}` }))).toContain('unknown, already used or expired');
  });

  it('links a role holder from their own code only once both chats confirm, tells both chats, and shows the link in me', async () => {
    const slackSec = person('slack', 'T1:USEC', 'slack:T1:DSEC');
    const teamsSec = person('teams', 'tn:aad-sec', 'teams:sec');
    const code = codeIn(await slackSec({ text: 'link' }));
    const asked = await teamsSec({ text: `link ${code}` });
    expect(texts(asked)).toContain('This joins this chat with an account that holds a role (secretariat). To finish, type link confirm here and in your other chat');
    expect(chat.to('slack:T1:DSEC').map((m) => m.text)).toContain(
      'Your link code was typed in a chat on teams. If that was you, type link confirm here to join both chats; if not, type link cancel. Nothing is joined until both chats confirm.',
    );
    // Someone else cannot confirm it for them.
    expect(texts(await person('teams', 'tn:aad-x', 'teams:x')({ text: 'link confirm' }))).toBe('No link is waiting for your confirmation. Type link to start one.');
    expect(texts(await teamsSec({ text: 'link confirm' }))).toBe('Confirmed here. Now type link confirm in your other chat.');
    expect(await rolesOf('teams', 'tn:aad-sec')).toEqual([]);
    expect(texts(await slackSec({ text: 'link confirm' }))).toContain('Linked: both chats are now one member.');
    expect(chat.to('teams:sec').map((m) => m.text)).toContain('Linked: both chats are now one member. Your groups, applications, pledges and roles follow you in both.');
    expect(await memberIdOf('teams', 'tn:aad-sec')).toBe(await memberIdOf('slack', 'T1:USEC'));
    expect(await rolesOf('teams', 'tn:aad-sec')).toEqual(['secretariat']);
    const linked = (await db.repositories.audit.list({ action: 'member.linked' })).filter((e) => e.details?.by === 'code');
    expect(linked.at(-1)).toMatchObject({ details: { confirmedInBoth: true, identities: ['slack:T1:USEC', 'teams:tn:aad-sec'] } });
    const links = (await teamsSec({ text: 'me' }))[0].fields!.find((f) => f.label === 'Linked accounts')!;
    expect(links.value).toMatch(/^.+: slack:T1:USEC with teams:tn:aad-sec \(link code\)$/);
  });

  it('a pending link of a role holder can be cancelled from either chat, and expires', async () => {
    const slackSec = person('slack', 'T1:USEC3', 'slack:T1:DSEC3');
    const other = person('local', 'sec3-local', 'local:sec3-local');
    const code = codeIn(await slackSec({ text: 'link' }));
    await other({ text: `link ${code}` });
    expect(texts(await other({ text: 'link cancel' }))).toBe('The link is cancelled: nothing was joined.');
    expect(texts(await slackSec({ text: 'link confirm' }))).toBe('No link is waiting for your confirmation. Type link to start one.');
    const again = codeIn(await slackSec({ text: 'link' }));
    await other({ text: `link ${again}` });
    await other({ text: 'link confirm' });
    now = new Date(now.getTime() + 16 * 60_000);
    expect(texts(await slackSec({ text: 'link confirm' }))).toBe('No link is waiting for your confirmation. Type link to start one.');
    expect(await memberIdOf('local', 'sec3-local')).not.toBe(await memberIdOf('slack', 'T1:USEC3'));
  });

  it('links two members without roles at once with the code, and both see the link', async () => {
    const a = person('slack', 'T1:UPLAIN', 'slack:T1:DPLAIN');
    const b = person('teams', 'tn:aad-plain', 'teams:plain');
    const code = codeIn(await a({ text: 'link' }));
    expect(texts(await b({ text: `link ${code}` }))).toContain('Linked: both chats are now one member.');
    expect(await memberIdOf('teams', 'tn:aad-plain')).toBe(await memberIdOf('slack', 'T1:UPLAIN'));
    const field = (await a({ text: 'me' }))[0].fields!.find((f) => f.label === 'Linked accounts')!;
    expect(field.value).toContain('slack:T1:UPLAIN with teams:tn:aad-plain (link code)');
  });
});
