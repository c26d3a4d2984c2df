// The web chat in Arabic, right to left: the real server (node dist/src/main.js, SQLite in a
// temp dir) and the page in headless Chromium whose language is Arabic. The browser's
// Accept-Language makes the bot answer in Arabic; every Arabic message is laid out right to
// left (its `dir`), an English one left to right. Saves test-artifacts/web-chat-arabic.png.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { coalitionIn } from '../../src/core/coalition/coalition';
import { translator } from '../../src/conversation/catalog/catalog';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { startQuickStart, type BotProcess } from '../support/bot-process';
import { describeWithBrowser, launchPage, webChatTranscript } from '../support/browser';

const root = join(__dirname, '..', '..');
const WAIT_MS = 15_000;
/** What the page shows of a message: the isolates (FSI, PDI) are invisible. */
const visible = (text: string) => text.replace(/[\u2068\u2069]/g, '');

describeWithBrowser('web chat in Arabic (real server, Chromium)', () => {
  let bot: BotProcess | undefined;
  let browser: Browser | null = null;
  let page: Page;
  let dataDir: string;
  let printed = '';
  const pageErrors: string[] = [];

  /** Each message's text, its `dir` and the direction it is laid out in. */
  const described = (messages: Locator[]) =>
    Promise.all(
      messages.map(async (message) => ({
        text: await message.innerText(),
        dir: await message.getAttribute('dir'),
        direction: await message.evaluate((node) => getComputedStyle(node).direction),
      })),
    );
  const transcript = () => webChatTranscript(page, WAIT_MS);
  const newReplies = async (before: number) => described(await transcript().repliesAfter(before));
  const say = async (text: string) => described(await transcript().send(text));

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'scripts', 'build-if-needed.mjs')], { cwd: root, stdio: 'pipe', timeout: 240_000 });
    dataDir = mkdtempSync(join(tmpdir(), 'web-chat-ar-'));
    ({ bot, printed } = await startQuickStart(dataDir));
    // An Arabic browser: its Accept-Language is ar-YE.
    ({ browser, page } = await launchPage({ locale: 'ar-YE', viewport: { width: 900, height: 900 } }, WAIT_MS, pageErrors));
  }, 300_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await bot?.stop();
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
