// The web chat at phone width (360 × 740) on the real server with the demo coalition seeded
// (node dist/scripts/seed-demo.js, then node dist/src/main.js on the same SQLite file):
// the secretariat's digest reads as text, not a letter or two a line; the conversation is
// kept by the server and comes back after a reload, a switch of user and a restart of the
// bot; a demo member told of their approval reads it by switching to them in the page.
// Screenshots go to test-artifacts/web-chat-phone-*.png.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { demoMembers } from '../../scripts/demo/demo-coalition';
import { startBot, type BotProcess } from '../support/bot-process';
import { describeWithBrowser, launchPage, webChatTranscript } from '../support/browser';

const root = join(__dirname, '..', '..');
const artifacts = join(root, 'test-artifacts');
const WAIT_MS = 15_000;
const PHONE = { width: 360, height: 740 };

/** What the layout looks like where text is laid out: the narrowest box and the fewest characters a line. */
interface Layout {
  pageWidth: number;
  scrollWidth: number;
  /** Each field value (dd) and label (dt) in the transcript: width and characters per line. */
  fields: { tag: string; text: string; width: number; lines: number; charsPerLine: number }[];
}

function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const fields = Array.from(document.querySelectorAll('#transcript dl.fields > dt, #transcript dl.fields > dd')).map((node) => {
      const text = (node.textContent ?? '').trim();
      const range = document.createRange();
      range.selectNodeContents(node);
      // One rectangle per line box (and per text run): the distinct tops are the lines.
      const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      const lines = Math.max(1, tops.size);
      const longest = Math.max(...text.split('\n').map((l: string) => l.length));
      return { tag: node.tagName.toLowerCase(), text, width: node.getBoundingClientRect().width, lines, charsPerLine: Math.min(longest, text.replace(/\s+/g, ' ').length / lines) };
    });
    return { pageWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, fields };
  });
}

describeWithBrowser('web chat at phone width, history kept by the server (real server, Chromium)', () => {
  let bot: BotProcess | undefined;
  let browser: Browser | null = null;
  let page: Page;
  let dir: string;
  let databaseUrl: string;
  const pageErrors: string[] = [];

  const env = () => ({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', HOME: process.env.HOME ?? '' });
  const botMessages = () => webChatTranscript(page, WAIT_MS).botMessages();
  const memberMessages = () => page.locator('#transcript .msg.member');

  async function waitForBotMessages(more: number, than: number): Promise<void> {
    await page.waitForFunction((n) => document.querySelectorAll('#transcript .msg.bot').length >= n, than + more, { timeout: WAIT_MS });
  }

  async function say(text: string): Promise<void> {
    await webChatTranscript(page, WAIT_MS).send(text);
    await page.waitForFunction(() => document.body.classList.contains('busy') === false, undefined, { timeout: WAIT_MS });
  }

  /** Opens the page as the person at the machine does, as `user`, and waits for the conversation to show. */
  async function open(user: string): Promise<void> {
    await page.goto(`${bot!.url}/?token=${bot!.token}&user=${user}`, { timeout: WAIT_MS });
    await waitForBotMessages(1, 0);
    await page.waitForFunction(() => document.body.classList.contains('busy') === false, undefined, { timeout: WAIT_MS });
  }

  async function switchTo(user: string): Promise<void> {
    await page.fill('#other-user', user);
    await page.click('#other-user-go');
    await page.waitForFunction((u) => (document.getElementById('identity') as HTMLSelectElement).value === u, user, { timeout: WAIT_MS });
    await page.waitForFunction(() => document.body.classList.contains('busy') === false, undefined, { timeout: WAIT_MS });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'web-chat-phone-'));
    databaseUrl = `file:${join(dir, 'bot.db')}`;
    // The demo coalition, as `npm run seed:demo` writes it (dist/ is built by the global setup).
    const seeded = await promisify(execFile)(process.execPath, [join(root, 'dist/scripts/seed-demo.js')], {
      cwd: root,
      env: { PATH: process.env.PATH, ENV_FILE: '', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    expect(seeded.stdout).toMatch(/^demo coalition: 60 members/);
    bot = await startBot(env(), { cwd: dir });
    ({ browser, page } = await launchPage({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true }, WAIT_MS, pageErrors));
    mkdirSync(artifacts, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await bot?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  test('the digest from 360 px to desktop: values read as lines of text, nothing wider than the screen', async () => {
    await open('demo-secretariat');
    await say('digest');
    const digest = botMessages().filter({ hasText: 'Secretariat digest' }).last();
    await digest.waitFor();
    await digest.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'web-chat-phone-digest.png') });

    for (const width of [PHONE.width, 414, 600, 1024]) {
      await page.setViewportSize({ width, height: PHONE.height });
      const layout = await measure(page);
      expect(layout.pageWidth).toBe(width);
      // Nothing pushes the page sideways.
      expect({ width, scrollWidth: layout.scrollWidth <= width }).toEqual({ width, scrollWidth: true });
      const values = layout.fields.filter((f) => f.tag === 'dd');
      expect(values.filter((f) => f.text.length >= 30).length).toBeGreaterThanOrEqual(5);
      for (const field of values) {
        const name = `${width} px: ${field.text.slice(0, 40)}`;
        // Every value has room (the message is ~320 px wide on the phone)…
        expect({ name, wide: field.width >= 200 }).toEqual({ name, wide: true });
        // …and a line holds words, not a letter or two (long values: 15 characters a line at least).
        if (field.text.length >= 30) expect({ name, charsPerLine: field.charsPerLine >= 15 }).toEqual({ name, charsPerLine: true });
      }
      // On the phone the labels too have the message's width (each above its value).
      if (width === PHONE.width) for (const label of layout.fields.filter((f) => f.tag === 'dt')) expect({ label: label.text, wide: label.width >= 200 }).toEqual({ label: label.text, wide: true });
    }
    await page.screenshot({ path: join(artifacts, 'web-chat-desktop-digest.png') });
    await page.setViewportSize(PHONE);
  }, 120_000);

  test('the conversation comes back after a reload and a switch of user', async () => {
    await open('demo-secretariat');
    await say('my groups');
    const said = await memberMessages().allInnerTexts();
    expect(said.join('\n')).toMatch(/digest[\s\S]*my groups/);
    const botCount = await botMessages().count();

    await page.reload();
    await page.waitForFunction((n) => document.querySelectorAll('#transcript .msg.bot').length >= n, botCount, { timeout: WAIT_MS });
    expect(await memberMessages().allInnerTexts()).toEqual(said);
    expect(await botMessages().count()).toBe(botCount);
    await expect(botMessages().filter({ hasText: 'Secretariat digest' }).count()).resolves.toBe(1);

    // Another user sees their own conversation only, then the first comes back as it was.
    await switchTo('demo-chair');
    await waitForBotMessages(1, 0);
    await expect(memberMessages().count()).resolves.toBe(0);
    await expect(botMessages().filter({ hasText: 'Secretariat digest' }).count()).resolves.toBe(0);
    await say('hello');
    await switchTo('demo-secretariat');
    expect(await memberMessages().allInnerTexts()).toEqual(said);
    await expect(memberMessages().filter({ hasText: 'hello' }).count()).resolves.toBe(0);

    // While the page is open, a demo member leaves a group: the secretariat's notice shows within the 5 s poll.
    const leaver = demoMembers().filter((m) => m.groups.includes('adoption'))[1];
    expect((await bot!.say(leaver.externalId, { text: 'leave adoption' })).replies[0].text).toContain('Do you really want to leave Adoption Working Group?');
    expect((await bot!.say(leaver.externalId, { action: 'yes' })).replies[0].text).toContain('You have left Adoption Working Group');
    const notice = page.locator('#transcript .msg.bot.proactive', { hasText: `${leaver.name} (${leaver.organization}) has left Adoption Working Group.` });
    await notice.waitFor({ timeout: 12_000 });
    await page.screenshot({ path: join(artifacts, 'web-chat-phone-history.png') });
  }, 120_000);

  test('after a restart of the bot, a demo member reads the notice sent to them; the history is all there', async () => {
    await open('demo-secretariat');
    // Approve the first waiting application of the demo coalition: its applicant (a demo member) is told.
    await say('applications');
    const card = botMessages().filter({ hasText: 'Application from' }).last();
    const title = await card.locator('.title').innerText();
    const applicant = /^Application from (.+) to (.+)$/.exec(title)!;
    expect(applicant).not.toBeNull();
    const before = await botMessages().count();
    await card.locator('button.choice', { hasText: 'Approve' }).click();
    await waitForBotMessages(1, before);
    expect((await botMessages().last().innerText())).toContain(`${applicant[1]} is now a member of ${applicant[2]}`);
    const secretariatSaid = await memberMessages().allInnerTexts();

    // The bot stops and starts again on the same SQLite file: nothing was kept only in its memory.
    await bot!.stop();
    bot = await startBot(env(), { cwd: dir });

    await open('demo-secretariat');
    expect(await memberMessages().allInnerTexts()).toEqual(secretariatSaid);
    // The page offers the users with a conversation: the applicant is among them.
    const others = await page.locator('#identity optgroup option').allInnerTexts();
    expect(others.length).toBeGreaterThan(0);
    let reader: string | undefined;
    for (const user of others) {
      await page.selectOption('#identity', user);
      await page.waitForFunction((u) => (document.getElementById('identity') as HTMLSelectElement).value === u, user);
      await page.waitForFunction(() => document.body.classList.contains('busy') === false);
      const texts = (await botMessages().allInnerTexts()).join('\n');
      if (texts.includes(`your application to ${applicant[2]} is approved`)) {
        reader = user;
        break;
      }
    }
    expect(reader).toMatch(/^demo-\d\d$/);
    const notice = page.locator('#transcript .msg.bot.proactive').last();
    await expect(notice.innerText()).resolves.toContain('Bot (sent to you)');
    await expect(notice.innerText()).resolves.toContain(applicant[2]);
    await page.screenshot({ path: join(artifacts, 'web-chat-phone-notice.png') });
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
