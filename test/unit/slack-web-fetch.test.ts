// The Web API client's transport against Node's own fetch (the oracle): the same calls to a
// loopback server, through the real WebClient, give the same answers and the same errors, and
// the server sees the same request (method, path, form body, headers that matter).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient, type FetchFunction } from '@slack/web-api';
import { webApiFetch } from '../../adapters/slack/web-fetch';

type Seen = { method?: string; url?: string; type?: string; authorization?: string; length?: string; body: string };

let server: Server;
let base: string;
const seen: Seen[] = [];
let retryAfterSent = 0;

function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
  const method = req.url?.split('/').pop() ?? '';
  if (method === 'chat.postMessage') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-oauth-scopes': 'chat:write,im:write', 'x-accepted-oauth-scopes': 'chat:write' });
    res.end(JSON.stringify({ ok: true, channel: 'D1', ts: '1.000001', echoed: new URLSearchParams(body).get('text') }));
  } else if (method === 'users.info') {
    // A large answer, written in two parts.
    res.writeHead(200, { 'content-type': 'application/json' });
    const profile = { real_name: 'Ünïcödé ✓'.repeat(2000) };
    const text = JSON.stringify({ ok: true, user: { id: 'U1', profile } });
    res.write(text.slice(0, 1000));
    setTimeout(() => res.end(text.slice(1000)), 5);
  } else if (method === 'auth.test') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: 'invalid_auth' }));
  } else if (method === 'conversations.open') {
    res.writeHead(500, 'Broken', { 'content-type': 'text/plain', 'set-cookie': ['a=1', 'b=2'] });
    res.end('upstream failed');
  } else if (method === 'conversations.info') {
    // Rate limited once, then answered.
    if (retryAfterSent++ % 2 === 0) {
      res.writeHead(429, { 'retry-after': '0' });
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, channel: { id: 'C1' } }));
    }
  } else if (method === 'users.list') {
    // The connection drops in the middle of the answer.
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"ok":tr');
    setTimeout(() => res.socket?.destroy(), 5);
  } else if (method === 'apps.uninstall') {
    res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
    res.end();
  } else {
    res.writeHead(404);
    res.end();
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], authorization: req.headers.authorization, length: req.headers['content-length'], body });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function client(fetch: FetchFunction): WebClient {
  return new WebClient('xoxb-test', { slackApiUrl: base, fetch, retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 } });
}

/** What a call gives: its result, or its error's code, message and details. */
async function outcome(call: (c: WebClient) => Promise<unknown>, fetch: FetchFunction): Promise<unknown> {
  try {
    const result = (await call(client(fetch))) as Record<string, unknown>;
    return { result };
  } catch (error) {
    const e = error as { code?: string; message?: string; statusCode?: number; statusMessage?: string; headers?: Record<string, string>; body?: unknown; data?: unknown; original?: { message?: string } };
    const headers = e.headers ? Object.fromEntries(Object.entries(e.headers).filter(([k]) => k !== 'date')) : undefined;
    // Under jest, fetch's own TypeError comes from another realm and the client wraps it: the message is compared.
    return { code: e.code, statusCode: e.statusCode, statusMessage: e.statusMessage, headers, body: e.body, data: e.data, original: e.original?.message?.replace(/^TypeError: /, '') };
  }
}

const calls: [string, (c: WebClient) => Promise<unknown>][] = [
  ['a form post with blocks and non-ASCII text', (c) => c.chat.postMessage({ channel: 'D1', text: 'héllo ✓ & more=1', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3000) } }] })],
  ['a large answer read in chunks', (c) => c.users.info({ user: 'U1' })],
  ['an answer with ok: false', (c) => c.auth.test()],
  ['an HTTP error with several values of a header', (c) => c.conversations.open({ users: 'U1' })],
  ['a 429 with Retry-After, then the answer', (c) => c.conversations.info({ channel: 'C1' })],
  ['a redirect, refused', (c) => c.apiCall('apps.uninstall')],
];

describe('the Web API transport', () => {
  it.each(calls)('%s: the same outcome and the same request as with fetch', async (_name, call) => {
    seen.length = 0;
    const expected = await outcome(call, globalThis.fetch as unknown as FetchFunction);
    const sentByFetch = seen.splice(0);
    const actual = await outcome(call, webApiFetch);
    const sentHere = seen.splice(0);
    expect(actual).toEqual(expected);
    expect(sentHere).toEqual(sentByFetch);
    expect(sentHere.length).toBeGreaterThan(0);
  });

  // fetch fails it later, while the client reads the body (an error without a code); here it is a
  // request error, which the client retries like any failed connection.
  it('fails a call whose connection drops mid-answer, as fetch does', async () => {
    const call = (c: WebClient) => c.users.list({});
    const expected = (await outcome(call, globalThis.fetch as unknown as FetchFunction)) as { code?: string };
    const actual = (await outcome(call, webApiFetch)) as { code?: string };
    expect(expected).not.toHaveProperty('result');
    expect(actual).not.toHaveProperty('result');
    expect(actual.code).toBe('slack_webapi_request_error');
  });

  it('reads scopes from the answer headers as the client reports them', async () => {
    const result = await client(webApiFetch).chat.postMessage({ channel: 'D1', text: 'hi' });
    expect(result.response_metadata?.scopes).toEqual(['chat:write', 'im:write']);
    expect(result.response_metadata?.acceptedScopes).toEqual(['chat:write']);
    expect((result as { echoed?: string }).echoed).toBe('hi');
  });
});
