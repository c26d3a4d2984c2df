// An email a platform can look up but not vouch for (Teams' roster) is asked after the turn is
// answered: the answer never waits on it, what it finds fills empty fields only, an identity
// without one is not asked on every message, and it never links members. The Bot in-process
// with the real database, fed turns as the Teams adapter hands them in.
import type { OutgoingMessage } from '../../src/core/messages';
import type { ChatPort } from '../../src/core/ports';
import { Bot } from '../../src/conversation/bot';
import { ASK_EVERY_MS, EmailLookups, MAX_WAIT_MS } from '../../src/conversation/email-lookups';
import type { Turn } from '../../src/conversation/inbound-port';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { loadCountryRegistry } from '../../src/data/countries';
import { openDatabase, type Database } from '../../src/db/open-database';
import { describeEachDatabase } from '../support/databases';
import { eventually } from '../support/eventually';

const chat: ChatPort = { send: async () => ({ ref: 'ref' }), update: async () => {} };

/** A lookup the test answers when it wants, counting how often it was asked. */
function roster() {
  const asked: ((email: string | undefined) => void)[] = [];
  return {
    asked,
    lookup: () => new Promise<string | undefined>((resolve) => asked.push(resolve)),
  };
}

describeEachDatabase('emails looked up after the answer', (getUrl) => {
  let db: Database;
  let bot: Bot;
  let now = new Date('2030-03-01T08:00:00Z');
  const failures: unknown[] = [];

  beforeAll(async () => {
    db = await openDatabase({ url: getUrl() });
    const coalition = loadCoalitionFile(defaultCoalitionFile);
    await db.repositories.coalition.sync(coalition);
    bot = new Bot({ repositories: db.repositories, coalition, countries: loadCountryRegistry(), clock: { now: () => now }, chat, links: { calendar: (id) => `http://localhost/calendar/${id}.ics` }, afterTurnFailed: (error) => failures.push(error) });
  });
  afterAll(async () => {
    await db?.close();
  });

  const turn = (externalId: string, text: string, lookupEmail?: Turn['lookupEmail'], user: Partial<Turn['user']> = {}): Promise<{ replies: OutgoingMessage[] }> =>
    bot.turn({ platform: 'teams', user: { externalId, displayName: externalId, ...user }, conversation: `teams:${externalId}`, directAddress: `teams:${externalId}`, text, ...(lookupEmail ? { lookupEmail } : {}) });
  const stored = async (externalId: string) => (await db.repositories.members.findByIdentity('teams', externalId))!;

  it('answers before the roster does, then stores its email, unverified, on the identity and the member', async () => {
    const r = roster();
    const answer = await turn('tn:ada', 'help', r.lookup);
    expect(answer.replies.length).toBeGreaterThan(0);
    // The member exists and was answered; the roster has not answered yet.
    expect((await stored('tn:ada')).identity.email).toBeNull();
    await eventually(() => r.asked.length === 1, 'the roster asked');
    r.asked[0]('ada@contoso.example');
    await bot.settled();
    const { identity, member } = await stored('tn:ada');
    expect(identity).toMatchObject({ email: 'ada@contoso.example', emailVerified: false });
    expect(member.email).toBe('ada@contoso.example');
    // Stored now: never asked again.
    await turn('tn:ada', 'help', r.lookup);
    await bot.settled();
    expect(r.asked).toHaveLength(1);
  });

  it('keeps an email the member gave themselves', async () => {
    const r = roster();
    await turn('tn:lin', 'help', r.lookup);
    const { member } = await stored('tn:lin');
    await db.repositories.members.updateProfile(member.id, { email: 'lin@own.example' });
    await eventually(() => r.asked.length === 1, 'the roster asked');
    r.asked[0]('lin@contoso.example');
    await bot.settled();
    const after = await stored('tn:lin');
    expect(after.member.email).toBe('lin@own.example');
    expect(after.identity.email).toBe('lin@contoso.example');
  });

  it('asks a roster without an email again only after a while', async () => {
    const r = roster();
    await turn('tn:mae', 'help', r.lookup);
    await eventually(() => r.asked.length === 1, 'the roster asked');
    r.asked[0](undefined);
    await bot.settled();
    now = new Date(now.getTime() + ASK_EVERY_MS - 1000);
    await turn('tn:mae', 'help', r.lookup);
    await bot.settled();
    expect(r.asked).toHaveLength(1);
    now = new Date(now.getTime() + 2000);
    await turn('tn:mae', 'help', r.lookup);
    await eventually(() => r.asked.length === 2, 'the roster asked');
    r.asked[1]('mae@contoso.example');
    await bot.settled();
    expect((await stored('tn:mae')).identity.email).toBe('mae@contoso.example');
  });

  it('never links: a roster email equal to another member\'s verified one stays on its own member', async () => {
    await bot.turn({ platform: 'slack', user: { externalId: 'T1:UKIM', displayName: 'Kim', email: 'kim@example.org', emailVerified: true }, conversation: 'slack:T1:DKIM', directAddress: 'slack:T1:DKIM', text: 'help' });
    const r = roster();
    await turn('tn:kim', 'help', r.lookup);
    await eventually(() => r.asked.length === 1, 'the roster asked');
    r.asked[0]('kim@example.org');
    await bot.settled();
    await turn('tn:kim', 'help', r.lookup);
    const slackKim = (await db.repositories.members.findByIdentity('slack', 'T1:UKIM'))!;
    const teamsKim = await stored('tn:kim');
    expect(teamsKim.identity).toMatchObject({ email: 'kim@example.org', emailVerified: false });
    expect(teamsKim.member.id).not.toBe(slackKim.member.id);
  });

  it('lets turns being answered go first, waiting for them at most MAX_WAIT_MS', async () => {
    const { identity } = await db.repositories.members.upsertByIdentity({ platform: 'teams', externalId: 'tn:eve' }, now, { locale: 'en' });
    const { identity: other } = await db.repositories.members.upsertByIdentity({ platform: 'teams', externalId: 'tn:fay' }, now, { locale: 'en' });
    let busy = true;
    const lookups = new EmailLookups(db.repositories.members, { now: () => now }, (error) => failures.push(error), () => busy);
    const asked: string[] = [];
    lookups.ask(identity, async () => (asked.push('eve'), 'eve@contoso.example'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(asked).toEqual([]);
    busy = false;
    await eventually(() => asked.length === 1, 'asked once no turn is in flight');
    // Turns without end: asked anyway once MAX_WAIT_MS has passed.
    busy = true;
    const started = Date.now();
    lookups.ask(other, async () => (asked.push('fay'), 'fay@contoso.example'));
    await lookups.settled();
    expect(asked).toEqual(['eve', 'fay']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(MAX_WAIT_MS - 50);
    expect((await stored('tn:fay')).identity.email).toBe('fay@contoso.example');
  });

  it('reports a failure to the bot\'s owner and leaves the turn answered', async () => {
    const answer = await turn('tn:bob', 'help', () => Promise.reject(new Error('roster down')));
    expect(answer.replies.length).toBeGreaterThan(0);
    await bot.settled();
    expect(failures).toEqual([expect.objectContaining({ message: 'roster down' })]);
    expect((await stored('tn:bob')).identity.email).toBeNull();
  });
});
