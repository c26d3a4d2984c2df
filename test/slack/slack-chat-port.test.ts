// The Slack ChatPort and in-place decisions, in process: the adapter on a real server and
// database, the whole Bot (the secretariat's channel is on Slack), and the fake Slack Web API.
import { SlackAdapter } from '../../adapters/slack/slack-adapter';
import { systemClock } from '../../src/core/clock';
import { BotError } from '../../src/core/errors';
import { Bot } from '../../src/conversation/bot';
import type { IncomingMessage } from '../../src/core/messages';
import { loadCountryRegistry } from '../../src/data/countries';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { openDatabase, type Database } from '../../src/db/open-database';
import { HttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { ChatDispatcher } from '../../src/delivery/chat-dispatcher';
import { describeEachDatabase } from '../support/databases';
import { allText, FakeSlack, type SlackCall } from '../support/fake-slack';
import { SlackSender } from '../support/slack-requests';

const SECRET = 'chat-port-secret';

const EVIDENCE = 'We have connected 120 rural schools in Kenya since 2021 and trained 400 teachers in digital skills.';

describeEachDatabase('Slack ChatPort and in-place decisions', (getUrl) => {
  let slack: FakeSlack;
  let database: Database;
  let adapter: SlackAdapter;
  let server: HttpServer;
  let send: SlackSender;
  let bot: Bot;

  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    const coalition = loadCoalitionFile(defaultCoalitionFile);
    database = await openDatabase({ url: getUrl() });
    await database.repositories.coalition.sync(coalition);
    const log = createLogger('silent');
    const chat = new ChatDispatcher();
    bot = new Bot({
      repositories: database.repositories, coalition, countries: loadCountryRegistry(), clock: systemClock, chat,
      links: { calendar: (id) => `http://localhost/calendar/${id}.ics` },
      roleSeeds: [{ platform: 'slack', userId: 'U0SEC', role: 'secretariat', scope: '' }],
      secretariatChannels: ['slack:T0TEST:C0SEC'],
    });
    adapter = new SlackAdapter({ botToken: 'xoxb-port', signingSecret: SECRET, apiUrl: slack.apiUrl, port: bot, coalition, log });
    server = new HttpServer(log);
    adapter.register(server);
    chat.register('slack', adapter.chat);
    const port = await server.listen(0, '127.0.0.1');
    await adapter.start();
    send = new SlackSender(`http://127.0.0.1:${port}`, SECRET, slack.url);
  });

  afterAll(async () => {
    await adapter?.stop();
    await server?.close();
    await database?.close();
    await slack?.stop();
  });

  it('sends to a member through the DM it opens once, and updates the message by its reference', async () => {
    const mark = slack.calls.length;
    const { ref } = await adapter.chat.send('slack:T0TEST:U0ANN', { text: 'Your meeting starts in 1 hour.' });
    await adapter.chat.send('slack:T0TEST:U0ANN', { text: 'Second message' });
    const calls = slack.since(mark);
    expect(calls.map((c) => c.method)).toEqual(['conversations.open', 'chat.postMessage', 'chat.postMessage']);
    expect(calls[0].args.users).toBe('U0ANN');
    expect(calls[1].args.channel).toBe('D0ANN');
    expect(ref).toMatch(/^D0ANN:\d+\.\d+$/);

    await adapter.chat.update('slack:T0TEST:U0ANN', ref, { text: 'The meeting was moved.' });
    const update = slack.since(mark).find((c) => c.method === 'chat.update')!;
    expect(update.args).toMatchObject({ channel: 'D0ANN', ts: ref.split(':')[1] });
    expect(allText(update)).toContain('The meeting was moved.');
  });

  it('keeps the name and email Slack knows for a member (users.info), for linking identities later', async () => {
    slack.users.U0MAIL = { real_name: 'Mai Lin', email: 'mai@example.org' };
    const mark = slack.calls.length;
    await send.dm('U0MAIL', 'help');
    await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'chat.postMessage' && c.args.channel === 'D0MAIL');
    const found = await database.repositories.members.findByIdentity('slack', 'T0TEST:U0MAIL');
    expect(found?.identity).toMatchObject({ email: 'mai@example.org', emailVerified: true, displayName: 'Mai Lin', address: 'slack:T0TEST:U0MAIL' });
    expect(found?.member.name).toBe('Mai Lin');
  });

  it('posts to a channel directly (the digest channel)', async () => {
    const mark = slack.calls.length;
    await adapter.chat.send('slack:T0TEST:C0DIGEST', { title: 'Weekly digest', text: 'Three new applications.' });
    expect(slack.since(mark).map((c) => [c.method, c.args.channel])).toEqual([['chat.postMessage', 'C0DIGEST']]);
  });

  it('says why an address cannot be used: malformed, or unreachable', async () => {
    await expect(adapter.chat.send('slack:nonsense', { text: 'x' })).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    const gone = adapter.chat.send('slack:T0TEST:C0GONE', { text: 'x' });
    await expect(gone).rejects.toBeInstanceOf(BotError);
    await expect(gone).rejects.toMatchObject({ code: 'PLATFORM.UNREACHABLE', params: { error: 'channel_not_found' } });
  });

  it('an application reaches the secretariat channel in Slack, is approved by its button and updated in place; a member without the role changes nothing', async () => {
    // The applicant uses another chat (the local one): only the secretariat is on Slack here.
    const say = (text: string) => bot.handle({ platform: 'local', user: { externalId: 'ada', displayName: 'Ada' }, conversation: 'local:ada', directAddress: 'local:ada', text } as IncomingMessage);
    const applicant = (await database.repositories.members.upsertByIdentity({ platform: 'local', externalId: 'ada', address: 'local:ada' }, new Date(), { locale: 'en' })).member;
    await database.repositories.members.updateProfile(applicant.id, { name: 'Ada Lovelace', organization: 'Analytical Engines', category: 'academia', country: 'GBR', timeZone: 'Europe/London', profileCompletedAt: new Date() });
    let mark = slack.calls.length;
    for (const answer of ['join access', EVIDENCE, 'no', 'no', 'yes']) await say(answer);
    const done = await say('confirm');
    expect(done[0].tone).toBe('success');

    const posted = await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'chat.postMessage' && c.args.channel === 'C0SEC');
    expect(allText(posted)).toContain('Ada Lovelace');
    const buttons = (posted.args.blocks as { type: string; elements?: Record<string, string | object>[] }[]).find((b) => b.type === 'actions')!.elements!;
    const approve = buttons.find((b) => String(b.value).startsWith('approve '))!;
    expect(approve.style).toBe('primary');
    expect(buttons.some((b) => String(b.value).startsWith('reject ') && b.style === 'danger')).toBe(true);
    const stored = await database.prisma.postedMessage.findFirstOrThrow({ where: { address: 'slack:T0TEST:C0SEC' } });
    const ts = stored.ref.split(':')[1];
    const message = { channel: 'C0SEC', ts, blocks: posted.args.blocks, text: posted.args.text };
    const click = (user: string) => send.blockAction(user, message, { type: 'button', action_id: approve.action_id, value: approve.value, text: approve.text });

    mark = slack.calls.length;
    expect((await click('U0NOPE')).status).toBe(200);
    const refused = await slack.waitFor((c: SlackCall) => slack.calls.indexOf(c) >= mark && c.method === 'response_url');
    expect(allText(refused)).toContain('Only the secretariat can use approve.');
    expect(refused.args.response_type).toBe('ephemeral');
    expect(await database.repositories.memberships.ofMember(applicant.id)).toEqual([]);

    mark = slack.calls.length;
    expect((await click('U0SEC')).status).toBe(200);
    const update = await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'chat.update' && allText(c).includes('Approved by'));
    expect(update.args).toMatchObject({ channel: 'C0SEC', ts });
    expect((update.args.blocks as { type: string }[]).some((b) => b.type === 'actions')).toBe(false);
    expect((await database.repositories.memberships.ofMember(applicant.id)).map((m) => m.groupKey)).toEqual(['access']);
  });
});
