// The whole app in this process (real database, real HTTP server on a free port) with a
// fake clock, for scenarios that need time to pass: reminders, digests.
import { startApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { createLogger } from '../../src/logger';
import type { Coalition } from '../../src/core/coalition/coalition';
import type { OutgoingMessage } from '../../src/core/messages';
import { localChatHeaders, TEST_LOCAL_CHAT_TOKEN, TEST_RATE_LIMIT } from './bot-process';
import { FakeClock } from './fake-clock';

export interface TestApp {
  app: App;
  clock: FakeClock;
  url: string;
  /** The headers the local chat requires (content type and bearer token). */
  headers: Record<string, string>;
  /** `language`: sent as the request's Accept-Language, as a browser does. */
  say(user: string, body: { text?: string; action?: string | string[] }, language?: string): Promise<OutgoingMessage[]>;
  inbox(user: string): Promise<OutgoingMessage[]>;
  stop(): Promise<void>;
}

export async function startTestApp(databaseUrl: string, now: string, env: Record<string, string> = {}, coalition?: Coalition): Promise<TestApp> {
  const clock = new FakeClock(new Date(now));
  const config = loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', LOCAL_CHAT: 'on', LOG_LEVEL: 'silent', REMINDER_TICK_CRON: '0 0 1 1 *', LOCAL_CHAT_TOKEN: TEST_LOCAL_CHAT_TOKEN, RATE_LIMIT_PER_MINUTE: TEST_RATE_LIMIT, ...env });
  const app = await startApp(config, coalition ?? loadCoalitionFile(defaultCoalitionFile), createLogger('silent'), clock);
  const url = `http://127.0.0.1:${app.port}`;
  const headers = localChatHeaders(app.localChatToken);
  return {
    app,
    clock,
    url,
    headers,
    async say(user, body, language) {
      const res = await fetch(`${url}/local/messages`, { method: 'POST', headers: { ...headers, ...(language ? { 'accept-language': language } : {}) }, body: JSON.stringify({ user, ...body }) });
      const json = (await res.json()) as { replies?: OutgoingMessage[]; error?: string };
      if (!res.ok) throw new Error(`${res.status} ${json.error ?? ''}`);
      return json.replies ?? [];
    },
    async inbox(user) {
      const res = await fetch(`${url}/local/inbox?user=${encodeURIComponent(user)}`, { headers });
      return ((await res.json()) as { messages: OutgoingMessage[] }).messages;
    },
    stop: () => app.stop(),
  };
}
