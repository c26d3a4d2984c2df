// Starts the real bot (node dist/src/main.js) as a child process on a free port and
// talks to it over HTTP, the way a user or a platform would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutgoingMessage } from '../../src/core/messages';

const root = join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function tempSqliteUrl(): string {
  return `file:${join(mkdtempSync(join(tmpdir(), 'bot-')), 'bot.db')}`;
}

/**
 * Scenario tests send many messages as one person within a minute (a FakeClock does not even
 * let the minute pass): the per-person limit is raised for them and tested on its own.
 */
export const TEST_RATE_LIMIT = '100000';

/** The local chat token the test bots run with (unless a test sets LOCAL_CHAT_TOKEN itself). */
export const TEST_LOCAL_CHAT_TOKEN = 'test-local-chat-token-0123456789';

/** The headers the local chat requires on POST /local/messages and GET /local/inbox. */
export function localChatHeaders(token = TEST_LOCAL_CHAT_TOKEN): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${token}` };
}

export interface BotProcess {
  url: string;
  /** The local chat token this bot requires. */
  token: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  say(user: string, body: { text?: string; action?: string | string[] }): Promise<{ status: number; replies: OutgoingMessage[]; error?: string }>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs main.js with the given environment and returns once it fails or /healthz answers 200. */
export async function startBot(env: Record<string, string>, options: { waitHealthy?: boolean; cwd?: string } = {}): Promise<BotProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const token = env.LOCAL_CHAT_TOKEN ?? TEST_LOCAL_CHAT_TOKEN;
  const child = spawn(process.execPath, [join(root, 'dist/src/main.js')], {
    cwd: options.cwd ?? root,
    env: { PATH: process.env.PATH, ENV_FILE: '', LOG_LEVEL: 'warn', LOCAL_CHAT: 'on', LOCAL_CHAT_TOKEN: TEST_LOCAL_CHAT_TOKEN, RATE_LIMIT_PER_MINUTE: TEST_RATE_LIMIT, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const bot: BotProcess = {
    url,
    token,
    child,
    output: () => output,
    exited,
    async say(user, body) {
      const res = await fetch(`${url}/local/messages`, { method: 'POST', headers: localChatHeaders(bot.token), body: JSON.stringify({ user, ...body }) });
      const json = (await res.json()) as { replies?: OutgoingMessage[]; error?: string };
      return { status: res.status, replies: json.replies ?? [], error: json.error };
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
  if (options.waitHealthy === false) return bot;
  const deadline = Date.now() + 30_000;
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  while (Date.now() < deadline && !exitedEarly) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return bot;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await bot.stop('SIGKILL');
  throw new Error(`bot did not become healthy:\n${output}`);
}

/**
 * The bot as the quick start runs it (`npm start` in `dataDir` with nothing configured: SQLite
 * there, the local chat on, its token generated and kept in <dataDir>/data), with JSON logs.
 * `printed` is the URL it prints for the person at the machine.
 */
export async function startQuickStart(dataDir: string): Promise<{ bot: BotProcess; printed: string }> {
  const bot = await startBot({ LOCAL_CHAT_TOKEN: '', DATABASE_URL: `file:${join(dataDir, 'bot.db')}`, LOG_LEVEL: 'info', LOG_FORMAT: 'json' }, { cwd: dataDir });
  const printed = /"url":"(http:\/\/localhost:\d+\/\?token=[\w-]+)"/.exec(bot.output())?.[1];
  if (!printed) {
    await bot.stop();
    throw new Error(`the bot printed no local chat URL:\n${bot.output()}`);
  }
  return { bot, printed };
}
