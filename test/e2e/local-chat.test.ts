// The real server, started as a process, driven over POST /local/messages.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localChatHeaders, startBot, tempSqliteUrl, type BotProcess } from '../support/bot-process';
import { describeEachDatabase } from '../support/databases';

const texts = (replies: { text: string }[]) => replies.map((r) => r.text).join('\n');

describe('local chat end to end (SQLite)', () => {
  let bot: BotProcess;
  beforeAll(async () => {
    bot = await startBot({ DATABASE_URL: tempSqliteUrl() });
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('answers /healthz with the database status', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: { provider: 'sqlite', reachable: true } });
  });

  it('lists the first commands with one line in help to a newcomer', async () => {
    const { status, replies } = await bot.say('ann', { text: 'help' });
    expect(status).toBe(200);
    expect(replies[0].title).toBe('What I can do');
    const names = replies[0].fields!.map((f) => f.label);
    expect(names).toEqual(expect.arrayContaining(['help [all]', 'profile', 'me']));
    expect(replies[0].fields!.every((f) => f.value.length > 0)).toBe(true);
  });

  it('suggests the nearest command for an unknown word', async () => {
    const { replies } = await bot.say('ann', { text: 'profle' });
    expect(replies[0]).toMatchObject({ tone: 'error', text: 'I don\'t know "profle". Did you mean profile?' });
    expect(replies[0].choices?.options).toEqual([{ label: 'profile', value: 'profile' }]);
  });

  it('completes the profile flow, with wrong answers getting specific errors', async () => {
    const user = 'ada';
    let r = await bot.say(user, { text: 'profile' });
    expect(texts(r.replies)).toContain('What is your full name?');

    r = await bot.say(user, { text: 'A' });
    expect(r.replies[0]).toMatchObject({ tone: 'error', text: 'That is too short: at least 2 characters, please.' });
    expect(r.replies[1].text).toContain('What is your full name?');

    r = await bot.say(user, { text: 'Ada Lovelace' });
    expect(texts(r.replies)).toContain('Which organization');
    r = await bot.say(user, { text: 'Analytical Engines Ltd' });
    expect(r.replies[0].choices?.options.map((o) => o.label)).toContain('Academia');

    r = await bot.say(user, { action: 'academia' });
    expect(texts(r.replies)).toContain('Which country');

    r = await bot.say(user, { text: 'Keniya' });
    expect(r.replies[0].tone).toBe('error');
    expect(r.replies[0].text).toContain('Did you mean Kenya');

    r = await bot.say(user, { text: 'KEN' });
    expect(texts(r.replies)).toContain('Which time zone');
    r = await bot.say(user, { text: 'Zurch' });
    expect(r.replies[0].text).toContain('Did you mean Europe/Zurich');
    r = await bot.say(user, { action: 'Europe/Zurich' });
    expect(texts(r.replies)).toContain('Which email');

    r = await bot.say(user, { text: 'ada@' });
    expect(r.replies[0].text).toBe('"ada@" doesn\'t look like an email address (name@example.org).');
    r = await bot.say(user, { text: 'ada@example.org' });
    expect(r.replies[0].title).toBe('Please check your answers.');
    expect(r.replies[0].fields).toEqual(
      expect.arrayContaining([
        { label: 'Name', value: 'Ada Lovelace' },
        { label: 'Stakeholder category', value: 'Academia' },
        { label: 'Country', value: 'Kenya' },
        { label: 'Time zone', value: 'Europe/Zurich' },
      ]),
    );
    r = await bot.say(user, { action: 'confirm' });
    expect(r.replies[0]).toMatchObject({ tone: 'success', text: 'Thank you, Ada Lovelace: your profile is saved.\nNext: apply to a working group with join, or see the groups first.' });

    r = await bot.say(user, { text: 'me' });
    expect(r.replies[0].fields).toEqual(
      expect.arrayContaining([
        { label: 'Organization', value: 'Analytical Engines Ltd' },
        { label: 'Email', value: 'ada@example.org' },
        { label: 'Roles', value: 'member' },
      ]),
    );
  });

  it('gives the demo secretariat identity its role', async () => {
    const { replies } = await bot.say('demo-secretariat', { text: 'me' });
    expect(replies[0].fields).toContainEqual({ label: 'Roles', value: 'secretariat' });
  });

  it('refuses malformed requests with a specific 4xx', async () => {
    const post = (body: string, type = 'application/json') => fetch(`${bot.url}/local/messages`, { method: 'POST', headers: { ...localChatHeaders(bot.token), 'content-type': type }, body });
    let res = await post('{not json');
    expect([res.status, (await res.json()).error]).toEqual([400, 'body is not valid JSON']);
    res = await post(JSON.stringify({ text: 'help' }));
    expect([res.status, (await res.json()).error]).toEqual([400, 'user: Required']);
    res = await post(JSON.stringify({ user: 'x', text: 'a', action: 'b' }));
    expect([res.status, (await res.json()).error]).toEqual([400, 'send exactly one of text, action or form']);
    res = await post('user=x', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
    res = await post(JSON.stringify({ user: 'x', text: 'a'.repeat(2 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    res = await fetch(`${bot.url}/nowhere`);
    expect(res.status).toBe(404);
  });

  it('serves the web chat page', async () => {
    const res = await fetch(`${bot.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});

describeEachDatabase('restarts', (getUrl) => {
  it('a process killed mid-flow is followed by one that resumes the same step', async () => {
    const databaseUrl = getUrl();
    const first = await startBot({ DATABASE_URL: databaseUrl });
    await first.say('grace', { text: 'profile' });
    await first.say('grace', { text: 'Grace Hopper' });
    const atCategory = await first.say('grace', { text: 'US Navy' });
    expect(texts(atCategory.replies)).toContain('stakeholder category');
    await first.stop('SIGKILL');

    const second = await startBot({ DATABASE_URL: databaseUrl });
    try {
      const resumed = await second.say('grace', { text: 'Member State' });
      expect(texts(resumed.replies)).toContain('Which country');
      const back = await second.say('grace', { text: 'back' });
      expect(texts(back.replies)).toContain('stakeholder category');
    } finally {
      await second.stop();
    }
  });

  it('two processes on one database share a conversation between two messages', async () => {
    const databaseUrl = getUrl();
    const [a, b] = [await startBot({ DATABASE_URL: databaseUrl }), await startBot({ DATABASE_URL: databaseUrl })];
    try {
      await a.say('lin', { text: 'profile' });
      expect(texts((await b.say('lin', { text: 'Lin Wei' })).replies)).toContain('Which organization');
      expect(texts((await a.say('lin', { text: 'Tsinghua University' })).replies)).toContain('stakeholder category');
      const state = await b.say('lin', { text: 'back' });
      expect(texts(state.replies)).toContain('Which organization');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe('signals', () => {
  it('SIGTERM stops the process cleanly', async () => {
    const bot = await startBot({ DATABASE_URL: tempSqliteUrl() });
    expect(await bot.stop('SIGTERM')).toBe(0);
  });
});

describe('refused start', () => {
  it('bad configuration: one message listing each problem, exit 1, no stack trace', async () => {
    const bot = await startBot({ PORT: '3978', DATABASE_URL: 'mysql://nope', TZ: 'Nowhere/Land', LOCAL_CHAT: 'perhaps' }, { waitHealthy: false });
    expect(await bot.exited).toBe(1);
    const out = bot.output();
    expect(out).toContain('Configuration is invalid:');
    expect(out).toContain('DATABASE_URL: expected file:<path> (SQLite) or postgresql://user@host:port/db, found "mysql://nope"');
    expect(out).toContain('TZ: expected an IANA time zone');
    expect(out).toContain('LOCAL_CHAT: expected on or off');
    expect(out).not.toMatch(/\n\s+at /);
  });

  it('a broken coalition file: every problem with its path, exit 1', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'coalition-')), 'broken.yaml');
    writeFileSync(file, 'id: broken\nname: ""\nfocusAreas: []\n');
    const bot = await startBot({ COALITION_FILE: file, DATABASE_URL: tempSqliteUrl() }, { waitHealthy: false });
    expect(await bot.exited).toBe(1);
    const out = bot.output();
    expect(out).toContain(`Coalition file ${file} is invalid:`);
    expect(out).toMatch(/focusAreas/);
    expect(out).toMatch(/stakeholderCategories/);
    expect(out).not.toMatch(/\n\s+at /);
  });
});
