// The local chat, over HTTP: a link code handed to the secretariat is refused, nothing joined,
// roles unchanged; the secretariat's own code joins another chat only after both confirm.
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { tableCounts } from '../support/table-counts';
import type { OutgoingMessage } from '../../src/core/messages';

const texts = (replies: OutgoingMessage[]) => replies.map((r) => [r.title, r.text, ...(r.fields ?? []).map((f) => `${f.label}: ${f.value}`)].filter(Boolean).join('\n')).join('\n');

describeEachDatabase('linking chats through the local chat', (getUrl) => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    url = getUrl();
    t = await startTestApp(url, '2026-12-01T10:00:00Z');
  });
  afterAll(async () => {
    await t?.stop();
  });

  const say = async (user: string, text: string) => texts(await t.say(user, { text }));
  const memberOf = async (user: string) => (await t.app.database.repositories.members.findByIdentity('local', user))!.member.id;
  const rolesOf = async (user: string) => (await t.app.database.repositories.roles.rolesOf(await memberOf(user))).map((r) => r.role);

  it('refuses the secretariat typing a code someone else made: nothing joined, roles unchanged', async () => {
    await say('demo-secretariat', 'me');
    const code = /Your code is (\w+)/.exec(await say('mallory', 'link'))![1];
    const before = await tableCounts(url);
    expect(await say('demo-secretariat', `link ${code}`)).toContain('You hold a role (secretariat), so a link to your account must start from this chat');
    expect(await memberOf('mallory')).not.toBe(await memberOf('demo-secretariat'));
    expect(await rolesOf('mallory')).toEqual([]);
    expect(await rolesOf('demo-secretariat')).toEqual(['secretariat']);
    const after = await tableCounts(url);
    // Only the used-up code, the audit of the refusal and the local chat's kept conversation changed.
    expect({ ...after, LinkCode: before.LinkCode, AuditEntry: before.AuditEntry, LocalChatMessage: before.LocalChatMessage }).toEqual(before);
    expect(after.LinkCode).toBe(before.LinkCode - 1);
    expect(after.AuditEntry).toBe(before.AuditEntry + 1);
    // The secretariat's `link <code>` and the bot's refusal.
    expect(after.LocalChatMessage).toBe(before.LocalChatMessage + 2);
    expect(await say('mallory', 'me')).toContain('Roles: member');
  });

  it('joins the secretariat with another chat from its own code only after both confirm, and both see the link', async () => {
    const code = /Your code is (\w+)/.exec(await say('demo-secretariat', 'link'))![1];
    expect(await say('sec-laptop', `link ${code}`)).toContain('To finish, type link confirm here and in your other chat');
    expect(await t.inbox('demo-secretariat')).toContainEqual(expect.objectContaining({ text: expect.stringContaining('Your link code was typed in a chat on local') }));
    expect(await say('sec-laptop', 'link confirm')).toBe('Confirmed here. Now type link confirm in your other chat.');
    expect(await rolesOf('sec-laptop')).toEqual([]);
    expect(await say('demo-secretariat', 'link confirm')).toContain('Linked: both chats are now one member.');
    expect(await memberOf('sec-laptop')).toBe(await memberOf('demo-secretariat'));
    expect(await say('sec-laptop', 'me')).toMatch(/Linked accounts: .+: local:demo-secretariat with local:sec-laptop \(link code\)/);
  });

  it('a link code typed in the middle of a question that takes any text links and asks the question again; other words after link ask first', async () => {
    const code = /Your code is (\w+)/.exec(await say('ngozi-phone', 'link'))![1]!;
    // The question without its default, which after the link is the kept member's name.
    const question = (await t.say('ngozi-laptop', { text: 'profile' })).at(-1)!.text.split('\n')[0]!;
    // As the member may copy it: grouped, in small letters with a digit, or in capitals.
    const typed = /\d/.test(code) ? `${code.slice(0, 4).toLowerCase()}-${code.slice(4).toLowerCase()}` : `${code.slice(0, 4)} ${code.slice(4)}`;
    const linked = await t.say('ngozi-laptop', { text: `link ${typed}` });
    expect(texts(linked)).toContain('Linked: both chats are now one member.');
    expect(linked.at(-1)!.text.split('\n')).toContain(question);
    // A name that starts with "link": asked first, nothing taken as a code.
    const asked = await say('ngozi-laptop', 'link Mandates');
    expect(asked).toContain('Stop it and');
    expect(asked).not.toContain('That code');
    expect((await t.say('ngozi-laptop', { text: 'no' })).at(-1)!.text.split('\n')).toContain(question);
  });
});
