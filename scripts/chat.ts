// The terminal client of the local chat: `npm run chat [-- --user NAME --url URL]`.
// It posts what you type to POST /local/messages and prints the bot's replies; a number
// picks that choice of the last reply, `/user NAME` switches identity, `/quit` exits.
// Messages the bot sent on its own (GET /local/inbox) are printed before each prompt.
// The local chat token comes from --token, LOCAL_CHAT_TOKEN, or the data directory where
// the bot keeps the one it generated (run from the bot's folder).
import { createInterface } from 'node:readline';
import { readLocalChatToken } from '../adapters/local/local-token';
import { applyEnvFile } from '../src/config';
import { dataDirectory, localChatTokenFile } from '../src/paths';
import type { OutgoingMessage } from '../src/core/messages';
import { messageLines } from './chat-format';

const USER = /^[\w.@-]{1,64}$/;

interface Options {
  user: string;
  url: string;
  token?: string;
}

const USAGE = 'Usage: npm run chat [-- --user NAME --url http://localhost:3978 --token TOKEN]';

function parseArgs(argv: string[]): Options {
  const options: Options = { user: 'demo-member', url: `http://localhost:${process.env.PORT || 3978}`, token: process.env.LOCAL_CHAT_TOKEN?.trim() || readLocalChatToken(dataDirectory()) };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--user') options.user = value() ?? '';
    else if (flag === '--url') options.url = (value() ?? '').replace(/\/+$/, '');
    else if (flag === '--token') options.token = value() ?? '';
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`Unknown option ${argv[i]}. ${USAGE}`);
  }
  if (!USER.test(options.user)) fail(`--user: use 1 to 64 letters, digits, or . _ @ - (got "${options.user}")`);
  if (!/^https?:\/\/\S+$/.test(options.url)) fail(`--url: expected an http(s) URL such as http://localhost:3978 (got "${options.url}")`);
  return options;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = (t: string) => paint('1', t);
const dim = (t: string) => paint('2', t);

class NotRunning extends Error {}

class Client {
  /** The choices of the last message that offered some; a number typed picks one. */
  private choices: { options: { label: string; value: string }[]; multiple: boolean } | null = null;

  private readonly authorization: Record<string, string>;

  constructor(public user: string, private readonly url: string, token: string | undefined) {
    this.authorization = token ? { authorization: `Bearer ${token}` } : {};
  }

  /** Sends text, a choice's value(s), or nothing (for the greeting) and prints the replies. */
  async send(body: { text: string } | { action: string | string[]; shown?: string }): Promise<void> {
    let res: Response;
    try {
      res = await fetch(`${this.url}/local/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.authorization },
        body: JSON.stringify({ user: this.user, ...body }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new NotRunning(this.unreachable(error));
    }
    const data = (await res.json().catch(() => null)) as { replies?: OutgoingMessage[]; error?: string } | null;
    if (data?.replies?.length) this.print(data.replies);
    else if (!res.ok) console.log(paint('31', `Error (${res.status}): ${data?.error ?? res.statusText}`));
    if (res.status === 404 || res.status === 403) console.log(dim('Is the local chat on at this address? (LOCAL_CHAT=on, and only from this machine)'));
    if (res.status === 401) console.log(dim(`Run npm run chat from the bot's folder (it reads ${localChatTokenFile(dataDirectory())}), or pass --token or LOCAL_CHAT_TOKEN.`));
  }

  /** Prints the messages waiting in this identity's inbox. */
  async inbox(): Promise<void> {
    try {
      const res = await fetch(`${this.url}/local/inbox?user=${encodeURIComponent(this.user)}`, { headers: this.authorization, signal: AbortSignal.timeout(10_000) });
      if (!res.ok) return;
      const data = (await res.json()) as { messages?: OutgoingMessage[] };
      if (data.messages?.length) {
        console.log(dim(`(${data.messages.length} message${data.messages.length === 1 ? '' : 's'} sent to ${this.user} while you were away)`));
        this.print(data.messages);
      }
    } catch (error) {
      console.log(paint('31', this.unreachable(error)));
    }
  }

  /** The value(s) a typed number picks, or null when the line is not a pick. */
  pick(line: string): string | string[] | null {
    if (!this.choices || !/^\d+(\s*,\s*\d+)*$/.test(line)) return null;
    const numbers = line.split(',').map((n) => Number(n.trim()));
    if (numbers.some((n) => n < 1 || n > this.choices!.options.length)) return null;
    if (!this.choices.multiple && numbers.length > 1) return null;
    const values = numbers.map((n) => this.choices!.options[n - 1].value);
    return this.choices.multiple ? values : values[0];
  }

  label(value: string | string[]): string {
    const one = (v: string) => this.choices?.options.find((o) => o.value === v)?.label ?? v;
    return Array.isArray(value) ? value.map(one).join(', ') : one(value);
  }

  private print(messages: OutgoingMessage[]): void {
    this.choices = null;
    for (const m of messages) {
      const tag = m.tone === 'error' ? paint('31', 'bot (error):') : m.tone === 'success' ? paint('32', 'bot:') : paint('36', 'bot:');
      const lines = messageLines(m, { bold, dim });
      if (m.choices?.options.length) this.choices = { options: m.choices.options, multiple: Boolean(m.choices.multiple) };
      const indent = ' '.repeat(m.tone === 'error' ? 13 : 5);
      console.log(`${tag} ${lines.join(`\n${indent}`)}`);
    }
  }

  private unreachable(error: unknown): string {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    return `The bot is not answering at ${this.url} (${cause}). Is it running? Start it with npm start, or pass --url.`;
  }
}

async function main(): Promise<void> {
  // PORT and LOCAL_CHAT_TOKEN as the bot reads them: the environment, then .env (or ENV_FILE).
  applyEnvFile();
  const options = parseArgs(process.argv.slice(2));
  const client = new Client(options.user, options.url, options.token);
  console.log(dim(`Local chat with ${options.url} as ${options.user}. Type a message; a number picks a choice; /user NAME switches identity; /quit exits.`));
  try {
    await client.send({ text: '' });
  } catch (error) {
    if (error instanceof NotRunning) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY && process.stdout.isTTY });
  rl.on('SIGINT', () => rl.close());
  // Take lines from the start: lines piped in while a request runs wait here, in order.
  const lines = rl[Symbol.asyncIterator]();
  const prompt = async () => {
    await client.inbox();
    rl.setPrompt(`${client.user}> `);
    rl.prompt();
  };
  await prompt();
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const line = next.value.trim();
    try {
      if (line === '/quit' || line === '/exit') break;
      if (line.startsWith('/user')) {
        const name = line.slice(5).trim();
        if (!USER.test(name)) console.log('Usage: /user NAME (1 to 64 letters, digits, or . _ @ -)');
        else {
          client.user = name;
          console.log(dim(`Now chatting as ${name}.`));
          await client.send({ text: '' });
        }
      } else if (line !== '') {
        const action = client.pick(line);
        if (action !== null) {
          console.log(dim(`> ${client.label(action)}`));
          // Kept in the conversation as the labels picked, as the page does.
          await client.send({ action, shown: client.label(action) });
        } else await client.send({ text: line });
      }
    } catch (error) {
      if (!(error instanceof NotRunning)) throw error;
      console.log(paint('31', error.message));
    }
    await prompt();
  }
  rl.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(`chat: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
