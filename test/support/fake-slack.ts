// A fake Slack Web API on loopback, answering the methods the bot calls with the
// documented shapes, recording every call (method, arguments, token), able to answer
// 429 + Retry-After (once, or as an enforced rate limit), keeping the messages posted per
// channel (conversations.history with message metadata), counting accepted messages per
// recipient, and serving response_url posts and a Socket Mode WebSocket. Every message and
// view is checked against Slack's Block Kit limits as it arrives (payload-checks.ts).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { checkSlackCall } from './payload-checks';

type WebSocketServer = WebSocket.Server;

export interface SlackCall {
  method: string;
  args: Record<string, any>;
  token?: string;
  status: number;
  at: number;
}

export const TEAM = 'T0TEST';

/** A token bucket: `perSecond` tokens a second, holding at most `burst` (default: one second's worth). */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();
  constructor(readonly perSecond: number, private readonly burst = perSecond) {
    this.tokens = burst;
  }
  /** Takes a token, or answers how many seconds until one is there. */
  take(): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond)) };
  }
}

export interface StoredSlackMessage {
  ts: string;
  text?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** Methods that send a message, counted against the enforced rate limit. */
const SENDING = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update']);
export const BOT_USER = 'U0BOT';

/** Every text a call carries (message text, block texts, field texts), for assertions. */
export function textsOf(call: SlackCall): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') out.push(value);
        else walk(value);
      }
    }
  };
  walk(call.args);
  return out;
}

export function allText(call: SlackCall): string {
  return textsOf(call).join('\n');
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(raw: string, type: string | undefined): Record<string, unknown> {
  if (type?.startsWith('application/json')) return raw ? JSON.parse(raw) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The Web API client JSON-encodes object arguments (blocks, view) in form bodies.
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  private server?: Server;
  private sockets?: WebSocketServer;
  private readonly failures: { method: string; status: number; retryAfter: number }[] = [];
  private readonly waiters: { match: (c: SlackCall) => boolean; resolve: (c: SlackCall) => void }[] = [];
  private ts = 1_700_000_000;
  private viewSeq = 0;
  /** The Socket Mode connection of the bot, once it connects. */
  socket?: WebSocket;
  private socketWaiters: ((ws: WebSocket) => void)[] = [];
  readonly socketMessages: Record<string, unknown>[] = [];
  /** users.info answers; `locale` is returned only when asked with include_locale, as Slack does. */
  users: Record<string, { real_name: string; email?: string; locale?: string }> = {};
  /** Messages posted, by channel, oldest first (what conversations.history answers from). */
  readonly messages = new Map<string, StoredSlackMessage[]>();
  /** chat.postMessage calls answered ok, by channel. */
  readonly accepted = new Map<string, number>();
  /** Answers 429 given by the enforced rate limit. */
  rateLimited = 0;
  /** When the last message was accepted (ms since the epoch). */
  lastAcceptedAt = 0;
  /** When set, message timestamps (ts) follow this clock (ms), as Slack's follow real time; else a counter from 2023. */
  clock?: () => number;
  /** Keep every call in `calls` (off for large loads: only messages and counters are kept). */
  keepCalls = true;
  private readonly bucket?: TokenBucket;

  /** `rateLimit`: a token bucket over the methods that send messages; beyond it 429 + Retry-After. */
  constructor(options: { rateLimit?: { perSecond: number; burst?: number } } = {}) {
    if (options.rateLimit) this.bucket = new TokenBucket(options.rateLimit.perSecond, options.rateLimit.burst);
  }

  /** Channels that received a message more than once, with how many. */
  duplicates(): Map<string, number> {
    return new Map([...this.accepted].filter(([, n]) => n > 1));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void (async () => {
        const raw = await body(req);
        const path = (req.url ?? '').split('?')[0];
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || undefined;
        const method = path.startsWith('/api/') ? path.slice('/api/'.length) : path.startsWith('/response/') ? 'response_url' : path;
        const args = parseArgs(raw, req.headers['content-type']);
        const failure = this.failures.findIndex((f) => f.method === method);
        if (failure >= 0) {
          const [f] = this.failures.splice(failure, 1);
          this.record({ method, args, token, status: f.status, at: Date.now() });
          res.writeHead(f.status, { 'retry-after': String(f.retryAfter), 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
        if (this.bucket && SENDING.has(method)) {
          const taken = this.bucket.take();
          if (!taken.ok) {
            this.rateLimited++;
            this.record({ method, args, token, status: 429, at: Date.now() });
            res.writeHead(429, { 'retry-after': String(taken.retryAfterSeconds), 'content-type': 'application/json' });
            res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
            return;
          }
        }
        // Checked as it arrives (a violation fails the test); Slack itself refuses bad blocks.
        const invalid = checkSlackCall(method, args).length > 0;
        const answer = invalid ? { ok: false, error: method.startsWith('views.') ? 'invalid_arguments' : 'invalid_blocks' } : this.answer(method, args, token);
        this.record({ method, args, token, status: 200, at: Date.now() });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      })();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  /** A WebSocket server for Socket Mode; apps.connections.open hands out its URL. */
  async startSocketServer(): Promise<void> {
    this.sockets = new WebSocket.Server({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.sockets!.once('listening', () => resolve()));
    this.sockets.on('connection', (ws) => {
      this.socket = ws;
      ws.on('message', (data) => this.socketMessages.push(JSON.parse(String(data))));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0TEST' } }));
      for (const waiter of this.socketWaiters.splice(0)) waiter(ws);
    });
  }

  /** The bot's socket, once connected (bounded wait). */
  connected(timeoutMs = 15_000): Promise<WebSocket> {
    if (this.socket) return Promise.resolve(this.socket);
    return bounded(new Promise((resolve) => this.socketWaiters.push(resolve)), timeoutMs, 'the bot did not connect over Socket Mode');
  }

  /** The first message the bot sent over the socket that matches (bounded wait). */
  async socketMessage(match: (m: Record<string, unknown>) => boolean, timeoutMs = 15_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.socketMessages.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching socket message; got ${JSON.stringify(this.socketMessages)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    for (const client of this.sockets?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.sockets ? this.sockets.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next call of `method` gets HTTP `status` with Retry-After. */
  failNext(method: string, status = 429, retryAfter = 1): void {
    this.failures.push({ method, status, retryAfter });
  }

  /** Resolves with the first call (already made or to come) that matches; fails after `timeoutMs`. */
  waitFor(match: (c: SlackCall) => boolean, timeoutMs = 15_000, what = 'a matching Slack call'): Promise<SlackCall> {
    const found = this.calls.find(match);
    if (found) return Promise.resolve(found);
    return bounded(new Promise<SlackCall>((resolve) => this.waiters.push({ match, resolve })), timeoutMs, `timed out waiting for ${what}; calls so far: ${this.calls.map((c) => c.method).join(', ')}`);
  }

  /** Calls made after `since` (an index into calls) that match. */
  since(index: number, match: (c: SlackCall) => boolean = () => true): SlackCall[] {
    return this.calls.slice(index).filter(match);
  }

  private record(call: SlackCall): void {
    if (this.keepCalls) this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(call)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
  }

  private answer(method: string, args: Record<string, any>, token?: string): Record<string, unknown> {
    const ts = () => (this.clock ? `${Math.floor(this.clock() / 1000)}.${String(this.ts++ % 1_000_000).padStart(6, '0')}` : `${this.ts++}.000100`);
    switch (method) {
      case 'auth.test':
        if (token === 'xoxb-revoked') return { ok: false, error: 'invalid_auth' };
        return { ok: true, url: 'https://test.slack.com/', team: 'Test', user: 'p2c', team_id: TEAM, user_id: BOT_USER, bot_id: 'B0BOT', is_enterprise_install: false };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users).slice(1)}` } };
      case 'chat.postMessage': {
        if (args.channel === 'C0GONE') return { ok: false, error: 'channel_not_found' };
        const channel = String(args.channel);
        const message: StoredSlackMessage = { ts: ts(), text: args.text, ...(args.metadata && typeof args.metadata === 'object' ? { metadata: args.metadata } : {}) };
        this.messages.set(channel, [...(this.messages.get(channel) ?? []), message]);
        this.accepted.set(channel, (this.accepted.get(channel) ?? 0) + 1);
        this.lastAcceptedAt = Date.now();
        return { ok: true, channel, ts: message.ts, message: { text: args.text } };
      }
      case 'conversations.history': {
        // Newest first; metadata only with include_all_metadata; oldest/latest exclusive.
        if (!this.messages.has(String(args.channel)) && !String(args.channel).startsWith('D')) return { ok: false, error: 'channel_not_found' };
        const oldest = Number(args.oldest ?? 0);
        const limit = Math.min(Number(args.limit ?? 100), 999);
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const all = (this.messages.get(String(args.channel)) ?? []).filter((m) => Number(m.ts) > oldest).reverse();
        const start = args.cursor ? Number(Buffer.from(String(args.cursor), 'base64').toString()) : 0;
        const page = all.slice(start, start + limit);
        const more = start + limit < all.length;
        return {
          ok: true,
          messages: page.map((m) => ({ type: 'message', user: BOT_USER, bot_id: 'B0BOT', ts: m.ts, text: m.text ?? '', ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) })),
          has_more: more,
          ...(more ? { response_metadata: { next_cursor: Buffer.from(String(start + limit)).toString('base64') } } : {}),
        };
      }
      case 'chat.update': {
        // The stored message shows the new text (what conversations.history answers from).
        const stored = this.messages.get(String(args.channel))?.find((m) => m.ts === String(args.ts));
        if (stored) stored.text = args.text;
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts() };
      case 'views.open':
      case 'views.update':
      case 'views.publish': {
        const id = args.view_id ?? `V${++this.viewSeq}`;
        return { ok: true, view: { ...(typeof args.view === 'object' ? args.view : {}), id, hash: `${id}-h${this.viewSeq}` } };
      }
      case 'users.info': {
        const user = this.users[args.user] ?? { real_name: `User ${args.user}` };
        const withLocale = String(args.include_locale) === 'true';
        return { ok: true, user: { id: args.user, name: String(args.user).toLowerCase(), real_name: user.real_name, is_email_confirmed: Boolean(user.email), ...(withLocale ? { locale: user.locale ?? 'en-US' } : {}), profile: { real_name: user.real_name, ...(user.email ? { email: user.email } : {}) } } };
      }
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${(this.sockets!.address() as AddressInfo).port}/link` };
      case 'response_url':
        return { ok: true };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function bounded<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(timer));
}
