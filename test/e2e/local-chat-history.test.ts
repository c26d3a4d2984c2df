// The local chat's kept conversations on the whole app (real HTTP, both databases): each local
// user's messages in both directions come back from GET /local/history, only their own;
// what the bot sends on its own waits in the database, so a restart of the app loses none,
// is read once, and is replaced while unread; the newest 200 per user are kept; reads are
// refused without the token, with a bad parameter, or too often.
import type { OutgoingMessage } from '../../src/core/messages';
import { LOCAL_CHAT_HISTORY_LIMIT } from '../../src/core/local-chat/local-chat-ports';
import { HISTORY_READS_PER_MINUTE } from '../../adapters/local/local-adapter';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { tableRows } from '../support/table-counts';

type Entry =
  | { id: number; at: string; from: 'member'; text: string }
  | { id: number; at: string; from: 'bot'; proactive: boolean; message: OutgoingMessage };

const START = '2026-11-02T09:00:00Z';

describeEachDatabase('local chat history', (getUrl) => {
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    url = getUrl();
    t = await startTestApp(url, START);
  });
  afterAll(() => t.stop());

  /** POST /local/messages with any body (the page also sends `shown`). */
  async function post(body: Record<string, unknown>): Promise<OutgoingMessage[]> {
    const res = await fetch(`${t.url}/local/messages`, { method: 'POST', headers: t.headers, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { replies: OutgoingMessage[] }).replies;
  }

  async function history(query: string, headers: Record<string, string> = t.headers): Promise<{ status: number; messages: Entry[]; error?: string; retryAfter: string | null }> {
    const res = await fetch(`${t.url}/local/history?${query}`, { headers });
    const json = (await res.json()) as { messages?: Entry[]; error?: string };
    return { status: res.status, messages: json.messages ?? [], error: json.error, retryAfter: res.headers.get('retry-after') };
  }

  const said = (entries: Entry[]) => entries.map((e) => (e.from === 'member' ? `> ${e.text}` : `${e.proactive ? '(sent) ' : ''}${e.message.title ?? e.message.text}`));

  it("keeps each user's conversation, both directions in order, and gives each user only their own", async () => {
    // An empty text (the page asking where things stand) is answered but not kept as said.
    const greeting = await post({ user: 'ann', text: '' });
    const help = await post({ user: 'ann', text: 'help' });
    // A button: the page sends the value and how it showed it.
    const profile = await post({ user: 'ann', action: 'profile', shown: 'Profile' });
    await post({ user: 'bob', text: 'me' });
    await post({ user: 'bob', action: 'profile' });

    const ann = await history('user=ann');
    expect(ann.status).toBe(200);
    expect(said(ann.messages)).toEqual([
      ...greeting.map((m) => m.title ?? m.text),
      '> help',
      ...help.map((m) => m.title ?? m.text),
      '> Profile',
      ...profile.map((m) => m.title ?? m.text),
    ]);
    // The replies come back whole, as they were sent (fields, buttons).
    const helpEntry = ann.messages.find((e) => e.from === 'bot' && e.message.title === help[0].title)!;
    expect(helpEntry).toMatchObject({ from: 'bot', proactive: false, message: help[0] });
    // Ids rise with the conversation; times are the app's clock.
    const ids = ann.messages.map((e) => e.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ann.messages.map((e) => e.at))).toEqual(new Set([START.replace('Z', '.000Z')]));

    // Bob's history is his: an action sent without `shown` is kept as its value.
    const bob = await history('user=bob');
    expect(said(bob.messages).filter((l) => l.startsWith('> '))).toEqual(['> me', '> profile']);
    expect(JSON.stringify(bob.messages)).not.toContain('What I can do');
    expect(said(ann.messages)).not.toContain('> me');

    // After an id, and the newest n.
    const third = ann.messages[2].id;
    expect((await history(`user=ann&after=${third}`)).messages.map((e) => e.id)).toEqual(ids.filter((id) => id > third));
    expect((await history('user=ann&limit=2')).messages.map((e) => e.id)).toEqual(ids.slice(-2));
    expect((await history('user=nobody-here')).messages).toEqual([]);

    // With the token the page is offered the other users who have a conversation; without it, nobody.
    const listed = (await (await fetch(`${t.url}/local/identities`, { headers: t.headers })).json()) as { identities: { user: string }[]; others: string[] };
    expect(listed.identities.map((i) => i.user)).toEqual(['demo-member', 'demo-chair', 'demo-secretariat']);
    expect(listed.others).toEqual(['bob', 'ann']);
    expect(((await (await fetch(`${t.url}/local/identities`)).json()) as { others: string[] }).others).toEqual([]);
  });

  it('keeps what the bot sends on its own in the database: a restart loses none, each is read once, an unread one is replaced', async () => {
    const chat = () => t.app.chat;
    const before = new Date(t.clock.now().getTime() - 60_000);
    await chat().send('local:carol', { text: 'Reminder: Access call tomorrow at 14:00' }, { deliveryKey: 'reminder-1' });
    const { ref } = await chat().send('local:carol', { text: 'Application from Dan: waiting' });
    await chat().update('local:carol', ref, { text: 'Application from Dan: approved' });
    // A delivery named by its key is found again (after a crash between send and "sent").
    expect(await chat().findSent('local:carol', 'reminder-1', before)).toEqual({ ref: expect.stringMatching(/^\d+$/) });
    expect(await chat().findSent('local:carol', 'reminder-2', before)).toBeNull();
    expect(await chat().findSent('local:dan', 'reminder-1', before)).toBeNull();

    // The app stops and starts again on the same database.
    await t.stop();
    t = await startTestApp(url, START);

    expect((await t.inbox('carol')).map((m) => m.text)).toEqual(['Reminder: Access call tomorrow at 14:00', 'Application from Dan: approved']);
    expect(await t.inbox('carol')).toEqual([]);
    // Read, it can no longer change under the reader's eyes: a new version comes as a new message.
    await t.app.chat.update('local:carol', ref, { text: 'Application from Dan: approved (by the secretariat)' });
    expect((await t.inbox('carol')).map((m) => m.text)).toEqual(['Application from Dan: approved (by the secretariat)']);

    // Reading the history counts as reading: the inbox does not show it a second time.
    await t.app.chat.send('local:carol', { text: 'Meeting cancelled' });
    const kept = await history('user=carol');
    expect(said(kept.messages)).toEqual([
      '(sent) Reminder: Access call tomorrow at 14:00',
      '(sent) Application from Dan: approved',
      '(sent) Application from Dan: approved (by the secretariat)',
      '(sent) Meeting cancelled',
    ]);
    expect(await t.inbox('carol')).toEqual([]);
  });

  it(`keeps the newest ${LOCAL_CHAT_HISTORY_LIMIT} messages of each user`, async () => {
    for (let i = 1; i <= LOCAL_CHAT_HISTORY_LIMIT + 5; i++) await t.app.chat.send('local:erin', { text: `Notice ${i}` });
    await t.app.chat.send('local:frank', { text: 'Only one' });
    const erin = await history('user=erin');
    expect(erin.messages).toHaveLength(LOCAL_CHAT_HISTORY_LIMIT);
    expect(said(erin.messages)[0]).toBe('(sent) Notice 6');
    expect(said(erin.messages).at(-1)).toBe(`(sent) Notice ${LOCAL_CHAT_HISTORY_LIMIT + 5}`);
    const rows = await tableRows(url, 'LocalChatMessage');
    expect(rows.filter((r) => r.user === 'erin')).toHaveLength(LOCAL_CHAT_HISTORY_LIMIT);
    expect(rows.filter((r) => r.user === 'frank')).toHaveLength(1);
  });

  it('refuses a read without the token, with a bad parameter, or too often, saying which and why', async () => {
    expect((await history('user=ann', {})).status).toBe(401);
    expect(await history('user=ann', { authorization: 'Bearer wrong-token-0000000000000000' })).toMatchObject({ status: 401, error: expect.stringMatching(/token/) });
    for (const [query, error] of [
      ['', 'user is required'],
      ['user=ann%20smith', 'user: letters, digits, and . _ @ - only'],
      [`user=${'a'.repeat(65)}`, 'user: at most 64 characters'],
      ['user=ann&after=-1', 'after: a message id (a whole number)'],
      ['user=ann&after=two', 'after: a message id (a whole number)'],
      ['user=ann&limit=0', `limit: a whole number from 1 to ${LOCAL_CHAT_HISTORY_LIMIT}`],
      [`user=ann&limit=${LOCAL_CHAT_HISTORY_LIMIT + 1}`, `limit: a whole number from 1 to ${LOCAL_CHAT_HISTORY_LIMIT}`],
      ['user=ann&all=1', 'unknown parameter all: use user, after and limit'],
    ]) {
      expect([query, await history(query)]).toEqual([query, expect.objectContaining({ status: 400, error })]);
    }

    // A new minute, then as many reads as allowed, and one more.
    t.clock.advance(61_000);
    for (let i = 0; i < HISTORY_READS_PER_MINUTE; i++) expect((await history('user=gina')).status).toBe(200);
    const refused = await history('user=gina');
    expect(refused).toMatchObject({ status: 429, error: expect.stringContaining(`at most ${HISTORY_READS_PER_MINUTE} a minute`) });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // Another user is not held back by gina's reads; gina reads again once the minute has passed.
    expect((await history('user=hank')).status).toBe(200);
    t.clock.advance(61_000);
    expect((await history('user=gina')).status).toBe(200);
  });
});
