// The local chat: a web page and a JSON endpoint for trying the bot without Slack or
// Teams, and the ChatPort for "local:" addresses. Each local user's conversation is stored
// (both directions, the newest LOCAL_CHAT_HISTORY_LIMIT): the page shows it again on open, on
// a switch of user and after a restart; what the bot sends on its own waits there until read.
// It trusts the user name it is given, so it answers only the person at this machine: a
// loopback caller no proxy relayed, naming this machine as Host, and (for what speaks or
// reads as someone) holding the token printed at start.
import { readFileSync } from 'node:fs';
import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import Negotiator from 'negotiator';
import { z } from 'zod';
import type { Clock } from '../../src/core/clock';
import { isBotError } from '../../src/core/errors';
import { LOCAL_CHAT_HISTORY_LIMIT, type LocalChatEntry, type LocalChatHistory } from '../../src/core/local-chat/local-chat-ports';
import type { OutgoingMessage } from '../../src/core/messages';
import type { ChatPort, SendOptions } from '../../src/core/ports';
import { textDirection } from '../../src/core/text/bidi';
import { catalogLanguages, translator } from '../../src/conversation/catalog/catalog';
import type { InboundPort, Turn } from '../../src/conversation/inbound-port';
import { RateLimit } from '../../src/core/rate-limit';
import { withoutControlCharacters } from '../../src/core/text/control-characters';
import { bearerMatches } from '../../src/http/bearer';
import { notFromThisMachine } from '../../src/http/local-caller';
import { HttpError, readBody, sendJson, type HttpServer } from '../../src/http/server';
import { projectFile } from '../../src/paths';
import { localAddress, localUser } from './address';

export const DEMO_IDENTITIES = [
  { user: 'demo-member', label: 'Member' },
  { user: 'demo-chair', label: 'Chair' },
  { user: 'demo-secretariat', label: 'Secretariat' },
] as const;

const userName = z.string().trim().min(1, 'user is required').max(64, 'user: at most 64 characters').regex(/^[\w.@-]+$/, 'user: letters, digits, and . _ @ - only');

const requestSchema = z
  .object({
    user: userName,
    /** The client's id for this request: a request sent again with the same id is answered once. */
    id: z.string().min(1, 'id: at least 1 character').max(100, 'id: at most 100 characters').regex(/^[\w.:-]+$/, 'id: letters, digits, and . _ : - only').optional(),
    text: z.string().max(10000, 'text: at most 10000 characters').optional(),
    action: z.union([z.string().max(2000), z.array(z.string().max(2000)).max(100)]).optional(),
    form: z.object({ id: z.string().max(64), values: z.record(z.union([z.string().max(10000), z.array(z.string().max(2000)).max(100)])) }).optional(),
    /** How the page showed an action or a form (the labels chosen), kept in the history instead of the raw values. */
    shown: z.string().max(10000, 'shown: at most 10000 characters').optional(),
  })
  .strict()
  .refine((r) => [r.text, r.action, r.form].filter((v) => v !== undefined).length === 1, { message: 'send exactly one of text, action or form' });

const AFTER = 'after: a message id (a whole number)';
const LIMIT = `limit: a whole number from 1 to ${LOCAL_CHAT_HISTORY_LIMIT}`;
const historyQuery = z
  .object({
    user: userName,
    after: z.coerce.number({ invalid_type_error: AFTER }).int(AFTER).min(0, AFTER).optional(),
    limit: z.coerce.number({ invalid_type_error: LIMIT }).int(LIMIT).min(1, LIMIT).max(LOCAL_CHAT_HISTORY_LIMIT, LIMIT).optional(),
  })
  .strict();

/** Reads per local user and minute: a page loads the history on open and on each switch, and polls the inbox every 5 s. */
export const HISTORY_READS_PER_MINUTE = 30;
export const INBOX_READS_PER_MINUTE = 120;
/** At most this many other local users (with stored messages) are offered in the page's user list. */
const LISTED_USERS = 50;
const ASSETS: Record<string, string> = {
  '/': 'index.html',
  '/local/chat.js': 'chat.js',
  '/local/chat.css': 'chat.css',
};
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/**
 * The page runs only its own script and style files, talks only to this server, and cannot be
 * framed; its URL (which carries the token) is never sent on as a referrer.
 */
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

export { localAddress, localUser };

/** The first language of the request's Accept-Language header the bot has a catalog for. */
export function browserLanguage(req: Pick<HttpRequest, 'headers'>): string | undefined {
  const header = req.headers['accept-language'];
  if (typeof header !== 'string' || header.length > 500) return undefined;
  // "*" (what a script's fetch sends) says nothing about the person: no language from it.
  const named = header.split(',').filter((range) => range.split(';')[0]!.trim() !== '*').join(',');
  if (!named.trim()) return undefined;
  return new Negotiator({ headers: { 'accept-language': named } }).languages(catalogLanguages())[0];
}

/** A right-to-left message (Arabic) says so, for the page to set its `dir`; the reader's locale stays inside. */
function withDirection({ locale: _locale, ...message }: OutgoingMessage): OutgoingMessage & { dir?: 'rtl' } {
  const text = [message.title, message.text, ...(message.fields ?? []).map((f) => `${f.label} ${f.value}`)].filter(Boolean).join(' ');
  return textDirection(text) === 'rtl' ? { ...message, dir: 'rtl' } : message;
}

/** A stored entry as the page and clients receive it. */
function entryJson(entry: LocalChatEntry) {
  return entry.from === 'member'
    ? { id: entry.id, at: entry.at.toISOString(), from: 'member' as const, text: entry.text }
    : { id: entry.id, at: entry.at.toISOString(), from: 'bot' as const, proactive: entry.proactive, message: withDirection(entry.message) };
}

/** At most this many characters of what the member sent are kept (a form's summary can be longer). */
const KEPT_TEXT = 10_000;

/** What the member sent, as their side of the conversation shows it. */
function shownText(request: { text?: string; action?: string | string[]; form?: { id: string; values: Record<string, string | string[]> }; shown?: string }): string {
  const shown = (): string => {
    if (request.shown !== undefined) return request.shown;
    if (request.text !== undefined) return request.text;
    if (request.action !== undefined) return Array.isArray(request.action) ? request.action.join(', ') : request.action;
    return Object.entries(request.form!.values)
      .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : value}`)
      .join('\n');
  };
  // Kept as the bot keeps what members type: no control characters, no half emoji.
  const text = withoutControlCharacters(shown());
  return text.length > KEPT_TEXT ? `${withoutControlCharacters(text.slice(0, KEPT_TEXT - 1))}…` : text;
}

/** A read of the kept conversation, answered 503 (not 500) while the database is unreachable. */
async function whileDatabaseUp<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isBotError(error, 'DB.UNAVAILABLE')) throw new HttpError(503, 'the database is not answering: try again in a minute');
    throw error;
  }
}

export class LocalAdapter implements ChatPort {
  private readonly historyReads = new RateLimit(HISTORY_READS_PER_MINUTE);
  private readonly inboxReads = new RateLimit(INBOX_READS_PER_MINUTE);
  /** The bot's per-person limit, counted here too: a message over it does no work, so nothing of it is kept either. */
  private readonly kept?: RateLimit;

  /**
   * `token`: what POST /local/messages, GET /local/history and GET /local/inbox require as
   * "Authorization: Bearer". `rateLimitPerMinute`: the bot's limit per person (RATE_LIMIT_PER_MINUTE).
   */
  constructor(
    private readonly port: InboundPort,
    private readonly token: string,
    private readonly history: LocalChatHistory,
    private readonly clock: Clock,
    rateLimitPerMinute?: number,
  ) {
    if (rateLimitPerMinute) this.kept = new RateLimit(rateLimitPerMinute);
  }

  register(server: HttpServer): void {
    for (const [path, file] of Object.entries(ASSETS)) {
      server.route('GET', path, (req, res) => {
        this.guard(req);
        const body = readFileSync(projectFile(`adapters/local/web/${file}`));
        res.writeHead(200, { ...PAGE_SECURITY_HEADERS, 'content-type': TYPES[file.split('.').pop()!], 'cache-control': 'no-cache' });
        res.end(body);
      });
    }
    server.route('GET', '/local/identities', async (req, res) => {
      this.guard(req);
      // With the token, also the other local users who have a conversation (the demo coalition's members once seeded).
      const known = new Set<string>(DEMO_IDENTITIES.map((i) => i.user));
      const others = bearerMatches(req.headers.authorization, this.token) ? (await whileDatabaseUp(() => this.history.users(LISTED_USERS + known.size))).filter((u) => !known.has(u)).slice(0, LISTED_USERS) : [];
      sendJson(res, 200, { identities: DEMO_IDENTITIES, others });
    });
    server.route('GET', '/local/history', async (req, res) => {
      this.guard(req, { token: true });
      const params = Object.fromEntries(new URL(req.url ?? '/', 'http://local').searchParams);
      const query = historyQuery.safeParse({ user: params.user ?? '', ...params });
      if (!query.success) {
        const issue = query.error.issues[0];
        throw new HttpError(400, issue.code === 'unrecognized_keys' ? `unknown parameter ${issue.keys.join(', ')}: use user, after and limit` : issue.message);
      }
      const { user, after, limit } = query.data;
      if (this.limited(res, this.historyReads, user, HISTORY_READS_PER_MINUTE, 'history')) return;
      const entries = await whileDatabaseUp(() => this.history.read(user, { limit: limit ?? LOCAL_CHAT_HISTORY_LIMIT, after }, this.clock.now()));
      sendJson(res, 200, { user, messages: entries.map(entryJson) });
    });
    server.route('GET', '/local/inbox', async (req, res) => {
      this.guard(req, { token: true });
      const user = userName.safeParse(new URL(req.url ?? '/', 'http://local').searchParams.get('user') ?? '');
      if (!user.success) throw new HttpError(400, user.error.issues[0].message);
      if (this.limited(res, this.inboxReads, user.data, INBOX_READS_PER_MINUTE, 'inbox')) return;
      const entries = await whileDatabaseUp(() => this.history.takeUnread(user.data, this.clock.now()));
      sendJson(res, 200, { messages: entries.flatMap((e) => (e.from === 'bot' ? [withDirection(e.message)] : [])), ids: entries.map((e) => e.id) });
    });
    server.route('POST', '/local/messages', async (req, res, ctx) => {
      this.guard(req, { token: true });
      const type = req.headers['content-type'] ?? '';
      if (!type.startsWith('application/json')) throw new HttpError(415, 'content-type must be application/json');
      const body = await readBody(req);
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpError(400, 'body is not valid JSON');
      }
      const parsed = requestSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new HttpError(400, issue.path.length && !issue.message.includes(':') ? `${issue.path.join('.')}: ${issue.message}` : issue.message);
      }
      const { user, id, text, action, form } = parsed.data;
      // The browser's languages (Accept-Language): the first the bot speaks, until the member chooses.
      const locale = browserLanguage(req);
      const shown = shownText(parsed.data);
      const incoming: Turn = {
        platform: 'local',
        user: { externalId: user, displayName: user },
        conversation: localAddress(user),
        directAddress: localAddress(user),
        text,
        action,
        form,
        ...(locale ? { locale } : {}),
      };
      try {
        // A request sent again with its id: recorded by the inbound port's dedupe, answered once, kept once.
        if (id && !(await this.port.admit('local', `request:${user}:${id}`))) return sendJson(res, 200, { replies: [], duplicate: true });
        // Counted as the bot counts it (same person, same clock): over the limit, nothing is kept.
        const keep = !this.kept || this.kept.take(user, this.clock.now()) === 'allowed';
        // An empty text (the page asking where the conversation stands) is not kept as said.
        const said = !keep || shown.trim() === '' ? undefined : await this.history.addMemberMessage(user, shown, this.clock.now());
        const { replies } = await this.port.turn(incoming);
        // The turn is done: a failure to keep its replies must not hide them from the member.
        if (keep) await this.history.addReplies(user, replies, this.clock.now(), said).catch((error: unknown) => ctx.log.warn({ err: error }, 'local chat: the replies could not be kept in the history'));
        sendJson(res, 200, { replies: replies.map(withDirection) });
      } catch (error) {
        if (!isBotError(error, 'DB.UNAVAILABLE')) throw error;
        ctx.log.warn({ err: error }, 'database unavailable');
        sendJson(res, 503, { replies: [{ text: translator('en')('error.temporarily_unavailable'), tone: 'error' }] });
      }
    });
  }

  /** Stored, so it survives a restart and is shown whenever the page opens this user. */
  async send(address: string, message: OutgoingMessage, options?: SendOptions): Promise<{ ref: string }> {
    const id = await this.history.addProactive(localUser(address), message, this.clock.now(), options?.deliveryKey);
    return { ref: String(id) };
  }

  /** A reminder stored before a crash is recognised by its key, so it is not sent twice. */
  async findSent(address: string, deliveryKey: string, since: Date): Promise<{ ref: string } | null> {
    const id = await this.history.findDelivery(localUser(address), deliveryKey, since);
    return id === null ? null : { ref: String(id) };
  }

  /** Replaces the message while nobody has read it yet; once read, the new version is sent as a new message. */
  async update(address: string, ref: string, message: OutgoingMessage): Promise<void> {
    const id = Number(ref);
    if (Number.isSafeInteger(id) && (await this.history.replaceUnread(localUser(address), id, message))) return;
    await this.send(address, message);
  }

  /** Answers 429 (with Retry-After) and returns true when `user` made too many reads of this kind in the last minute. */
  private limited(res: ServerResponse, limit: RateLimit, user: string, perMinute: number, what: string): boolean {
    const now = this.clock.now();
    if (limit.take(user, now) === 'allowed') return false;
    const seconds = limit.secondsLeft(user, now);
    res.setHeader('retry-after', String(seconds));
    sendJson(res, 429, { error: `too many ${what} reads for "${user}": at most ${perMinute} a minute; try again in ${seconds} s` });
    return true;
  }

  /** Refuses, before anything is read, a caller that is not the person at this machine. */
  private guard(req: HttpRequest, options: { token?: boolean } = {}): void {
    const refusal = notFromThisMachine(req);
    if (refusal) throw new HttpError(403, `the local chat answers only the person at this machine: ${refusal}`);
    if (options.token && !bearerMatches(req.headers.authorization, this.token)) {
      throw new HttpError(401, 'the local chat token is missing or wrong: open the URL printed at start (…/?token=…), or send "Authorization: Bearer <token>"');
    }
  }
}
