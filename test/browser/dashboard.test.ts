// The dashboard in headless Chromium, on a database seeded with the demo coalition spread over
// a year: sign in by the link `dashboard` answers, every chart drawn with data, a filter applied,
// the table view reached by keyboard, no console error (the strict CSP included), and
// screenshots at 360 px and 1440 px in test-artifacts/.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seedDemo } from '../../scripts/seed-demo';
import { describeWithBrowser, launchChromium } from '../support/browser';
import { sqliteTestUrl, cleanupTestDatabases } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';

const root = join(__dirname, '..', '..');
const NOW = '2026-11-20T10:00:00Z';
const CHARTS = [
  'pledges-by-area', 'pledges-by-type', 'pledges-by-status', 'pledges-cumulative', 'pledges-country-groups', 'pledges-countries', 'pledges-sdgs',
  'check-ins', 'composition', 'members-over-time', 'oldest-applications', 'meetings', 'reminders',
];
const MONTH = 30 * 24 * 3600_000;

describeWithBrowser('dashboard (Chromium)', () => {
  let t: TestApp;
  let browser: Browser | null = null;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(sqliteTestUrl(), NOW);
    const { repositories, prisma } = t.app.database;
    const now = new Date(NOW);
    // The demo coalition (its meetings in the coming weeks), as if it had grown over the last year.
    await seedDemo(repositories, now);
    for (const [i, a] of (await prisma.application.findMany({ orderBy: { id: 'asc' } })).entries()) {
      await prisma.application.update({ where: { id: a.id }, data: { submittedAt: new Date(now.getTime() - (i + 1) * 9 * 24 * 3600_000) } });
    }
    const pledges = await prisma.pledge.findMany({ orderBy: { id: 'asc' } });
    for (const [i, p] of pledges.entries()) {
      await prisma.pledge.update({ where: { id: p.id }, data: { createdAt: new Date(now.getTime() - (12 - (i % 12)) * MONTH) } });
      if (i % 3 === 0) {
        const light = ['on_track', 'at_risk', 'off_track', null][i % 4];
        await prisma.pledgeCheckIn.create({ data: { id: randomUUID(), pledgeId: p.id, year: 1, askedAt: new Date(now.getTime() - MONTH), answeredAt: light ? now : null, light } });
      }
    }
    const memberships = await prisma.membership.findMany({ orderBy: { id: 'asc' } });
    for (const [i, m] of memberships.entries()) await prisma.membership.update({ where: { id: m.id }, data: { joinedAt: new Date(now.getTime() - (12 - (i % 12)) * MONTH) } });
    const meeting = (await prisma.meeting.findFirst({ where: { group: { key: 'access' } } }))!;
    const members = await prisma.member.findMany({ take: 6, orderBy: { createdAt: 'asc' } });
    for (const [i, m] of members.entries()) {
      await prisma.reminderDelivery.create({
        data: { id: randomUUID(), meetingId: meeting.id, occurrenceAt: meeting.firstStartAt, memberId: m.id, offsetMinutes: 1440, status: i < 4 ? 'sent' : 'failed', claimedAt: now },
      });
      await repositories.meetings.rsvp({ meetingId: meeting.id, occurrenceAt: meeting.firstStartAt, memberId: m.id, response: i % 2 ? 'going' : 'maybe' }, now);
    }
    // The secretariat (a local demo identity) exists once it has written to the bot.
    await t.say('demo-secretariat', { text: 'help' });

    browser = await launchChromium();
    if (!browser) throw new Error('Chromium is not available');
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.stop();
    await cleanupTestDatabases();
  });

  async function open(width: number): Promise<void> {
    page = await browser!.newPage({ viewport: { width, height: 900 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    const [reply] = await t.say('demo-secretariat', { text: 'dashboard' });
    const link = reply.fields!.find((f) => f.label === 'Open the dashboard')!.value;
    await page.goto(link);
    await page.click('#sign-in');
    await page.waitForURL(/\/dashboard$/);
    await page.waitForSelector('main[data-loads="1"]');
  }

  /** Rows drawn by each chart's first series (read back from ECharts), by chart id. */
  function drawn(): Promise<Record<string, number>> {
    return page.evaluate((ids) => {
      const lib = (window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): { series: { data: unknown[] }[] } } | undefined } }).echarts;
      const result: Record<string, number> = {};
      for (const id of ids) {
        const instance = lib.getInstanceByDom(document.getElementById(`chart-${id}`)!);
        result[id] = instance ? instance.getOption().series[0].data.length : -1;
      }
      return result;
    }, CHARTS);
  }

  /** The first cell of each row of a chart's table (shown or not). */
  const tableRows = (id: string) => page.locator(`#table-${id} tbody tr > :first-child`).allTextContents();

  test('signs in by link and draws every chart with data; a filter changes them all; tables by keyboard', async () => {
    await open(1440);
    await expect(page.title()).resolves.toBe('Partner2Connect Digital Coalition dashboard');
    const counts = await drawn();
    for (const id of CHARTS) expect([id, counts[id]]).toEqual([id, expect.any(Number)]);
    for (const id of CHARTS) if (counts[id] < 1) throw new Error(`chart ${id} drew no data`);
    await expect(page.locator('canvas').count()).resolves.toBeGreaterThanOrEqual(CHARTS.length);
    expect(await tableRows('pledges-by-area')).toHaveLength(4);
    await expect(page.locator('#card-composition .note').innerText()).resolves.toMatch(/^Gaps: .*Accelerate has no Youth Group/);

    mkdirSync(join(root, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-artifacts', 'dashboard-1440.png'), fullPage: true });

    // One focus area: every chart follows.
    await page.selectOption('#filter-area', 'access');
    await page.click('#filter-apply');
    await page.waitForSelector('main[data-loads="2"]');
    expect(await tableRows('pledges-by-area')).toEqual(['Access']);
    expect(await tableRows('composition')).toEqual(['Access']);
    expect(await page.locator('#table-meetings tbody tr > :nth-child(2)').allTextContents()).toEqual(['Access']);
    expect(page.url()).toMatch(/\?area=access$/);
    expect(await page.getAttribute('#card-pledges-by-area .csv', 'href')).toBe('/dashboard/data/pledges-by-area.csv?area=access');

    // The table view, reached and opened with the keyboard only.
    const toggle = page.locator('#card-pledges-sdgs .toggle');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(page.locator('#table-pledges-sdgs').isVisible()).resolves.toBe(true);
    await page.close();
  });

  test('reads on a 360 px phone', async () => {
    await open(360);
    const counts = await drawn();
    for (const id of CHARTS) if (counts[id] < 1) throw new Error(`chart ${id} drew no data`);
    // Nothing wider than the screen: no sideways scrolling of the page.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(root, 'test-artifacts', 'dashboard-360.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });
});
