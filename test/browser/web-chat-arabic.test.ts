// The web chat in Arabic, right to left: the real server (node dist/src/main.js, SQLite in a
// temp dir) and the page in headless Chromium whose language is Arabic. The browser's
// Accept-Language makes the bot answer in Arabic; every Arabic message is laid out right to
// left (its `dir`), an English one left to right. Saves test-artifacts/web-chat-arabic.png.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { coalitionIn } from '../../src/core/coalition/coalition';
import { translator } from '../../src/conversation/catalog/catalog';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { describeWithBrowser, launchPage } from '../support/browser';

const root = join(__dirname, '..', '..');
const WAIT_MS = 15_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** What the page shows of a message: the isolates (FSI, PDI) are invisible. */
const visible = (text: string) => text.replace(/[\u2068\u2069]/g, '');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describeWithBrowser('web chat in Arabic (real server, Chromium)', () => {
  let server: ChildProcess | undefined;
  let output = '';
  let browser: Browser | null = null;
  let page: Page;
  let dataDir: string;
  let printed = '';
  const pageErrors: string[] = [];

  const bot = () => page.locator('#transcript .msg.bot');

  async function newReplies(before: number) {
    await page.waitForFunction((n) => document.querySelectorAll('#transcript .msg.bot').length > n, before, { timeout: WAIT_MS });
    const all = bot();
    const count = await all.count();
    return Promise.all(
      Array.from({ length: count - before }, async (_, i) => {
        const message = all.nth(before + i);
        return {
          text: await message.innerText(),
          dir: await message.getAttribute('dir'),
          direction: await message.evaluate((node) => getComputedStyle(node).direction),
        };
      }),
    );
  }

  async function say(text: string) {
    const before = await bot().count();
    await page.fill('#message', text);
    await page.press('#message', 'Enter');
    return newReplies(before);
  }

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'scripts', 'build-if-needed.mjs')], { cwd: root, stdio: 'pipe', timeout: 240_000 });
    const port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'web-chat-ar-'));
    server = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], {
      cwd: dataDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ENV_FILE: '', PORT: String(port), DATABASE_URL: `file:${join(dataDir, 'bot.db')}`, LOG_LEVEL: 'info', LOG_FORMAT: 'json', LOCAL_CHAT: 'on' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (!/"url":"http:\/\/localhost:\d+\/\?token=[\w-]+"/.test(output)) {
      if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}):\n${output}`);
      if (Date.now() > deadline) throw new Error(`the server did not print its URL within 30 s:\n${output}`);
      await sleep(250);
    }
    printed = /"url":"(http:\/\/localhost:\d+\/\?token=[\w-]+)"/.exec(output)![1]!;
    // An Arabic browser: its Accept-Language is ar-YE.
    ({ browser, page } = await launchPage({ locale: 'ar-YE', viewport: { width: 900, height: 900 } }, WAIT_MS, pageErrors));
  }, 300_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise<void>((resolve) => server!.once('exit', () => resolve()));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server!.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  test('answers an Arabic browser in Arabic, right to left, and an English choice left to right', async () => {
    const ar = translator('ar');
    await page.goto(printed, { timeout: WAIT_MS });
    const [welcome] = await newReplies(0);
    expect(welcome).toMatchObject({ dir: 'rtl', direction: 'rtl' });
    const coalition = coalitionIn(loadCoalitionFile(defaultCoalitionFile), 'ar');
    expect(visible(welcome!.text)).toContain(visible(ar('welcome', { bot: coalition.botName, coalition: coalition.name })));

    const help = await say('help');
    expect(help[0]).toMatchObject({ dir: 'rtl', direction: 'rtl' });
    expect(visible(help[0]!.text)).toContain(ar('help.title'));

    // The profile in Arabic, an Arabic name typed: the member's own message reads right to left too.
    const name = await say('profile');
    expect(visible(name.at(-1)!.text)).toContain(visible(ar('profile.name.prompt')));
    expect(name.at(-1)!.direction).toBe('rtl');
    const organization = await say('سارة العمري');
    expect(organization.at(-1)).toMatchObject({ dir: 'rtl', direction: 'rtl' });
    await expect(page.locator('#transcript .msg.member .text').last().evaluate((node) => getComputedStyle(node).direction)).resolves.toBe('rtl');
    // A mixed line (an English organization name and digits inside an Arabic reply) stays one right-to-left message.
    const category = await say('وزارة الاتصالات ICT 2030');
    expect(category.at(-1)!.direction).toBe('rtl');

    mkdirSync(join(root, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-artifacts', 'web-chat-arabic.png') });

    // English chosen: left to right again.
    await say('cancel');
    const english = await say('language en');
    expect(english[0]).toMatchObject({ dir: 'ltr', direction: 'ltr' });
    expect(english[0]!.text).toContain('From now on I write to you in English');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
