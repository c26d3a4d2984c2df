// The secretariat's digest and exports with the whole app in process and a fake clock:
// the digest's figures against the CSV exports of the same period, signed links that
// expire, and the scheduled digest sent once per period (also after a missed slot).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { OutgoingMessage } from '../../src/core/messages';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describeEachDatabase, describePostgres } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';

const parseCsv = (text: string): string[][] => parse(text, { record_delimiter: '\r\n' });

const field = (m: OutgoingMessage, label: string) => m.fields?.find((f) => f.label === label)?.value ?? '';
const SECRETARIAT = 'demo-secretariat';

async function memberOf(t: TestApp, user: string, category: string | null): Promise<string> {
  await t.say(user, { text: 'me' });
  const identity = await t.app.database.prisma.identity.findFirstOrThrow({ where: { platform: 'local', externalId: user } });
  await t.app.database.prisma.member.update({ where: { id: identity.memberId }, data: { name: `=HYPERLINK("x","${user}")`, category } });
  return identity.memberId;
}

async function seed(t: TestApp): Promise<void> {
  const { prisma, repositories } = t.app.database;
  const ann = await memberOf(t, 'ann', 'private_sector');
  const bob = await memberOf(t, 'bob', 'academia');
  const cy = await memberOf(t, 'cy', null);
  await repositories.memberships.add(ann, 'access', new Date('2026-11-10T10:00:00Z'));
  await repositories.memberships.add(bob, 'access', new Date('2026-11-12T10:00:00Z'));
  await repositories.memberships.add(cy, 'adoption', new Date('2026-10-01T10:00:00Z')); // before the period
  await repositories.applications.create({ memberId: cy, groupKey: 'access', answers: {}, submittedAt: new Date('2026-11-05T10:00:00Z') });
  await repositories.applications.create({ memberId: ann, groupKey: 'adoption', answers: {}, submittedAt: new Date('2026-11-25T10:00:00Z') });
  const pledge = (data: { focusArea: string; type: string; valueUsd: number | null; countries: string[]; createdAt: string; memberId?: string }) =>
    prisma.pledge.create({
      data: {
        ...data, title: 'Connect, "schools"', description: '-1 line\nsecond', countries: JSON.stringify(data.countries),
        beneficiaries: '[]', sdgs: '[4]', startYear: 2026, endYear: 2030, createdAt: new Date(data.createdAt),
      },
    });
  const p1 = await pledge({ focusArea: 'access', type: 'financial', valueUsd: 1_000_000, countries: ['NPL'], createdAt: '2026-11-03T10:00:00Z', memberId: ann });
  await pledge({ focusArea: 'access', type: 'programmatic', valueUsd: 250_000, countries: ['FJI', 'FRA'], createdAt: '2026-11-20T10:00:00Z' });
  await pledge({ focusArea: 'adoption', type: 'financial', valueUsd: 500_000, countries: ['sids'], createdAt: '2026-11-21T10:00:00Z' });
  await pledge({ focusArea: 'adoption', type: 'advocacy', valueUsd: null, countries: ['GLOBAL'], createdAt: '2026-11-22T10:00:00Z' });
  await pledge({ focusArea: 'access', type: 'financial', valueUsd: 9_999, countries: ['NPL'], createdAt: '2026-10-20T10:00:00Z' }); // before
  await prisma.pledgeEvent.create({ data: { id: 'ev1', pledgeId: p1.id, at: new Date('2026-11-15T10:00:00Z'), kind: 'status', oldValue: 'announced', newValue: 'in_progress' } });
  await prisma.pledgeEvent.create({ data: { id: 'ev2', pledgeId: p1.id, at: new Date('2026-11-15T10:00:00Z'), kind: 'field', field: 'title' } });
  const meeting = await repositories.meetings.create(
    { group: 'access', title: 'Access WG call', startLocal: '2026-12-03T14:00', timeZone: 'Europe/Zurich', firstStartAt: new Date('2026-12-03T13:00:00Z'), durationMinutes: 60, joinUrl: null, agenda: null, rrule: 'FREQ=WEEKLY', createdById: null },
    new Date('2026-11-01T00:00:00Z'),
  );
  await repositories.meetings.rsvp({ meetingId: meeting.id, occurrenceAt: new Date('2026-12-03T13:00:00Z'), memberId: ann, response: 'going' }, new Date('2026-11-20T00:00:00Z'));
  await repositories.meetings.rsvp({ meetingId: meeting.id, occurrenceAt: new Date('2026-12-03T13:00:00Z'), memberId: bob, response: 'maybe' }, new Date('2026-11-20T00:00:00Z'));
  await prisma.reminderDelivery.create({ data: { id: 'r1', meetingId: meeting.id, occurrenceAt: new Date('2026-11-26T13:00:00Z'), memberId: bob, offsetMinutes: 60, status: 'failed', claimedAt: new Date('2026-11-26T12:00:00Z') } });
  await prisma.reminderDelivery.create({ data: { id: 'r2', meetingId: meeting.id, occurrenceAt: new Date('2026-11-26T13:00:00Z'), memberId: ann, offsetMinutes: 60, status: 'dropped', claimedAt: new Date('2026-11-26T13:10:00Z') } });
  await repositories.flows.save({ memberId: bob, conversation: 'local:bob', flow: 'join', step: 'group', answers: {} }, null, new Date('2026-11-10T10:00:00Z'));
}

async function download(url: string): Promise<{ status: number; body: string; type: string | null }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

describeEachDatabase('secretariat digest and exports', (getUrl) => {
  let t: TestApp;
  let databaseUrl: string;

  beforeEach(async () => {
    databaseUrl = getUrl();
    t = await startTestApp(databaseUrl, '2026-11-29T10:00:00Z');
  });
  afterEach(async () => {
    await t.stop();
  });

  it("the digest's figures match the exports of the same period; empty sections say nothing new", async () => {
    await seed(t);
    const [digest] = await t.say(SECRETARIAT, { text: 'digest 2026-11-01..2026-11-30' });
    expect(digest.title).toBe('Secretariat digest, 2026-11-01 to 2026-11-30');
    expect(field(digest, 'Applications waiting')).toMatch(/^2 waiting; the oldest for 24 days\.\n\w{8} · Access · 24 days\n\w{8} · Adoption · 4 days$/);
    expect(field(digest, 'New members')).toBe('2 new in working groups.\nBy group: Access 2\nBy category: Private Sector 1, Academia 1');
    const pledges = field(digest, 'New pledges');
    expect(pledges).toContain('4 new, USD 1,750,000 in total.');
    expect(pledges).toContain('By focus area: Access 2 (USD 1,250,000), Adoption 2 (USD 500,000)');
    expect(pledges).toContain('By type: Financial 2 (USD 1,500,000), Programmatic 1 (USD 250,000), Advocacy 1 (USD 0)');
    expect(pledges).toContain('Targeting LDCs USD 1,500,000 · LLDCs USD 1,000,000 · SIDS USD 750,000'); // the SIDS include LDCs
    expect(field(digest, 'Pledge status changes')).toMatch(/^Pledge #1: announced → in progress \(2026-11-15\)$/);
    expect(field(digest, 'Meetings in the next 14 days')).toBe(
      [
        '2026-12-03 14:00 Europe/Zurich · Access WG call (Access) · going 1, maybe 1, not going 0',
        '2026-12-10 14:00 Europe/Zurich · Access WG call (Access) · going 0, maybe 0, not going 0',
      ].join('\n'),
    );
    expect(field(digest, 'Reminders not delivered')).toBe('1 failed, 1 dropped (the bot was down).');
    expect(field(digest, 'Composition gaps')).toContain('Access: no Member State, UN agency / international or regional organization, Civil Society, Youth Group\n');
    expect(field(digest, 'Flows left unfinished')).toBe('1 untouched for more than 7 days: applications 1');

    // The same period exported: the CSV rows add up to the digest's figures.
    const [exported] = await t.say(SECRETARIAT, { text: 'export pledges 2026-11-01..2026-11-30' });
    expect(exported.text).toBe('Your CSV of pledges (4 rows) is ready. The link works for one hour.');
    const csv = await download(field(exported, 'Download'));
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv(csv.body);
    const col = (name: string) => header.indexOf(name);
    const sum = (filter: (r: string[]) => boolean) => rows.filter(filter).reduce((s, r) => s + Number(r[col('value_usd')] || 0), 0);
    expect(rows).toHaveLength(4);
    expect(sum(() => true)).toBe(1_750_000);
    expect(sum((r) => r[col('focus_area')] === 'access')).toBe(1_250_000);
    expect(sum((r) => r[col('type')] === 'financial')).toBe(1_500_000);
    expect(rows[0][col('description')]).toBe("'-1 line\nsecond"); // neutralised, quoted, line break kept
    expect(rows[0][col('created_at')]).toBe('2026-11-03T10:00:00.000Z');

    // Operators get the same file on standard output.
    const script = await promisify(execFile)('npm', ['run', '--silent', 'export', '--', 'pledges', '2026-11-01..2026-11-30'], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      timeout: 30_000,
    });
    expect(script.stdout).toBe(csv.body);

    // The same export as an Excel workbook: the same header and cells, text kept as typed (a
    // workbook cell is never run as a formula); the format is part of the signed path.
    const [asXlsx] = await t.say(SECRETARIAT, { text: 'export pledges 2026-11-01..2026-11-30 xlsx' });
    expect(asXlsx.text).toBe('Your Excel workbook of pledges (4 rows) is ready. The link works for one hour.');
    const xlsxUrl = field(asXlsx, 'Download');
    const res = await fetch(xlsxUrl);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const cells = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(cells(1)).toEqual(header);
    expect(sheet.rowCount).toBe(5);
    expect(cells(2)[col('description')]).toBe('-1 line\nsecond');
    expect([2, 3, 4, 5].reduce((s, r) => s + Number(cells(r)[col('value_usd')] ?? 0), 0)).toBe(1_750_000);
    expect((await download(xlsxUrl.replace('.xlsx?', '.csv?'))).status).toBe(403);

    const apps = parseCsv((await download(field((await t.say(SECRETARIAT, { text: 'export applications' }))[0], 'Download'))).body);
    expect(apps.slice(1).filter((r) => r[apps[0].indexOf('status')] === 'pending')).toHaveLength(2);
    // New members: one row per membership begun in the period, per group and category as in the digest.
    const members = parseCsv((await download(field((await t.say(SECRETARIAT, { text: 'export Members 2026-11-01..2026-11-30' }))[0], 'Download'))).body);
    const m = (name: string) => members[0].indexOf(name);
    expect(members.slice(1).map((r) => `${r[m('group')]} ${r[m('category')]}`).sort()).toEqual(['access academia', 'access private_sector']);
    expect(members.slice(1).map((r) => r[m('name')])).toContain(`'=HYPERLINK("x","ann")`); // neutralised
    const everyone = parseCsv((await download(field((await t.say(SECRETARIAT, { text: 'export members' }))[0], 'Download'))).body);
    expect(everyone.slice(1).map((r) => r[m('group')]).sort()).toEqual(['', 'access', 'access', 'adoption']); // the secretariat has no group

    // A period with nothing in it: every section is still there.
    const [empty] = await t.say(SECRETARIAT, { text: 'digest 2025-01-01..2025-01-07' });
    for (const label of ['New members', 'New pledges', 'Pledge status changes', 'Reminders not delivered']) expect(field(empty, label)).toBe('Nothing new.');
    expect(empty.fields).toHaveLength(10);
    // It ends with how to see the same as charts.
    expect(empty.fields!.at(-1)).toEqual({ label: 'Dashboard', value: 'See all of this as charts: type dashboard for a sign-in link.' });
  });

  it('digest and export are for the secretariat only; a wrong period or kind is explained', async () => {
    expect((await t.say('ann', { text: 'digest' }))[0].text).toBe('Only the secretariat can use digest.');
    expect((await t.say('ann', { text: 'export pledges' }))[0].text).toBe('Only the secretariat can use export.');
    expect((await t.say(SECRETARIAT, { text: 'digest next year' }))[0].text).toContain('"next year" is not a period.');
    expect((await t.say(SECRETARIAT, { text: 'export secrets' }))[0].text).toContain('pledges, members, applications, meetings, rsvps');
    const [last30] = await t.say(SECRETARIAT, { text: 'digest last 30 days' });
    expect(last30.title).toBe('Secretariat digest, 2026-10-30 to 2026-11-29');
  });

  it('an export link works for one hour; an expired or tampered link gets 403', async () => {
    const url = field((await t.say(SECRETARIAT, { text: 'export rsvps' }))[0], 'Download');
    expect((await download(url)).status).toBe(200);
    expect((await download(url.replace('/exports/rsvps', '/exports/members'))).status).toBe(403);
    expect((await download(url.replace(/sig=[^&]+/, 'sig=AAAA'))).status).toBe(403);
    expect((await download(url.replace(/expires=\d+/, (m) => `expires=${Number(m.slice(8)) + 3600}`))).status).toBe(403);
    t.clock.advance(59 * 60_000);
    expect((await download(url)).status).toBe(200);
    t.clock.advance(2 * 60_000);
    const expired = await download(url);
    expect(expired.status).toBe(403);
    expect(expired.body).toContain('expired');
  });

  it('the scheduled digest goes to the secretariat once per period', async () => {
    await t.say(SECRETARIAT, { text: 'me' }); // the secretariat member exists, reachable in the local chat
    t.clock.set('2026-11-30T07:59:00Z'); // Monday 08:59 in Geneva: the slot is last Monday's, skipped at first start
    expect(await t.app.runDigest()).toEqual({ status: 'already', periodKey: 'digest:2026-11-23T08:00:00.000Z' });
    t.clock.set('2026-11-30T08:00:30Z');
    expect(await t.app.runDigest()).toEqual({ status: 'sent', periodKey: 'digest:2026-11-30T08:00:00.000Z', delivered: 1 });
    expect(await t.app.runDigest()).toEqual({ status: 'already', periodKey: 'digest:2026-11-30T08:00:00.000Z' });
    const inbox = await t.inbox(SECRETARIAT);
    expect(inbox.map((m) => m.title)).toEqual(['Secretariat digest, 2026-11-23 to 2026-11-30']);
    const runs = await t.app.database.prisma.digestRun.findMany({ orderBy: { periodEnd: 'asc' } });
    expect(runs.map((r) => r.status)).toEqual(['skipped', 'sent']);
  });
});

describeEachDatabase('a digest missed while the bot was down', (getUrl) => {
  it('is sent at the next start, once', async () => {
    const url = getUrl();
    const first = await startTestApp(url, '2026-11-29T10:00:00Z');
    await first.say(SECRETARIAT, { text: 'me' });
    await first.stop();
    // Down over Monday 09:00 (Geneva); back on Tuesday.
    const second = await startTestApp(url, '2026-12-01T10:00:00Z');
    try {
      expect((await second.inbox(SECRETARIAT)).map((m) => m.title)).toEqual(['Secretariat digest, 2026-11-23 to 2026-11-30']);
    } finally {
      await second.stop();
    }
    const third = await startTestApp(url, '2026-12-01T11:00:00Z');
    try {
      expect(await third.inbox(SECRETARIAT)).toEqual([]);
      expect(await third.app.runDigest()).toEqual({ status: 'already', periodKey: 'digest:2026-11-30T08:00:00.000Z' });
    } finally {
      await third.stop();
    }
  });
});

describePostgres('two replicas on one database', (getUrl) => {
  it('send one digest per period between them', async () => {
    const url = getUrl();
    const a = await startTestApp(url, '2026-11-29T10:00:00Z');
    const b = await startTestApp(url, '2026-11-29T10:00:00Z');
    try {
      await a.say(SECRETARIAT, { text: 'me' });
      a.clock.set('2026-11-30T08:00:10Z');
      b.clock.set('2026-11-30T08:00:20Z');
      const outcomes = await Promise.all([a.app.runDigest(), b.app.runDigest(), a.app.runDigest(), b.app.runDigest()]);
      expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 'already')).toHaveLength(3);
      const delivered = [...(await a.inbox(SECRETARIAT)), ...(await b.inbox(SECRETARIAT))];
      expect(delivered).toHaveLength(1);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
