// The attacks of the security review, sent as the attacker sent them, at the real bot over
// loopback: a proxy on the same host adding forwarding headers, a forged Host (DNS
// rebinding), a missing or wrong local chat token, an open /metrics. Each is refused, and
// the database is left exactly as it was.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { localChatHeaders, startBot, tempSqliteUrl, type BotProcess } from '../support/bot-process';
import { FakeConnector } from '../support/fake-connector';
import { FakeSlack } from '../support/fake-slack';
import { startForwardingProxy, type ForwardingProxy } from '../support/forwarding-proxy';
import { storedStrings, tableCounts } from '../support/table-counts';
import { activities, postActivity, teamsUser } from '../support/teams-activities';

const root = join(__dirname, '..', '..');

/** One HTTP request with exactly these headers (fetch would not let a test forge Host). */
function raw(url: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, method: options.method ?? 'GET', path: options.path, headers: options.headers, setHost: options.headers?.host === undefined }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Everything stored: row counts and every text value. */
async function snapshot(url: string): Promise<unknown> {
  return { counts: await tableCounts(url), strings: (await storedStrings(url)).map((s) => `${s.table}.${s.column}=${s.value}`).sort() };
}

const exportAsSecretariat = JSON.stringify({ user: 'demo-secretariat', text: 'export members' });

describe('the local chat and unauthenticated Teams answer only the person at this machine', () => {
  let bot: BotProcess;
  let databaseUrl: string;
  let proxy: ForwardingProxy;
  let connector: FakeConnector;
  let host: string;

  beforeAll(async () => {
    databaseUrl = tempSqliteUrl();
    // The quick start's settings: only the local chat (and so Teams without an app id).
    bot = await startBot({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
    proxy = await startForwardingProxy(bot.url);
    connector = await new FakeConnector().start();
    host = `localhost:${new URL(bot.url).port}`;
    // Something stored to leak: a member with a profile.
    expect((await bot.say('demo-member', { text: 'profile' })).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await connector?.stop();
    await bot?.stop();
  });

  it('listens on loopback only when only the local chat is on', async () => {
    expect(bot.output()).toMatch(/"host":"127\.0\.0\.1".*"msg":"listening"/);
    const port = Number(new URL(bot.url).port);
    const external = Object.values(networkInterfaces()).flat().filter((i) => i && !i.internal && i.family === 'IPv4').map((i) => i!.address);
    for (const address of external) {
      const refused = await new Promise<string>((resolve) => {
        const socket = connect(port, address, () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect([address, refused]).toEqual([address, 'ECONNREFUSED']);
    }
  });

  it('refuses, through a proxy adding X-Forwarded-For, the demo secretariat asking for the members export: 403, nothing written', async () => {
    const before = await snapshot(databaseUrl);
    const relayed = await fetch(`${proxy.url}/local/messages`, { method: 'POST', headers: localChatHeaders(), body: exportAsSecretariat });
    expect(relayed.status).toBe(403);
    expect(((await relayed.json()) as { error: string }).error).toMatch(/x-forwarded-for/);
    for (const header of [{ forwarded: 'for=203.0.113.7;proto=https' }, { 'x-real-ip': '203.0.113.7' }, { 'X-Forwarded-Host': 'bot.example.org' }] as Record<string, string>[]) {
      const res = await raw(bot.url, { method: 'POST', path: '/local/messages', headers: { ...localChatHeaders(), host, ...header }, body: exportAsSecretariat });
      expect([header, res.status]).toEqual([header, 403]);
    }
    // The page, the inbox and the kept conversation too.
    expect((await fetch(`${proxy.url}/`)).status).toBe(403);
    expect((await fetch(`${proxy.url}/local/inbox?user=demo-secretariat`, { headers: localChatHeaders() })).status).toBe(403);
    expect((await fetch(`${proxy.url}/local/history?user=demo-secretariat`, { headers: localChatHeaders() })).status).toBe(403);
    expect(await snapshot(databaseUrl)).toEqual(before);
    // The same request straight from this machine is answered: what refused it was the relay.
    const direct = await fetch(`${bot.url}/local/messages`, { method: 'POST', headers: localChatHeaders(), body: exportAsSecretariat });
    expect(direct.status).toBe(200);
  });

  it('refuses a Host that does not name this machine (DNS rebinding), and takes every loopback name', async () => {
    const before = await snapshot(databaseUrl);
    const port = new URL(bot.url).port;
    for (const forged of ['attacker.example', `attacker.example:${port}`, `localhost.attacker.example:${port}`, `127.0.0.1.nip.io:${port}`, `127.0.0.300:${port}`, '']) {
      const post = await raw(bot.url, { method: 'POST', path: '/local/messages', headers: { ...localChatHeaders(), host: forged }, body: exportAsSecretariat });
      expect([forged, post.status]).toEqual([forged, 403]);
      const page = await raw(bot.url, { path: '/', headers: { host: forged } });
      expect([forged, page.status]).toEqual([forged, 403]);
    }
    expect(await snapshot(databaseUrl)).toEqual(before);
    for (const name of [`localhost:${port}`, `127.0.0.1:${port}`, `127.1.2.3:${port}`, `[::1]:${port}`, 'localhost', 'LOCALHOST']) {
      const res = await raw(bot.url, { method: 'POST', path: '/local/messages', headers: { ...localChatHeaders(), host: name }, body: JSON.stringify({ user: 'demo-member', text: 'help' }) });
      expect([name, res.status]).toEqual([name, 200]);
    }
  });

  it('refuses POST /local/messages, GET /local/inbox and GET /local/history without the token, or with a wrong one: 401, nothing written', async () => {
    const before = await snapshot(databaseUrl);
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-0000000000000000' },
      { authorization: `Bearer ${bot.token}x` },
      { authorization: `Basic ${bot.token}` },
      { authorization: `Bearer  ${bot.token}` },
      { authorization: bot.token },
    ];
    for (const auth of attempts) {
      const post = await fetch(`${bot.url}/local/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: exportAsSecretariat });
      expect([auth, post.status]).toEqual([auth, 401]);
      const inbox = await fetch(`${bot.url}/local/inbox?user=demo-secretariat`, { headers: auth });
      expect([auth, inbox.status]).toEqual([auth, 401]);
      const history = await fetch(`${bot.url}/local/history?user=demo-secretariat`, { headers: auth });
      expect([auth, history.status]).toEqual([auth, 401]);
      // Without the token the page's user list names nobody but the three demo identities.
      const identities = (await (await fetch(`${bot.url}/local/identities`, { headers: auth })).json()) as { others: string[] };
      expect([auth, identities.others]).toEqual([auth, []]);
    }
    // In the query string, where only the page reads it, the token is no credential.
    const query = await fetch(`${bot.url}/local/messages?token=${bot.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: exportAsSecretariat });
    expect(query.status).toBe(401);
    expect(await snapshot(databaseUrl)).toEqual(before);
  });

  it('refuses unauthenticated Teams activities relayed by a proxy or naming another Host: 403, nothing written, nothing sent', async () => {
    const before = await snapshot(databaseUrl);
    const user = teamsUser('Mallory Relay');
    const relayed = await postActivity(proxy.url, activities.personalMessage(user, connector.url, 'me'));
    expect(relayed.status).toBe(403);
    const rebound = await raw(bot.url, { method: 'POST', path: '/api/messages', headers: { 'content-type': 'application/json', host: 'attacker.example' }, body: JSON.stringify(activities.personalMessage(user, connector.url, 'me')) });
    expect(rebound.status).toBe(403);
    expect(connector.activities()).toEqual([]);
    expect(await snapshot(databaseUrl)).toEqual(before);
    // Sent from this machine, the same activity is answered.
    expect((await postActivity(bot.url, activities.personalMessage(user, connector.url, 'me'))).status).toBe(200);
    expect(connector.activities().length).toBeGreaterThan(0);
  });

  it('serves the page with a strict CSP and no framing', async () => {
    const page = await fetch(`${bot.url}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    // The page itself runs no inline script, which the CSP would block.
    expect(await page.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=/i);
  });

  it('leaves /metrics open while only the local chat is on', async () => {
    expect((await fetch(`${bot.url}/metrics`)).status).toBe(200);
  });
});

describe('the local chat token at first start', () => {
  let folder: string;
  let bot: BotProcess | undefined;
  afterAll(() => bot?.stop());

  it('is generated, kept in the data directory for its owner only, printed with the URL, and the same after a restart', async () => {
    folder = mkdtempSync(join(tmpdir(), 'quick-start-'));
    const env = { DATABASE_URL: `file:${join(folder, 'bot.db')}`, LOCAL_CHAT_TOKEN: '', LOG_LEVEL: 'info', LOG_FORMAT: 'json' };
    bot = await startBot(env, { cwd: folder });
    const file = join(folder, 'data', 'local-chat-token');
    const token = readFileSync(file, 'utf8').trim();
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(bot.output()).toContain(`"url":"http://localhost:${new URL(bot.url).port}/?token=${token}"`);
    expect((await fetch(`${bot.url}/local/messages`, { method: 'POST', headers: localChatHeaders(token), body: JSON.stringify({ user: 'demo-member', text: 'help' }) })).status).toBe(200);
    expect(await bot.stop()).toBe(0);

    bot = await startBot(env, { cwd: folder });
    expect(readFileSync(file, 'utf8').trim()).toBe(token);
    expect(bot.output()).toContain(`?token=${token}`);
  }, 90_000);

  it('is read from the data directory by npm run chat', async () => {
    const chat = spawn(process.execPath, [join(root, 'dist', 'scripts', 'chat.js'), '--url', bot!.url], { cwd: folder, env: { PATH: process.env.PATH, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    chat.stdout.on('data', (d) => (output += d));
    chat.stderr.on('data', (d) => (output += d));
    chat.stdin.end('help\n/quit\n');
    const code = await new Promise<number | null>((resolve) => chat.once('exit', resolve));
    expect(output).not.toMatch(/Error \(401\)/);
    expect(output).toContain('What I can do');
    expect(code).toBe(0);
  }, 60_000);
});

describe('with Slack configured', () => {
  let slack: FakeSlack;
  let bot: BotProcess;
  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    bot = await startBot({ DATABASE_URL: tempSqliteUrl(), LOCAL_CHAT: 'off', SLACK_BOT_TOKEN: 'xoxb-exposure', SLACK_SIGNING_SECRET: 'exposure-secret', SLACK_API_URL: slack.apiUrl, LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await slack?.stop();
  });

  it('refuses /metrics without METRICS_TOKEN, saying which setting opens it', async () => {
    const res = await fetch(`${bot.url}/metrics`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('METRICS_TOKEN');
  });

  it('listens on every interface (Slack must reach it)', () => {
    expect(bot.output()).toMatch(/"host":"0\.0\.0\.0".*"msg":"listening"/);
  });

  it('has no local chat', async () => {
    expect((await fetch(`${bot.url}/local/messages`, { method: 'POST', headers: localChatHeaders(), body: exportAsSecretariat })).status).toBe(404);
  });
});
