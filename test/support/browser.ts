// Chromium for browser tests, driven by playwright-core (no bundled browser download):
// the Debian `chromium` package. CI installs it, so there a missing browser is an error;
// on a developer machine without it the browser tests are skipped with one warning.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

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
