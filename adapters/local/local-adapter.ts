// The local chat: a web page and a JSON endpoint for trying the bot without Slack or
// Teams, and the ChatPort for "local:" addresses (messages wait in an inbox the page polls).
// It trusts the user name it is given, so it answers loopback callers only.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isBotError } from '../../src/core/errors';
import type { IncomingMessage, OutgoingMessage } from '../../src/core/messages';
import type { ChatPort } from '../../src/core/ports';
import type { Bot } from '../../src/conversation/bot';
import { translator } from '../../src/conversation/catalog/catalog';
import { HttpError, isLoopback, readBody, sendJson, type HttpServer } from '../../src/http/server';
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

export function localAddress(user: string): string {
  return `local:${user}`;
}

export class LocalAdapter implements ChatPort {
  private readonly inboxes = new Map<string, { ref: string; message: OutgoingMessage }[]>();

  constructor(private readonly bot: Bot) {}

  register(server: HttpServer): void {
    for (const [path, file] of Object.entries(ASSETS)) {
      server.route('GET', path, (req, res) => {
        this.guard(req.socket.remoteAddress);
        const body = readFileSync(projectFile(`adapters/local/web/${file}`));
        res.writeHead(200, { 'content-type': TYPES[file.split('.').pop()!], 'cache-control': 'no-cache' });
        res.end(body);
      });
    }
    server.route('GET', '/local/identities', (req, res) => {
      this.guard(req.socket.remoteAddress);
      sendJson(res, 200, { identities: DEMO_IDENTITIES });
    });
    server.route('GET', '/local/inbox', (req, res) => {
      this.guard(req.socket.remoteAddress);
      const user = userName.safeParse(new URL(req.url ?? '/', 'http://local').searchParams.get('user') ?? '');
      if (!user.success) throw new HttpError(400, user.error.issues[0].message);
      const messages = this.inboxes.get(localAddress(user.data)) ?? [];
      this.inboxes.delete(localAddress(user.data));
      sendJson(res, 200, { messages: messages.map((m) => m.message) });
    });
    server.route('POST', '/local/messages', async (req, res, { log }) => {
      this.guard(req.socket.remoteAddress);
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
      const incoming: IncomingMessage = {
        platform: 'local',
        user: { externalId: user, displayName: user },
        conversation: localAddress(user),
        directAddress: localAddress(user),
        text,
        action,
        form,
      };
      try {
        sendJson(res, 200, { replies: await this.bot.handle(incoming) });
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

  private guard(remote: string | undefined): void {
    if (!isLoopback(remote)) throw new HttpError(403, 'the local chat answers only on this machine (loopback)');
  }
}
