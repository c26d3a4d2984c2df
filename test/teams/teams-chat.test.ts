// The real server, started as a process with an app id, driven with Bot Framework activities
// over POST /api/messages, each signed by a loopback Bot Framework issuer and validated by
// botbuilder as in production; what it sends goes to a fake Bot Framework connector on loopback
// that accepts only calls carrying the bot's own token.
import { translator } from '../../src/conversation/catalog/catalog';
import { openDatabase } from '../../src/db/open-database';
import { tempSqliteUrl } from '../support/bot-process';
import type { FakeConnector } from '../support/fake-connector';
import { activities, BOT_ID, cardActions, cardOf, cardText, teamsUser, TENANT, type TeamsUser } from '../support/teams-activities';
import { startTeamsBot, type TeamsBot } from '../support/teams-bot';

let t: TeamsBot;
let connector: FakeConnector;
const databaseUrl = tempSqliteUrl();

beforeAll(async () => {
  t = await startTeamsBot({ DATABASE_URL: databaseUrl });
  connector = t.connector;
});
afterAll(async () => {
  await t?.stop();
});

const exchange = (activity: Record<string, any>) => t.exchange(activity);

const say = (user: TeamsUser, text: string) => exchange(activities.personalMessage(user, connector.url, text));
const click = (user: TeamsUser, value: Record<string, unknown>) => exchange(activities.cardSubmit(user, connector.url, value));

describe('Teams personal chat', () => {
  it('answers help with a card listing every command, replying in the same conversation', async () => {
    const user = teamsUser('Ann');
    const { sent, cards } = await say(user, 'help');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', conversationId: user.chat });
    expect(sent[0].body).toMatchObject({ type: 'message', replyToId: expect.any(String) });
    const facts = cards[0].body.find((e: any) => e.type === 'FactSet').facts.map((f: any) => f.title);
    expect(facts).toEqual(expect.arrayContaining(['help [all]', 'profile', 'me']));
    expect(cards[0]).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
  });

  it('completes the profile flow by typing, with a wrong answer getting a specific error', async () => {
    const user = teamsUser('Ada Lovelace');
    expect((await say(user, 'profile')).text).toContain('What is your full name?');
    const short = await say(user, 'A');
    expect(short.text).toContain('That is too short: at least 2 characters, please.');
    expect(short.cards[0].body[0]).toMatchObject({ color: 'Attention' });
    expect((await say(user, 'Ada Lovelace')).text).toContain('Which organization');
    const category = await say(user, 'Analytical Engines Ltd');
    expect(cardActions(category.cards[0]).map((a) => a.title)).toContain('Academia');
    expect((await say(user, 'Academia')).text).toContain('Which country');
    expect((await say(user, 'Kenya')).text).toContain('Which time zone');
    expect((await say(user, 'Africa/Nairobi')).text).toContain('Which email');
    const summary = await say(user, 'ada@example.org');
    expect(summary.text).toContain('Please check your answers.');
    expect(summary.text).toContain('Country: Kenya');
    expect((await say(user, 'confirm')).text).toContain('Thank you, Ada Lovelace: your profile is saved.');
    const me = await say(user, 'me');
    expect(me.text).toContain('Organization: Analytical Engines Ltd');
    expect(me.text).toContain('Email: ada@example.org');
  });

  it('takes card buttons (Action.Submit values) as answers', async () => {
    const user = teamsUser('Grace Hopper');
    await say(user, 'profile');
    await say(user, 'Grace Hopper');
    const category = await say(user, 'US Navy');
    const academia = cardActions(category.cards[0]).find((a) => a.title === 'Academia')!;
    expect(academia).toMatchObject({ type: 'Action.Submit', data: { action: 'academia' } });
    expect((await click(user, academia.data)).text).toContain('Which country');
    expect((await say(user, 'cancel')).text).toContain('Cancelled');
  });

  it('fills the profile as a card form (Action.Execute invoke), refusing a bad field with its error in place', async () => {
    const user = teamsUser('Lin Wei');
    const opened = await exchange(activities.actionExecute(user, connector.url, { openForm: 'profile' }, 'openForm'));
    // An invoke is answered in its HTTP response, not through the connector.
    expect(opened.sent).toHaveLength(0);
    expect(opened.response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const form = opened.response.body!.value;
    const ids = form.body.filter((e: any) => String(e.type).startsWith('Input.')).map((e: any) => e.id);
    expect(ids).toEqual(['name', 'organization', 'category', 'country', 'timeZone', 'email']);
    const submit = cardActions(form)[0];
    expect(submit).toMatchObject({ type: 'Action.Submit', data: { form: 'profile' } });

    const values = { name: 'Lin Wei', organization: 'Tsinghua University', category: 'academia', country: 'China', timeZone: 'Asia/Shanghai' };
    const bad = await exchange(activities.actionExecute(user, connector.url, { ...submit.data, ...values, email: 'lin@' }));
    const badCard = bad.response.body!.value;
    expect(cardText(badCard)).toContain('Some answers need a change');
    const emailIndex = badCard.body.findIndex((e: any) => e.id === 'email');
    expect(badCard.body[emailIndex]).toMatchObject({ value: 'lin@' });
    expect(badCard.body[emailIndex + 1]).toMatchObject({ type: 'TextBlock', color: 'Attention', text: '"lin@" doesn\'t look like an email address (name@example.org).' });
    expect(badCard.body.find((e: any) => e.id === 'name')).toMatchObject({ value: 'Lin Wei' });

    const good = await exchange(activities.actionExecute(user, connector.url, { ...submit.data, ...values, email: 'lin@example.org' }));
    expect(cardText(good.response.body!.value)).toContain('Thank you, Lin Wei: your profile is saved.');
    expect((await say(user, 'me')).text).toContain('Country: China');
  });

  it('fills the profile by submitting the form card as a message (Action.Submit)', async () => {
    const user = teamsUser('Mae Jemison');
    const bad = await click(user, { form: 'profile', name: 'M', organization: 'NASA', category: 'academia', country: 'USA', timeZone: 'America/Chicago' });
    expect(bad.text).toContain('That is too short: at least 2 characters, please.');
    const good = await click(user, { form: 'profile', name: 'Mae Jemison', organization: 'NASA', category: 'academia', country: 'USA', timeZone: 'America/Chicago', email: '' });
    expect(good.text).toContain('Thank you, Mae Jemison');
  });

  it('answers card data it cannot read with a specific error', async () => {
    const user = teamsUser('Eve');
    const { text } = await click(user, { surprise: true });
    expect(text).toContain("I couldn't read that card: card data without action, form or choice.");
    expect((await click(user, { openForm: 'no-such-flow' })).text).toContain('That form is not available any more.');
  });

  it('neutralises mentions and links a member typed before showing them on a card', async () => {
    const user = teamsUser('Mallory');
    const { text } = await say(user, '<at>Everyone</at>[click](https://evil.example)');
    expect(text).not.toContain('<at>');
    expect(text).not.toContain('](');
  });
});

describe('Teams installs and channels', () => {
  it('sends a welcome card that starts the profile when the bot is installed', async () => {
    const user = teamsUser('New Member');
    const { sent, cards } = await exchange(activities.install(user, connector.url));
    expect(sent).toHaveLength(1);
    expect(sent[0].conversationId).toBe(user.chat);
    expect(cardText(cards[0])).toContain('Welcome to');
    const actions = cardActions(cards[0]);
    // The profile, a button per language of the coalition (each named in itself), the profile as a form.
    expect(actions.map((a) => a.data)).toEqual([{ action: 'profile' }, ...['en', 'fr', 'es', 'ar'].map((l) => ({ action: `language ${l}` })), { openForm: 'profile' }]);
    expect(actions.map((a) => a.title)).toEqual(expect.arrayContaining(['Français', 'Español', 'العربية']));
    expect((await click(user, actions[0].data)).text).toContain('What is your full name?');
  });

  it("writes in the member's Teams language: the welcome on install, then every reply, until the member chooses", async () => {
    const user = teamsUser('Nouveau Membre');
    const install = activities.install(user, connector.url);
    install.locale = 'fr-FR';
    const { cards } = await exchange(install);
    expect(cardText(cards[0])).toContain(translator('fr')('teams.welcome.title', { bot: 'P2C Bot' }));
    const spanish = activities.personalMessage(user, connector.url, 'help');
    spanish.locale = 'es-BO';
    const help = await exchange(spanish);
    expect(cardText(help.cards[0]!)).toContain(translator('es')('help.title'));
    // Chosen by its button: kept over the activity's locale.
    const chose = await click(user, { action: 'language ar' });
    expect(chose.text).toContain('العربية');
    const again = activities.personalMessage(user, connector.url, 'help');
    again.locale = 'es-BO';
    expect(cardText((await exchange(again)).cards[0]!)).toContain(translator('ar')('help.title'));
  });

  it('keeps the reference on install, and marks the member unreachable when they remove the bot', async () => {
    const user = teamsUser('Leaving Member');
    await exchange(activities.install(user, connector.url));
    const uninstall = activities.install(user, connector.url);
    delete uninstall.membersAdded;
    uninstall.membersRemoved = [{ id: BOT_ID }];
    const removed = await exchange(uninstall);
    expect(removed.sent).toHaveLength(0);
    const db = await openDatabase({ url: databaseUrl });
    try {
      const found = await db.repositories.members.findByIdentity('teams', `${TENANT}:${user.aadObjectId}`);
      expect(found!.identity.address).toMatch(/^teams:/);
      expect(found!.identity.unreachableAt).toBeInstanceOf(Date);
    } finally {
      await db.close();
    }
    // Writing to the bot again makes the member reachable again.
    await say(user, 'help');
    const db2 = await openDatabase({ url: databaseUrl });
    try {
      expect((await db2.repositories.members.findByIdentity('teams', `${TENANT}:${user.aadObjectId}`))!.identity.unreachableAt).toBeNull();
    } finally {
      await db2.close();
    }
  });

  it('runs a channel @mention with the mention stripped and answers in the personal chat', async () => {
    const user = teamsUser('Katherine Johnson');
    const before = connector.calls.length;
    const mention = activities.channelMention(user, connector.url, 'help');
    const response = await t.post(mention);
    expect(response.status).toBe(200);
    const calls = connector.calls.slice(before);
    // No personal chat known yet: the bot opens one (POST v3/conversations) with the member.
    const created = calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations')!;
    expect(created.body).toMatchObject({ isGroup: false, bot: { id: BOT_ID }, members: [{ id: user.id }], tenantId: TENANT });
    const sentToChat = calls.filter((c) => c.path.includes('/activities') && c.conversationId?.startsWith('a:fake-'));
    expect(sentToChat).toHaveLength(1);
    expect(cardText(cardOf(sentToChat[0].body))).toContain('What I can do');
    const inThread = calls.filter((c) => c.conversationId === mention.conversation.id);
    expect(inThread).toHaveLength(1);
    expect(cardText(cardOf(inThread[0].body))).toBe('I have answered you in our personal chat.');

    // A flow started from the channel continues in the personal chat, found again from the database.
    const start = await t.post(activities.channelMention(user, connector.url, 'profile'));
    expect(start.status).toBe(200);
    const chatId = sentToChat[0].conversationId!;
    const inChat = connector.activities(chatId);
    expect(inChat.length).toBeGreaterThan(1);
    expect(inChat.map((c) => cardText(cardOf(c.body))).join('\n')).toContain('What is your full name?');
    // Proactive sends are new messages in the chat, not replies to a made-up activity id.
    expect(inChat.every((c) => c.activityId === undefined && c.body.replyToId === undefined)).toBe(true);
    expect(connector.calls.slice(before).filter((c) => c.path === '/v3/conversations')).toHaveLength(1);
  });
});

describe('Teams delivery and fencing', () => {
  it('retries a reply the connector answered with 429 and Retry-After, and delivers it once', async () => {
    const user = teamsUser('Retry Person');
    connector.failNext(1, { status: 429, retryAfterSeconds: 1 });
    const failedBefore = connector.failedCalls;
    const { sent, text } = await say(user, 'help');
    expect(connector.failedCalls - failedBefore).toBe(1);
    expect(sent).toHaveLength(1);
    expect(text).toContain('What I can do');
  });

  it('gives up after a bounded number of attempts when the connector keeps answering 429', async () => {
    const user = teamsUser('Always Limited');
    connector.failNext(100, { status: 429, retryAfterSeconds: 0 });
    const failedBefore = connector.failedCalls;
    const response = await t.post(activities.personalMessage(user, connector.url, 'help'));
    const failed = connector.failedCalls - failedBefore;
    connector.clearFailures();
    expect(response.status).toBe(500);
    // The log line travels through a pipe: wait for it, a bounded while.
    for (let i = 0; i < 50 && !t.bot.output().includes('Teams turn failed'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(t.bot.output()).toContain('Teams connector still answered 429 after 3 attempts');
    expect(failed).toBeGreaterThan(1);
    expect(failed).toBeLessThanOrEqual(12);
  });

  it('refuses bodies that are not activities with a specific 4xx', async () => {
    const post = (body: string, type = 'application/json') => fetch(`${t.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': type }, body });
    let res = await post('{nope');
    expect([res.status, (await res.json()).error]).toEqual([400, 'body is not valid JSON']);
    res = await post('[]');
    expect(res.status).toBe(400);
    res = await post('a=b', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
  });
});
