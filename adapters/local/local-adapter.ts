// The local chat: a web page and a JSON endpoint for trying the bot without Slack or
// Teams, and the ChatPort for "local:" addresses (messages wait in an inbox the page polls).
// It trusts the user name it is given, so it answers only the person at this machine: a
// loopback caller no proxy relayed, naming this machine as Host, and (for what speaks or
// reads as someone) holding the token printed at start.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage as HttpRequest } from 'node:http';
import Negotiator from 'negotiator';
import { z } from 'zod';
import { isBotError } from '../../src/core/errors';
import type { IncomingMessage, OutgoingMessage } from '../../src/core/messages';
import type { ChatPort } from '../../src/core/ports';
import type { Bot } from '../../src/conversation/bot';
import { textDirection } from '../../src/core/text/bidi';
import { catalogLanguages, translator } from '../../src/conversation/catalog/catalog';
import { bearerMatches } from '../../src/http/bearer';
import { notFromThisMachine } from '../../src/http/local-caller';
import { HttpError, readBody, sendJson, type HttpServer } from '../../src/http/server';
import { projectFile } from '../../src/paths';

export const DEMO_IDENTITIES = [
  { user: 'demo-member', label: 'Member' },
  { user: 'demo-chair', label: 'Chair' },
  { user: 'demo-secretariat', label: 'Secretariat' },
] as const;

const userName = z.string().trim().min(1, 'user is required').max(64, 'user: at most 64 characters').regex(/^[\w.@-]+$/, 'user: letters, digits, and . _ @ - only');

const requestSchema = z
  .object({
    user: userName,
    text: z.string().max(10000, 'text: at most 10000 characters').optional(),
    action: z.union([z.string().max(2000), z.array(z.string().max(2000)).max(100)]).optional(),
    form: z.object({ id: z.string().max(64), values: z.record(z.union([z.string().max(10000), z.array(z.string().max(2000)).max(100)])) }).optional(),
  })
  .strict()
  .refine((r) => [r.text, r.action, r.form].filter((v) => v !== undefined).length === 1, { message: 'send exactly one of text, action or form' });

const INBOX_LIMIT = 100;
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

/** The first language of the request's Accept-Language header the bot has a catalog for. */
export function browserLanguage(req: Pick<HttpRequest, 'headers'>): string | undefined {
  const header = req.headers['accept-language'];
  if (typeof header !== 'string' || header.length > 500) return undefined;
  // "*" (what a script's fetch sends) says nothing about the person: no language from it.
  const named = header.split(',').filter((range) => range.split(';')[0]!.trim() !== '*').join(',');
  if (!named.trim()) return undefined;
  return new Negotiator({ headers: { 'accept-language': named } }).languages(catalogLanguages())[0];
}

/** A right-to-left message (Arabic) says so, for the page to set its `dir`. */
function withDirection(message: OutgoingMessage): OutgoingMessage & { dir?: 'rtl' } {
  const text = [message.title, message.text, ...(message.fields ?? []).map((f) => `${f.label} ${f.value}`)].filter(Boolean).join(' ');
  return textDirection(text) === 'rtl' ? { ...message, dir: 'rtl' } : message;
}

export function localAddress(user: string): string {
  return `local:${user}`;
}

export class LocalAdapter implements ChatPort {
  private readonly inboxes = new Map<string, { ref: string; message: OutgoingMessage }[]>();

  /** `token`: what POST /local/messages and GET /local/inbox require as "Authorization: Bearer". */
  constructor(private readonly bot: Bot, private readonly token: string) {}

  register(server: HttpServer): void {
    for (const [path, file] of Object.entries(ASSETS)) {
      server.route('GET', path, (req, res) => {
        this.guard(req);
        const body = readFileSync(projectFile(`adapters/local/web/${file}`));
        res.writeHead(200, { ...PAGE_SECURITY_HEADERS, 'content-type': TYPES[file.split('.').pop()!], 'cache-control': 'no-cache' });
        res.end(body);
      });
    }
    server.route('GET', '/local/identities', (req, res) => {
      this.guard(req);
      sendJson(res, 200, { identities: DEMO_IDENTITIES });
    });
    server.route('GET', '/local/inbox', (req, res) => {
      this.guard(req, { token: true });
      const user = userName.safeParse(new URL(req.url ?? '/', 'http://local').searchParams.get('user') ?? '');
      if (!user.success) throw new HttpError(400, user.error.issues[0].message);
      const messages = this.inboxes.get(localAddress(user.data)) ?? [];
      this.inboxes.delete(localAddress(user.data));
      sendJson(res, 200, { messages: messages.map((m) => withDirection(m.message)) });
    });
    server.route('POST', '/local/messages', async (req, res, { log }) => {
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
      const { user, text, action, form } = parsed.data;
      // The browser's languages (Accept-Language): the first the bot speaks, until the member chooses.
      const locale = browserLanguage(req);
      const incoming: IncomingMessage = {
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
        sendJson(res, 200, { replies: (await this.bot.handle(incoming)).map(withDirection) });
      } catch (error) {
        if (!isBotError(error, 'DB.UNAVAILABLE')) throw error;
        log.warn({ err: error }, 'database unavailable');
        sendJson(res, 503, { replies: [{ text: translator('en')('error.temporarily_unavailable'), tone: 'error' }] });
      }
    });
  }

  async send(address: string, message: OutgoingMessage): Promise<{ ref: string }> {
    const inbox = this.inboxes.get(address) ?? [];
    const ref = randomUUID();
    inbox.push({ ref, message });
    this.inboxes.set(address, inbox.slice(-INBOX_LIMIT));
    return { ref };
  }

  async update(address: string, ref: string, message: OutgoingMessage): Promise<void> {
    const inbox = this.inboxes.get(address) ?? [];
    const pending = inbox.find((m) => m.ref === ref);
    if (pending) pending.message = message;
    else await this.send(address, message);
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
