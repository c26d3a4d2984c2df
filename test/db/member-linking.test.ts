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
      roleSeeds: [{ platform: 'slack', userId: 'USEC', role: 'secretariat', scope: '' }],
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
    expect(chat.to('teams:kim').map((m) => m.text)).toContain('Good news: your application to Access Working Group is approved. You are now a member; type my groups to see your groups.');
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
});
