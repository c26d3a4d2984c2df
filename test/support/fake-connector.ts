// A fake Bot Framework connector on loopback, built from the documented REST API: it
// records every activity the bot sends, counts accepted messages per conversation, can answer
// the next calls with 429 or 403, and can enforce a rate limit (429 + Retry-After beyond it).
// Every activity is checked as it arrives: its size and its Adaptive Cards (payload-checks.ts).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenBucket } from './fake-slack';
import { checkTeamsActivity } from './payload-checks';

export interface RecordedCall {
  method: string;
  path: string;
  conversationId?: string;
  /** The activity id replied to (POST .../activities/{id}) or updated (PUT). */
  activityId?: string;
  body: Record<string, unknown>;
  authorization?: string;
  /** The id the connector gave a new activity (what the bot may later update). */
  sentId?: string;
}

export interface FakeMember {
  id: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
}

type Failure = { status: 429 | 403 | 500; retryAfterSeconds?: number };

export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  /** GET v3/conversations/{id}/members/{userId} answers, by user id. */
  readonly members = new Map<string, FakeMember>();
  private readonly failures: Failure[] = [];
  private readonly server: Server;
  private waiters: { predicate: () => boolean; resolve: () => void }[] = [];
  url = '';
  failedCalls = 0;
  /** Messages accepted (activities posted, and those carried by a new conversation), by conversation id. */
  readonly accepted = new Map<string, number>();
  /** Answers 429 given by the enforced rate limit. */
  rateLimited = 0;
  /** When the last message was accepted (ms since the epoch). */
  lastAcceptedAt = 0;
  /** Keep every call in `calls` (off for large loads: only the counters are kept). */
  record = true;
  private readonly bucket?: TokenBucket;

  /** Calls refused 401 because their Authorization was not accepted. */
  unauthorizedCalls = 0;
  private readonly authorize?: (authorization: string | undefined) => boolean;

  /**
   * `rateLimit`: a token bucket over the calls that send (activities, new conversations); beyond it 429 + Retry-After.
   * `authorize`: as the real connector, every call must carry a bot token this accepts (else 401).
   */
  constructor(options: { rateLimit?: { perSecond: number; burst?: number }; authorize?: (authorization: string | undefined) => boolean } = {}) {
    if (options.rateLimit) this.bucket = new TokenBucket(options.rateLimit.perSecond, options.rateLimit.burst);
    this.authorize = options.authorize;
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `count` activity calls fail with this status. */
  failNext(count: number, failure: Failure): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  /** Conversations that received a message more than once, with how many. */
  duplicates(): Map<string, number> {
    return new Map([...this.accepted].filter(([, n]) => n > 1));
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  /** Activities sent (POST) or updated (PUT), in order. */
  activities(conversationId?: string): RecordedCall[] {
    return this.calls.filter((c) => c.path.includes('/activities') && (!conversationId || c.conversationId === conversationId));
  }

  /** Waits (bounded) until `predicate` holds after some call. */
  async waitFor(predicate: () => boolean, timeoutMs = 10000): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake connector: condition not met in ${timeoutMs} ms; calls: ${JSON.stringify(this.calls.map((c) => `${c.method} ${c.path}`))}`)), timeoutMs);
      this.waiters.push({ predicate, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown>;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return this.reply(res, 400, { error: { code: 'BadSyntax', message: 'body is not JSON' } });
    }
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const method = req.method ?? 'GET';
    const activities = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    const members = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
    const call: RecordedCall = { method, path, body, authorization: req.headers.authorization, conversationId: activities?.[1] ?? members?.[1], activityId: activities?.[2] };

    if (this.authorize && !this.authorize(req.headers.authorization)) {
      this.unauthorizedCalls++;
      return this.reply(res, 401, { message: 'Authorization has been denied for this request.' });
    }
    const sending = Boolean(activities) || (method === 'POST' && path === '/v3/conversations');
    const activity = activities ? body : method === 'POST' && path === '/v3/conversations' ? (body.activity as Record<string, unknown> | undefined) : undefined;
    // Teams answers an oversize message 413; a card it cannot render shows as an error.
    if (activity && (method === 'POST' || method === 'PUT') && checkTeamsActivity(activity, `Teams ${method} ${path}`).some((e) => e.includes('bytes (UTF-16)'))) {
      return this.reply(res, 413, { error: { code: 'MessageSizeTooBig', message: 'Message size too big' } });
    }
    if (sending && this.bucket) {
      const taken = this.bucket.take();
      if (!taken.ok) {
        this.rateLimited++;
        return this.reply(res, 429, { error: { code: 'TooManyRequests', message: 'rate limit' } }, { 'retry-after': String(taken.retryAfterSeconds) });
      }
    }
    if (sending && this.failures.length > 0) {
      const failure = this.failures.shift()!;
      this.failedCalls++;
      const headers: Record<string, string> = failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
      const code = failure.status === 403 ? 'BotDisabledByAdmin' : failure.status === 429 ? 'TooManyRequests' : 'ServiceError';
      return this.reply(res, failure.status, { error: { code, message: `fake ${failure.status}` } }, headers);
    }
    if (this.record) this.calls.push(call);
    try {
      if (activities && method === 'POST') {
        this.accepted.set(activities[1], (this.accepted.get(activities[1]) ?? 0) + 1);
        this.lastAcceptedAt = Date.now();
        call.sentId = randomUUID();
        return this.reply(res, 201, { id: call.sentId });
      }
      if (activities && method === 'PUT' && activities[2]) return this.reply(res, 200, { id: activities[2] });
      if (method === 'POST' && path === '/v3/conversations') {
        const id = `a:fake-${randomUUID()}`;
        const activity = body.activity as Record<string, unknown> | undefined;
        const activityId = activity ? randomUUID() : undefined;
        if (activity) this.accepted.set(id, (this.accepted.get(id) ?? 0) + 1);
        if (activity) this.lastAcceptedAt = Date.now();
        if (activity && this.record) this.calls.push({ method: 'POST', path: `/v3/conversations/${id}/activities`, conversationId: id, body: activity, sentId: activityId });
        return this.reply(res, 201, { id, activityId, serviceUrl: this.url });
      }
      if (members && method === 'GET') {
        const member = this.members.get(members[2]);
        return member ? this.reply(res, 200, member) : this.reply(res, 404, { error: { code: 'MemberNotFoundInConversation', message: 'no such member' } });
      }
      return this.reply(res, 404, { error: { code: 'NotFound', message: `${method} ${path}` } });
    } finally {
      this.waiters = this.waiters.filter((w) => (w.predicate() ? (w.resolve(), false) : true));
    }
  }

  private reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }
}
