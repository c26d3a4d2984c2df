// Chromium for browser tests, driven by playwright-core (no bundled browser download):
// the Debian `chromium` package. CI installs it, so there a missing browser is an error;
// on a developer machine without it the browser tests are skipped with one warning.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** True when the browser tests can run here (throws on CI when Chromium is missing). */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM_PATH} is missing: CI must install Chromium (apt-get install chromium) for the browser tests`);
  return false;
}

/** Launches headless Chromium, or returns null when it is not installed (outside CI). */
export async function launchChromium(): Promise<Browser | null> {
  if (!chromiumAvailable()) return null;
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Headless Chromium with one page (in a context of its own with `options`): `timeoutMs` is the
 * page's default timeout and its uncaught script errors are pushed to `pageErrors`. Inside a
 * describeWithBrowser block (Chromium missing is an error here).
 */
export async function launchPage(options: BrowserContextOptions, timeoutMs: number, pageErrors: string[]): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  if (!browser) throw new Error('Chromium is not available');
  try {
    const page = await browser.newPage(options);
    page.setDefaultTimeout(timeoutMs);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { browser, page };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}

/** `describe`, or `describe.skip` with one warning when Chromium is not installed. */
export function describeWithBrowser(name: string, body: () => void): void {
  if (chromiumAvailable()) {
    describe(name, body);
    return;
  }
  console.warn(`Browser test "${name}" is skipped: ${CHROMIUM_PATH} is not installed. Install it (apt-get install chromium) to run it.`);
  describe.skip(name, body);
}

/** The web chat's transcript on `page`: its bot messages, and the member typing as they do. */
export function webChatTranscript(page: Page, timeoutMs: number) {
  const botMessages = () => page.locator('#transcript .msg.bot');
  /** Waits for more than `before` bot messages; the new ones, in order. */
  async function repliesAfter(before: number): Promise<Locator[]> {
    await page.waitForFunction((n) => document.querySelectorAll('#transcript .msg.bot').length > n, before, { timeout: timeoutMs });
    const count = await botMessages().count();
    return Array.from({ length: count - before }, (_, i) => botMessages().nth(before + i));
  }
  /** Types `text`, presses Enter, and returns the bot's messages that answer it. */
  async function send(text: string): Promise<Locator[]> {
    const before = await botMessages().count();
    await page.fill('#message', text);
    await page.press('#message', 'Enter');
    return repliesAfter(before);
  }
  return { botMessages, repliesAfter, send };
}

/** The texts of messages, one after the other. */
export async function textsOf(messages: Locator[]): Promise<string> {
  return (await Promise.all(messages.map((m) => m.innerText()))).join('\n');
}
