// `admin import pledges|members` run as operators run it (node dist/scripts/admin.js) against a
// real database: every kind of bad row named with its row, column and reason; a dry run and a
// refused file write nothing (every table's row count compared); a real run is taken whole and
// a second run adds nothing; CSV and .xlsx (built here with exceljs); export -> import -> export
// gives the same table, and importing an export into its own database adds nothing.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { identify } from '../../src/core/members/identify';
import { loadCoalitionFile, defaultCoalitionFile } from '../../src/data/coalition-file';
import { openDatabase, type Database } from '../../src/db/open-database';
import { csvOf, runAdmin } from '../support/admin-cli';
import { describeEachDatabase } from '../support/databases';
import { tableCounts } from '../support/table-counts';

const root = join(__dirname, '..', '..');

const admin = runAdmin;
const records = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

const HEADER = ['Pledge ID', 'Pledging Entity', 'Stakeholder type', 'Focus area', 'Pledge title', 'Description', 'Type', 'Estimated value (USD)', 'Countries', 'Beneficiaries', 'SDGs', 'Start year', 'End year', 'Notes'];
const GOOD: string[][] = [
  ['P-1', 'Acme Telecom', 'Private Sector', 'Access', 'Rural towers for Kenya', 'Build 200 rural towers across northern Kenya, powered by solar.', 'Financial', 'USD 1.2M', 'Kenya, Uganda', 'Rural communities', '9, 17', '2024', '2027', 'first'],
  ['P-2', 'Acme Telecom', 'private_sector', 'adoption', 'Digital skills for girls', 'Digital skills training for 10,000 girls in secondary schools.', 'Programmatic', '', 'KEN', 'Women and girls; Youth', 'SDG 4, SDG 5', '2025', '2026', ''],
  ['P-3', 'Helping Hands', 'Civil Society', 'Value Creation Working Group', 'Community networks', 'Community networks in Pacific islands, run by local cooperatives.', 'policy', '750k', 'Small island developing states; Fiji', 'Indigenous peoples', 'Quality education; 9', '2025', '2030', ''],
];
/** One row per kind of mistake, with what the dry run must say about it. */
const BAD: { row: string[]; says: string }[] = [
  { row: ['P-10', 'Acme Telecom', 'Private Sector', 'Access', 'Towers in Keyna', 'Build towers in a country spelled wrong in the register.', 'Programmatic', '', 'Keyna', 'Youth', '9', '2024', '2025', ''], says: 'Countries: I don\'t know the country "Keyna". Did you mean Kenya?' },
  { row: ['P-11', 'Acme Telecom', 'Private Sector', 'Access', 'Unreadable amount', 'A financial pledge whose amount cannot be read at all.', 'Financial', 'lots of money', 'Global', 'Youth', '9', '2024', '2025', ''], says: 'Estimated value (USD): "lots of money" is not an amount I can read' },
  { row: ['P-12', 'Acme Telecom', 'Private Sector', 'Outer space', 'Unknown focus area', 'A pledge in a focus area the coalition does not have.', 'Programmatic', '', 'Global', 'Youth', '9', '2024', '2025', ''], says: 'Focus area: "Outer space" is not a focus area: use one of Access, Adoption, Value Creation, Accelerate (or its key).' },
  { row: ['P-13', '', 'Civil Society', 'Access', 'No entity given', 'A pledge whose pledging entity cell was left empty.', 'Programmatic', '', 'Global', 'Youth', '9', '2024', '2025', ''], says: 'Pledging Entity: Pledging Entity is empty.' },
  { row: ['P-14', 'Acme Telecom', 'Private Sector', 'Access', 'Year not a year', 'A pledge whose start year is not four digits at all.', 'Programmatic', '', 'Global', 'Youth', '9', '20x4', '2025', ''], says: 'Start year: "20x4" is not a year: give four digits, for example 2027.' },
  { row: ['P-1', 'Other Org', 'Academia', 'Access', 'Repeats an ID', 'This row carries the same ID as the first good row.', 'Programmatic', '', 'Global', 'Youth', '9', '2024', '2025', ''], says: 'Pledge ID: The ID "P-1" is also on row 2.' },
  { row: ['P-15', 'Acme Telecom', 'Private Sector', 'Access', 'Financial, no value', 'A financial pledge without the value it requires.', 'Financial', '', 'Global', 'Youth', '9', '2024', '2025', ''], says: 'Estimated value (USD): A Financial pledge needs its estimated value in US dollars' },
  { row: ['P-16', 'Acme Telecom', 'Private Sector', 'Access', 'Ends before it starts', 'A pledge whose end year comes before its start year.', 'Programmatic', '', 'Global', 'Youth', '9', '2026', '2024', ''], says: "End year: The end year can't be before the start year (2026)." },
  { row: ['P-17', 'Acme Telecom', 'Private Sector', 'Access', 'Too short', 'Short.', 'Programmatic', '', 'Global', 'Youth', '9', '2024', '2025', ''], says: 'Description: ' },
  { row: ['P-18', 'Acme Telecom', 'Private Sector', 'Access', 'Unknown beneficiary', 'A pledge for a beneficiary group the coalition does not list.', 'Programmatic', '', 'Global', 'Astronauts', '9', '2024', '2025', ''], says: 'Beneficiaries: "Astronauts" is not a beneficiary group' },
  { row: ['P-19', 'Acme Telecom', 'Private Sector', 'Access', 'Goal 18', 'A pledge naming a sustainable development goal that does not exist.', 'Programmatic', '', 'Global', 'Youth', '18', '2024', '2025', ''], says: 'SDGs: "18" is not a goal' },
  { row: ['P-20', 'Acme Telecom', 'Mystery', 'Access', 'Unknown sector', 'A pledge whose stakeholder type is not one of the categories.', 'Programmatic', '', 'Global', 'Youth', '9', '2024', '2025', ''], says: 'Stakeholder type: "Mystery" is not a stakeholder category' },
];

/** The pledge export without what the database assigns (owner, last change); the date a pledge was made comes back. */
const comparable = (csv: string) => records(csv).map(({ member_id: _m, updated_at: _u, ...rest }) => rest);

describeEachDatabase('import', (getUrl) => {
  let dir: string;
  let url: string;
  let db: Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'import-test-'));
    url = getUrl();
    db = await openDatabase({ url });
    await db.repositories.coalition.sync(loadCoalitionFile(defaultCoalitionFile));
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('names every bad row with its row, column and reason, and a dry run or a refused file writes nothing', async () => {
    const mixed = file('mixed.csv', csvOf([HEADER, ...GOOD, ...BAD.map((b) => b.row)]));
    const before = await tableCounts(url);
    const dry = await admin(url, ['import', 'pledges', mixed, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('columns not read: "Notes"');
    expect(dry.stdout).toContain(`mixed.csv: ${GOOD.length + BAD.length} rows read, ${BAD.length} cannot be taken:`);
    BAD.forEach((bad, i) => expect(dry.stdout).toContain(`row ${GOOD.length + i + 2}, ${bad.says}`));
    // The good rows are listed as what would be created.
    expect(dry.stdout).toContain('row 2: would create pledge "Rural towers for Kenya" of Acme Telecom (access, financial, USD 1,200,000, 2024-2027)');
    expect(dry.stdout).toContain('would create 3 pledges, 0 already stored (left as they are), 2 placeholder members for new entities; the file would be refused');
    expect(await tableCounts(url)).toEqual(before);

    const real = await admin(url, ['import', 'pledges', mixed]);
    expect(real.code).toBe(1);
    expect(real.stdout).toContain('nothing imported: fix the rows above');
    expect(await tableCounts(url)).toEqual(before);
  });

  it('a dry run of a good file lists what it would create and writes nothing; the real run takes it whole, a second adds nothing', async () => {
    const good = file('good.csv', csvOf([HEADER, ...GOOD]));
    const before = await tableCounts(url);
    const dry = await admin(url, ['import', 'pledges', good, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run of good.csv: nothing is written');
    expect(dry.stdout.match(/would create pledge/g)).toHaveLength(3);
    expect(await tableCounts(url)).toEqual(before);

    const run = await admin(url, ['import', 'pledges', good]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('imported good.csv: created 3 pledges, 0 already stored (left as they are), 2 placeholder members for new entities');
    expect(run.stdout).not.toContain('\u001b['); // no progress bar when stdout is not a terminal
    const after = await tableCounts(url);
    expect(after.Pledge).toBe(before.Pledge + 3);
    expect(after.Member).toBe(before.Member + 2);
    expect(after.PledgeEvent).toBe(before.PledgeEvent + 3);
    expect(after.AuditEntry).toBe(before.AuditEntry + 1);

    const pledges = await db.prisma.pledge.findMany({ orderBy: { id: 'asc' }, include: { member: true } });
    expect(pledges.map((p) => [p.externalId, p.entity, p.sector, p.focusArea, p.type, p.valueUsd, JSON.parse(p.countries), JSON.parse(p.beneficiaries), JSON.parse(p.sdgs), p.startYear, p.endYear, p.status])).toEqual([
      ['P-1', 'Acme Telecom', 'private_sector', 'access', 'financial', 1_200_000, ['KEN', 'UGA'], ['rural_communities'], [9, 17], 2024, 2027, 'announced'],
      ['P-2', 'Acme Telecom', 'private_sector', 'adoption', 'programmatic', null, ['KEN'], ['women_and_girls', 'youth'], [4, 5], 2025, 2026, 'announced'],
      ['P-3', 'Helping Hands', 'civil_society', 'value_creation', 'policy', 750_000, ['region:sids', 'FJI'], ['indigenous_peoples'], [4, 9], 2025, 2030, 'announced'],
    ]);
    // One placeholder member per entity owns its pledges; no check-in is due for a placeholder.
    expect(pledges.map((p) => [p.member?.name, p.member?.importedAs])).toEqual([
      ['Acme Telecom', 'entity'],
      ['Acme Telecom', 'entity'],
      ['Helping Hands', 'entity'],
    ]);
    expect(pledges[0].memberId).toBe(pledges[1].memberId);
    expect(pledges.every((p) => p.nextCheckInAt === null)).toBe(true);
    const audit = await db.repositories.audit.list({ action: 'import.pledges' });
    expect(audit.map((a) => [a.actor, a.subject, a.details])).toEqual([['operator', 'good.csv', { file: 'good.csv', rows: 3, created: 3, existing: 0, placeholders: 2 }]]);

    const again = await admin(url, ['import', 'pledges', good]);
    expect(again.stdout).toContain('created 0 pledges, 3 already stored (left as they are), 0 placeholder members');
    const counts = await tableCounts(url);
    expect({ ...counts, AuditEntry: counts.AuditEntry - 1 }).toEqual(after); // only the second run's audit entry
  });

  it('reads an .xlsx workbook with other header names, and a mapping file for headers it does not know', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Register');
    sheet.addRow(['Reference', 'ORGANIZATION', 'Sector', 'Focus Area', 'Commitment', 'Details', 'Pledge type', 'Value', 'Country', 'Target groups', 'SDG', 'Year']);
    sheet.addRow(['X-1', 'Sahel Connect', 'Civil Society', 'accelerate', 'Solar hubs in the Sahel', 'Solar-powered connectivity hubs for villages across the Sahel.', 'Financial', 2_500_000, 'Niger, Mali', 'Rural communities', 7, 2026]);
    sheet.addRow(['X-2', 'Sahel Connect', 'Civil Society', 'accelerate', 'Misspelt country', 'A row of the workbook naming a country that does not exist.', 'Advocacy', null, 'Narnia', 'Youth', 4, 2026]);
    const xlsx = file('register.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    const before = await tableCounts(url);
    const dry = await admin(url, ['import', 'pledges', xlsx, '--dry-run']);
    expect(dry.stdout).toContain('row 3, Country: I don\'t know the country "Narnia".');
    expect(dry.stdout).toContain('row 2: would create pledge "Solar hubs in the Sahel" of Sahel Connect (accelerate, financial, USD 2,500,000, 2026-2026)');
    expect(await tableCounts(url)).toEqual(before);

    sheet.spliceRows(3, 1);
    sheet.getRow(1).getCell(5).value = 'Headline'; // a header no variant knows: mapped
    const fixed = file('register-fixed.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    const unmapped = await admin(url, ['import', 'pledges', fixed]);
    expect(unmapped.code).toBe(1);
    expect(unmapped.stdout).toContain('row 1, title: No column for title: name one "title", "pledge title", "pledge name", "pledge" (any case), or map a header to title with --mapping.');
    const mapping = file('mapping.yaml', 'Headline: title\n');
    const run = await admin(url, ['import', 'pledges', fixed, '--mapping', mapping]);
    expect(run.stdout).toContain('imported register-fixed.xlsx: created 1 pledge, 0 already stored (left as they are), 1 placeholder member for new entities');
    const stored = await db.prisma.pledge.findUniqueOrThrow({ where: { externalId: 'X-1' } });
    expect([stored.title, stored.valueUsd, JSON.parse(stored.countries), stored.startYear, stored.endYear]).toEqual(['Solar hubs in the Sahel', 2_500_000, ['NER', 'MLI'], 2026, 2026]);
    expect((await tableCounts(url)).Pledge).toBe(before.Pledge + 1);
  });

  it('export -> import into a fresh database -> export gives the same table (CSV and xlsx); an export imported into its own database adds nothing', async () => {
    // A pledge entered in chat (no reference) is exported and imported too.
    const { member } = await db.repositories.members.upsertByIdentity({ platform: 'local', externalId: 'zoe' }, new Date(), { locale: 'en', name: 'Zoe' });
    await db.repositories.pledges.create(
      {
        memberId: member.id, entity: 'Zoe Labs', sector: 'academia', focusArea: 'adoption', pillar: null, title: 'Open course, "=1+1" safe', description: '-Teach digital literacy, with a leading dash.',
        type: 'advocacy', valueUsd: null, countries: ['region:ldc', 'GLOBAL'], beneficiaries: ['older_persons'], sdgs: [4], startYear: 2025, endYear: 2028, nextCheckInAt: null,
      },
      new Date(),
    );
    await db.repositories.pledges.setStatus((await db.repositories.pledges.ofMember(member.id))[0].id, 'in_progress', null, member.id, new Date());
    const first = await admin(url, ['export', 'pledges']);
    expect(records(first.stdout)).toHaveLength(5);

    const before = await tableCounts(url);
    const same = await admin(url, ['import', 'pledges', file('export.csv', first.stdout)]);
    expect(same.stdout).toContain('created 0 pledges, 5 already stored');
    const afterSame = await tableCounts(url);
    expect({ ...afterSame, AuditEntry: afterSame.AuditEntry - 1 }).toEqual(before);

    for (const format of ['csv', 'xlsx'] as const) {
      const exported = format === 'csv' ? first.raw : (await admin(url, ['export', 'pledges', '--format', 'xlsx'])).raw;
      if (format === 'xlsx') expect(exported.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip: the .xlsx container
      const fresh = getUrl();
      const imported = await admin(fresh, ['import', 'pledges', file(`export.${format}`, exported)]);
      expect(imported.stdout).toContain('created 5 pledges, 0 already stored');
      const second = await admin(fresh, ['export', 'pledges']);
      expect(comparable(second.stdout)).toEqual(comparable(first.stdout));
    }
  });

  it("keeps the date a register gives each pledge: the digest counts only the pledges made in its week as new, and the history starts on that date", async () => {
    const fresh = getUrl();
    const dated = await openDatabase({ url: fresh });
    try {
      await dated.repositories.coalition.sync(loadCoalitionFile(defaultCoalitionFile));
      const now = new Date();
      const day = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
      const rows = [
        [...GOOD[0].slice(0, 13), day(400)],
        [...GOOD[1].slice(0, 13), day(2)],
        [...GOOD[2].slice(0, 13), ''],
      ];
      const run = await admin(fresh, ['import', 'pledges', file('dated.csv', csvOf([[...HEADER.slice(0, 13), 'Date pledged'], ...rows]))]);
      expect(run.stdout).toContain('created 3 pledges, 0 already stored');
      const stored = await dated.prisma.pledge.findMany({ orderBy: { externalId: 'asc' }, select: { externalId: true, createdAt: true, events: { select: { kind: true, at: true } } } });
      expect(stored.map((p) => [p.externalId, p.createdAt.toISOString().slice(0, 10), p.events.map((e) => [e.kind, e.at.toISOString().slice(0, 10)])])).toEqual([
        ['P-1', day(400), [['created', day(400)]]],
        ['P-2', day(2), [['created', day(2)]]],
        ['P-3', day(0), [['created', day(0)]]],
      ]);
      // The digest of the last seven days: P-2 (made two days ago) and P-3 (no date: made at the import), never P-1.
      const week = await dated.stores.digestData.newPledges({ start: new Date(now.getTime() - 7 * 86_400_000), end: new Date(now.getTime() + 60_000) });
      expect(week.byAreaAndType.map((r) => [r.focusArea, r.count]).sort()).toEqual([['adoption', 1], ['value_creation', 1]]);
      // A date in the future is refused, naming the row and the column; nothing is written.
      const future = await admin(fresh, ['import', 'pledges', file('future.csv', csvOf([[...HEADER.slice(0, 13), 'Date pledged'], ['P-9', ...GOOD[0].slice(1, 13), day(-3)]]))]);
      expect(future.stdout).toContain(`row 2, Date pledged: ${day(-3)} is outside the dates a pledge can have: from 2000-01-01 to today (${day(0)}).`);
      expect(await dated.prisma.pledge.count()).toBe(3);
    } finally {
      await dated.close();
    }
  });

  it('reads amounts written in any catalog language (Arabic-Indic digits, Arabic scales and duals, a French decimal comma) and refuses one two languages read differently', async () => {
    const fresh = getUrl();
    const store = await openDatabase({ url: fresh });
    try {
      await store.repositories.coalition.sync(loadCoalitionFile(defaultCoalitionFile));
    } finally {
      await store.close();
    }
    const amounts: [string, number][] = [
      ['٧٥٠ ألف', 750_000],
      ['مليونان', 2_000_000],
      ['مئتا ألف دولار', 200_000],
      [new Intl.NumberFormat('ar-u-nu-arab').format(1_234_567.5), 1_234_567.5],
      ['2,5 millions', 2_500_000],
      [new Intl.NumberFormat('fr').format(1_500_000.25), 1_500_000.25],
      [new Intl.NumberFormat('es').format(42_000.5), 42_000.5],
    ];
    const row = (id: string, amount: string) => [id, 'Acme Telecom', 'Private Sector', 'Access', `Towers ${id}`, 'Build rural towers across northern Kenya, powered by solar.', 'Financial', amount, 'Kenya', 'Youth', '9', '2024', '2027', ''];
    // A header row of two languages (the title in French): the file's language is not known.
    const mixed = HEADER.map((h) => (h === 'Pledge title' ? 'Titre' : h));
    const refused = await admin(fresh, ['import', 'pledges', file('amounts-ambiguous.csv', csvOf([mixed, ...amounts.map(([text], i) => row(`A-${i}`, text)), row('A-99', '1,500')]))]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`row ${amounts.length + 2}, Estimated value (USD): "1,500" reads 1,500 (en) or 1.5 (fr), depending on the language's decimal mark`);
    expect(refused.stdout.match(/^ {2}row /gm)).toHaveLength(1);
    const taken = await admin(fresh, ['import', 'pledges', file('amounts.csv', csvOf([mixed, ...amounts.map(([text], i) => row(`A-${i}`, text))]))]);
    expect([taken.code, taken.stdout]).toEqual([0, expect.stringContaining(`created ${amounts.length} pledges`)]);
    // In a file whose headers are English, "1,500" is English's 1,500.
    expect((await admin(fresh, ['import', 'pledges', file('amounts-en.csv', csvOf([HEADER, row('A-99', '1,500')]))])).code).toBe(0);
    const exported = Object.fromEntries(records((await admin(fresh, ['export', 'pledges'])).stdout).map((r) => [r.reference, Number(r.value_usd)]));
    expect(exported).toEqual(Object.fromEntries([...amounts.map(([, value], i) => [`A-${i}`, value]), ['A-99', 1500]]));
  });

  it('imports members, named problems for bad rows, idempotent; a member becomes reachable by a verified email only', async () => {
    const header = ['Name', 'E-mail', 'Organisation', 'Stakeholder type', 'Country', 'Working groups'];
    const good = [
      ['Amina Diallo', 'Amina.Diallo@Example.org', 'Sahel Connect', 'Civil Society', 'Mali', 'Access; Adoption Working Group'],
      ['Ben Okafor', 'ben@example.org', 'Acme Telecom', 'private_sector', 'NGA', ''],
    ];
    const bad = [
      ['Carla', 'not-an-email', 'Org', '', '', ''],
      ['Dev', 'dev@example.org', 'Org', '', 'Germny', ''],
      ['Eve', 'eve@example.org', 'Org', '', '', 'Space Working Group'],
      ['Ben Again', 'BEN@example.org', 'Org', '', '', ''],
    ];
    const before = await tableCounts(url);
    const dry = await admin(url, ['import', 'members', file('members.csv', csvOf([header, ...good, ...bad])), '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('row 4, E-mail: "not-an-email" doesn\'t look like an email address (name@example.org).');
    expect(dry.stdout).toContain('row 5, Country: I don\'t know the country "Germny". Did you mean Germany?');
    expect(dry.stdout).toContain('row 6, Working groups: "Space Working Group" is not a working group');
    expect(dry.stdout).toContain('row 7, E-mail: The email BEN@example.org is also on row 3.');
    expect(await tableCounts(url)).toEqual(before);

    const goodFile = file('members-good.csv', csvOf([header, ...good]));
    expect((await admin(url, ['import', 'members', goodFile])).stdout).toContain('imported members-good.csv: created 2 members, 0 already stored');
    expect((await admin(url, ['import', 'members', goodFile])).stdout).toContain('created 0 members, 2 already stored');
    const amina = await db.prisma.member.findFirstOrThrow({ where: { email: 'amina.diallo@example.org' }, include: { memberships: { include: { group: true } } } });
    expect([amina.name, amina.organization, amina.category, amina.country, amina.importedAs, amina.memberships.map((m) => m.group.key).sort()]).toEqual([
      'Amina Diallo', 'Sahel Connect', 'civil_society', 'MLI', 'member', ['access', 'adoption'],
    ]);

    const coalition = loadCoalitionFile(defaultCoalitionFile);
    const say = (externalId: string, email: string, emailVerified: boolean) =>
      identify(db.repositories, { platform: 'slack', user: { externalId, displayName: externalId, email, emailVerified }, conversation: `slack:${externalId}`, text: 'hi' }, new Date(), { locale: coalition.defaultLocale, seeds: [] });
    // An unverified email (e.g. from a Teams roster) never joins the imported record.
    const stranger = await say('T1:UFAKE', 'amina.diallo@example.org', false);
    expect(stranger.member.id).not.toBe(amina.id);
    // Her own Slack account, whose email Slack confirmed: joined with the imported record.
    const her = await say('T1:UAMINA', 'AMINA.DIALLO@example.org', true);
    expect(her.member.id).toBe(amina.id);
    expect(her.member.name).toBe('Amina Diallo');
    expect((await db.repositories.members.identities(amina.id)).map((i) => i.externalId)).toEqual(['T1:UAMINA']);
    expect((await db.repositories.audit.list({ action: 'member.linked' })).some((a) => a.subject === amina.id)).toBe(true);
    // Once joined, the imported record is not offered again to another identity.
    expect(await db.repositories.members.importedByEmail('amina.diallo@example.org')).toBeNull();
  });

  it('shows a progress bar on a terminal (run under script(1), which gives it one)', async () => {
    const good = file('tty.csv', csvOf([HEADER, ...GOOD]));
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, 'dist/scripts/admin.js'))} import pledges ${JSON.stringify(good)}`;
    const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], {
      cwd: root,
      env: { PATH: process.env.PATH, ENV_FILE: '', DATABASE_URL: getUrl(), LOG_LEVEL: 'silent', TERM: 'dumb' },
      timeout: 60_000,
    });
    const ESC = String.fromCharCode(27);
    const screen = stdout.split(ESC).map((piece, i) => (i === 0 ? piece : piece.replace(/^(\[[0-9;?]*[a-zA-Z]|[0-9])/, ''))).join('');
    expect(screen).toContain('100% | 3/3 rows');
    expect(screen).toContain('imported tty.csv: created 3 pledges');
  });

  it('refuses what it cannot read: usage, a missing file, another format, a bad mapping', async () => {
    expect((await admin(url, ['import'])).stderr).toContain('usage: import <pledges|members>');
    expect((await admin(url, ['import', 'pledges', join(dir, 'nope.csv')])).stderr).toContain('no such file');
    expect((await admin(url, ['import', 'pledges', file('old.xls', 'x')])).stderr).toContain('give a .csv or .xlsx file');
    expect((await admin(url, ['import', 'pledges', file('broken.xlsx', 'not a zip')])).stderr).toContain('is not an .xlsx workbook I can read');
    const good = file('g.csv', csvOf([HEADER, GOOD[0]]));
    expect((await admin(url, ['import', 'pledges', good, '--mapping', file('m.json', '[1, 2]')])).stderr).toContain('must be an object');
    expect((await admin(url, ['import', 'pledges', good, '--mapping', file('m2.json', '{"Pledge title": "colour"}')])).stdout).toContain('"colour" is not a field to map to');
    expect((await admin(url, ['export', 'pledges', '--format', 'pdf'])).stderr).toContain('--format takes csv or xlsx, not "pdf"');
  });
});
