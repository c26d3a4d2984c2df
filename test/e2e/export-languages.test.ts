// Exports in the reader's language, read back by the import whatever the operator's language
// (issue #19). The oracles: the catalog's exports.json and the coalition file read as JSON/YAML
// here (not through the code that writes the export), the files parsed by csv-parse and
// exceljs, and the round trip: every exported file, in every language and format, imported into
// a fresh real database (dry run, then for real) gives back the same rows and columns. Files
// are written by the CLI (node dist/scripts/admin.js) and the chat's signed links; they are
// imported by the import's own runner in this process (the CLI's wiring of it is
// test/e2e/import.test.ts's), as one CLI process per file would take minutes here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import type { OutgoingMessage } from '../../src/core/messages';
import { toCsv } from '../../src/core/exports/csv';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { loadCountryRegistry } from '../../src/data/countries';
import { openDatabase, type Database } from '../../src/db/open-database';
import { runImport } from '../../scripts/admin/import';
import { csvOf, runAdmin } from '../support/admin-cli';
import { describeEachDatabase } from '../support/databases';
import { startTestApp } from '../support/in-process-app';
import { tableCounts } from '../support/table-counts';

const root = join(__dirname, '..', '..');
const LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;
type Language = (typeof LANGUAGES)[number];

/** The catalog's header of each export column, read from the JSON file itself. */
const catalogHeaders = (language: Language): Record<string, string> => {
  const file = JSON.parse(readFileSync(join(root, 'src/conversation/catalog', language, 'exports.json'), 'utf8')) as Record<string, string>;
  return Object.fromEntries(Object.entries(file).map(([id, word]) => [id.replace(/^export\.column\./, ''), word]));
};
/** The coalition file as YAML: a name in one language. */
const coalitionFile = parseYaml(readFileSync(join(root, 'src/data/coalitions/p2c.yaml'), 'utf8')) as {
  focusAreas: { key: string; name: Record<string, string>; workingGroup: { name: Record<string, string> } }[];
  stakeholderCategories: { key: string; name: Record<string, string> }[];
  pledgeTypes: { key: string; name: Record<string, string> }[];
  beneficiaryGroups: { key: string; name: Record<string, string> }[];
};
const nameIn = (items: { key: string; name: Record<string, string> }[], key: string, language: Language) => items.find((i) => i.key === key)!.name[language];

const admin = runAdmin;

/** A file's rows as cells: CSV by csv-parse, .xlsx by exceljs (numbers stay numbers). */
async function sheetOf(raw: Buffer, format: 'csv' | 'xlsx'): Promise<unknown[][]> {
  if (format === 'csv') return parse(raw.toString('utf8'), { record_delimiter: '\r\n', relax_column_count: true }) as string[][];
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(raw as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const width = sheet.getRow(1).cellCount;
  const rows: unknown[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) rows.push(Array.from({ length: width }, (_, c) => sheet.getRow(r).getCell(c + 1).value ?? ''));
  return rows;
}

/** A machine-names export as records without the columns the database assigns; sorted, since rows made in one transaction share a timestamp. */
function comparable(csv: string, drop: string[]): string[] {
  const [header, ...rows] = parse(csv, { record_delimiter: '\r\n' }) as string[][];
  return rows.map((row) => JSON.stringify(Object.fromEntries(header.map((h, i) => [h, row[i]]).filter(([h]) => !drop.includes(h))))).sort();
}
const ASSIGNED = { pledges: ['member_id', 'updated_at'], members: ['member_id', 'time_zone', 'locale', 'joined_at', 'profile_completed_at', 'created_at'] };

const PLEDGES = [
  ['Pledge ID', 'Pledging Entity', 'Stakeholder type', 'Focus area', 'Pledge title', 'Description', 'Type', 'Estimated value (USD)', 'Countries', 'Beneficiaries', 'SDGs', 'Start year', 'End year', 'Status'],
  ['P-1', 'Acme Telecom', 'Private Sector', 'Access', 'Rural towers for Kenya', 'Build 200 rural towers across northern Kenya, powered by solar.', 'Financial', 'USD 1.2M', 'Kenya, Uganda', 'Rural communities; Youth', '9, 17', '2024', '2027', 'in progress'],
  ['P-2', 'Acme Telecom', 'private_sector', 'adoption', 'Digital skills, "girls" =1+1', '-Digital skills training for 10,000 girls in secondary schools.', 'Programmatic', '', 'KEN', 'Women and girls; Older persons', 'SDG 4, SDG 5', '2025', '2026', 'completed'],
  ['P-3', 'Helping Hands', 'Civil Society', 'Value Creation', 'Community networks', 'Community networks in Pacific islands, run by local cooperatives.', 'policy', '750k', 'Small island developing states; Fiji', 'Indigenous peoples', 'Quality education; 9', '2025', '2030', ''],
  ['P-4', 'Youth Net', 'Youth Group', 'Accelerate', 'Fund for youth start-ups', 'A fund for digital start-ups led by young people in least developed countries.', 'Advocacy', '', 'Least developed countries; Global', 'Youth; Persons with disabilities', '8', '2026', '2029', 'withdrawn'],
];
const MEMBERS = [
  ['Name', 'E-mail', 'Organisation', 'Stakeholder type', 'Country', 'Working groups'],
  ['Amina Diallo', 'amina@example.org', 'Sahel Connect', 'Civil Society', 'Mali', 'Access; Adoption'],
  ['Ben Okafor', 'ben@example.org', 'Acme Telecom', 'Private Sector', 'NGA', 'Accelerate'],
  ['Chen Wei', 'chen@example.org', '', 'Academia', '', 'Value Creation; Access; Accelerate'],
  ['Dana Cruz', 'dana@example.org', 'Ministry of ICT', 'Member State', 'Bolivia', ''],
];

describeEachDatabase("exports in the reader's language, read back by the import", (getUrl, provider) => {
  // Every language and format on SQLite; on PostgreSQL, where only the store differs, Arabic alone (its words and
  // script the farthest from the machine names) in both formats.
  const languages: readonly Language[] = provider === 'sqlite' ? LANGUAGES : ['ar'];
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'export-languages-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  const coalition = loadCoalitionFile(defaultCoalitionFile);
  const countries = loadCountryRegistry();
  const open: Database[] = [];
  afterAll(async () => {
    for (const db of open) await db.close();
  });
  async function database(url: string): Promise<Database> {
    const db = await openDatabase({ url });
    open.push(db);
    await db.repositories.coalition.sync(coalition);
    return db;
  }
  /** The table with machine names and keys, as the store reads it. */
  const machineTable = async (db: Database, kind: 'pledges' | 'members', period?: { start: Date; end: Date }) => toCsv(await db.stores.exports(countries).table(kind, period));
  /** `admin import` as the CLI runs it (the operator's language: the coalition's default, English). */
  async function importFile(db: Database, kind: 'pledges' | 'members', path: string, dryRun: boolean): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await runImport(db.stores.imports, coalition, countries, { kind, file: path, dryRun, mappingFile: null }, (line = '') => lines.push(line), { now: new Date(), tty: false });
    return { code, out: lines.join('\n') };
  }

  /** Checks one exported file against the oracles, then imports it into a fresh database (dry run, then for real) and compares what comes back. */
  async function roundTrip(kind: 'pledges' | 'members', source: Database, period: { start: Date; end: Date } | undefined, raw: Buffer, format: 'csv' | 'xlsx', language: Language, count: number, created: number): Promise<void> {
    const machine = await machineTable(source, kind, period);
    const machineHeader = (parse(machine, { record_delimiter: '\r\n' }) as string[][])[0];
    const [header, ...rows] = await sheetOf(raw, format);
    const words = catalogHeaders(language);
    expect(header).toEqual(machineHeader.map((column) => words[column]));
    if (language !== 'en') for (const [i, column] of machineHeader.entries()) expect({ column, header: header[i] }).not.toEqual({ column, header: column });
    expect(rows).toHaveLength(count);
    const cell = (row: unknown[], column: string) => row[machineHeader.indexOf(column)];
    const byKey = language === 'en';
    if (kind === 'pledges') {
      const p1 = rows.find((r) => cell(r, 'reference') === 'P-1')!;
      expect(cell(p1, 'focus_area')).toBe(byKey ? 'access' : nameIn(coalitionFile.focusAreas, 'access', language));
      expect(cell(p1, 'sector')).toBe(byKey ? 'private_sector' : nameIn(coalitionFile.stakeholderCategories, 'private_sector', language));
      expect(cell(p1, 'type')).toBe(byKey ? 'financial' : nameIn(coalitionFile.pledgeTypes, 'financial', language));
      expect(cell(p1, 'beneficiaries')).toBe(byKey ? 'rural_communities;youth' : ['rural_communities', 'youth'].map((k) => nameIn(coalitionFile.beneficiaryGroups, k, language)).join('; '));
      expect(cell(p1, 'countries')).toBe('KEN;UGA'); // ISO codes in every language
      expect(cell(p1, 'value_usd')).toBe(format === 'xlsx' ? 1_200_000 : '1200000'); // a number in a workbook
      expect(String(cell(p1, 'created_at'))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/); // ISO 8601 in every language
      if (format === 'csv') expect(cell(rows.find((r) => cell(r, 'reference') === 'P-2')!, 'description')).toBe("'-Digital skills training for 10,000 girls in secondary schools."); // formula guard kept
    } else {
      const amina = rows.filter((r) => cell(r, 'email') === 'amina@example.org');
      expect(amina.map((r) => cell(r, 'group')).sort()).toEqual(['access', 'adoption'].map((k) => (byKey ? k : coalitionFile.focusAreas.find((a) => a.key === k)!.workingGroup.name[language])).sort());
      expect(cell(amina[0], 'category')).toBe(byKey ? 'civil_society' : nameIn(coalitionFile.stakeholderCategories, 'civil_society', language));
      expect(cell(amina[0], 'country')).toBe('MLI');
    }

    // Imported by an operator whose language is the default (English), into a fresh database.
    const url = getUrl();
    const fresh = await database(url);
    const path = file(`${kind}-${language}-${Math.random().toString(36).slice(2)}.${format}`, raw);
    const what = kind === 'pledges' ? 'pledge' : 'member';
    const before = await tableCounts(url);
    const dry = await importFile(fresh, kind, path, true);
    expect(dry.code).toBe(0);
    expect(dry.out).not.toContain('columns not read');
    expect(dry.out).toContain(`would create ${created} ${what}s, 0 already stored`);
    expect(await tableCounts(url)).toEqual(before);
    const real = await importFile(fresh, kind, path, false);
    expect([real.code, real.out]).toEqual([0, expect.stringContaining(`created ${created} ${what}s, 0 already stored`)]);
    expect(comparable(await machineTable(fresh, kind), ASSIGNED[kind])).toEqual(comparable(machine, ASSIGNED[kind]));
  }

  it(`the CLI writes pledges and members in ${languages.join(', ')}, as CSV and .xlsx; each file comes back whole through the import`, async () => {
    const pledgesUrl = getUrl();
    const pledges = await database(pledgesUrl);
    expect((await importFile(pledges, 'pledges', file('pledges.csv', csvOf(PLEDGES)), false)).out).toContain('created 4 pledges');
    const membersUrl = getUrl();
    const members = await database(membersUrl);
    expect((await importFile(members, 'members', file('members.csv', csvOf(MEMBERS)), false)).out).toContain('created 4 members');
    for (const language of languages) {
      for (const format of ['csv', 'xlsx'] as const) {
        const pledgeFile = await admin(pledgesUrl, ['export', 'pledges', '--lang', language, '--format', format]);
        await roundTrip('pledges', pledges, undefined, pledgeFile.raw, format, language, 4, 4);
        const memberFile = await admin(membersUrl, ['export', 'members', '--lang', language, '--format', format]);
        await roundTrip('members', members, undefined, memberFile.raw, format, language, 7, 4); // one row per membership, one for Dana
      }
    }
  }, 600_000);

  it('English and --headers machine write the machine names and keys, byte for byte the same; a wrong --lang or --headers names what is allowed', async () => {
    const url = getUrl();
    await importFile(await database(url), 'pledges', file('p.csv', csvOf(PLEDGES)), false);
    const english = await admin(url, ['export', 'pledges']);
    expect(english.stdout.split('\r\n')[0]).toBe(
      '"number","member_id","entity","sector","focus_area","pillar","title","description","type","value_usd","countries","targets_ldc","targets_lldc","targets_sids","beneficiaries","sdgs","start_year","end_year","status","created_at","updated_at","reference"',
    );
    expect(english.stdout).toContain('"in_progress"');
    for (const language of LANGUAGES) expect((await admin(url, ['export', 'pledges', '--lang', language, '--headers', 'machine'])).stdout).toBe(english.stdout);
    expect((await admin(url, ['export', 'pledges', '--lang', 'en', '--headers', 'words'])).stdout).toBe(english.stdout);
    const german = await admin(url, ['export', 'pledges', '--lang', 'de']);
    expect([german.code, german.stderr.trim()]).toEqual([2, '--lang takes en, fr, es or ar, not "de"']);
    expect((await admin(url, ['export', 'pledges', '--lang'])).stderr.trim()).toBe('--lang takes en, fr, es or ar');
    expect((await admin(url, ['export', 'pledges', '--headers', 'xml'])).stderr.trim()).toBe('--headers takes words or machine, not "xml"');
  }, 300_000);

  it('an Arabic register (Arabic headers and names) is read by an operator whose default language is English', async () => {
    const ar = catalogHeaders('ar');
    const header = ['reference', 'entity', 'sector', 'focus_area', 'title', 'description', 'type', 'value_usd', 'countries', 'beneficiaries', 'sdgs', 'start_year', 'end_year', 'status'].map((c) => ar[c]);
    const row = [
      'AR-1', 'جمعية الاتصال', nameIn(coalitionFile.stakeholderCategories, 'civil_society', 'ar'), nameIn(coalitionFile.focusAreas, 'adoption', 'ar'), 'مراكز رقمية', 'مراكز رقمية مجتمعية في القرى الريفية لتعليم المهارات.',
      nameIn(coalitionFile.pledgeTypes, 'financial', 'ar'), '750000', 'اليمن، مالي', nameIn(coalitionFile.beneficiaryGroups, 'women_and_girls', 'ar'), '4', '2025', '2027', 'قيد التنفيذ',
    ];
    const url = getUrl();
    const run = await admin(url, ['import', 'pledges', file('arabic.csv', csvOf([header, row]))]);
    expect(run.stdout).not.toContain('columns not read');
    expect(run.stdout).toContain('created 1 pledge, 0 already stored');
    const [stored] = parse(await machineTable(await database(url), 'pledges'), { columns: true }) as Record<string, string>[];
    expect([stored.reference, stored.sector, stored.focus_area, stored.type, stored.value_usd, stored.countries, stored.beneficiaries, stored.status]).toEqual([
      'AR-1', 'civil_society', 'adoption', 'financial', '750000', 'YEM;MLI', 'women_and_girls', 'in_progress',
    ]);
  });

  it("the chat's export is in the asking member's language, and its file comes back whole through the import", async () => {
    const url = getUrl();
    const source = await database(url);
    expect((await importFile(source, 'pledges', file('chat-pledges.csv', csvOf(PLEDGES)), false)).out).toContain('created 4 pledges');
    expect((await importFile(source, 'members', file('chat-members.csv', csvOf(MEMBERS)), false)).out).toContain('created 4 members');
    // A moment after the imports: a link's period is in whole seconds.
    const now = new Date(Date.now() + 2000);
    const t = await startTestApp(url, now.toISOString());
    try {
      const link = (m: OutgoingMessage) => m.fields?.find((f) => f.value.includes('/exports/'))?.value ?? '';
      // What `last 30 days` covers, for the store's own table of the same period.
      const period = { start: new Date(now.getTime() - 31 * 86_400_000), end: new Date(now.getTime() + 86_400_000) };
      for (const language of languages) {
        await t.say('demo-secretariat', { text: `language ${language}` });
        for (const format of ['csv', 'xlsx'] as const) {
          const [pledges] = await t.say('demo-secretariat', { text: `export pledges${format === 'xlsx' ? ' xlsx' : ''}` });
          expect(link(pledges)).toContain(`/exports/pledges.${language}.${format}?`);
          await roundTrip('pledges', source, undefined, Buffer.from(await (await fetch(link(pledges))).arrayBuffer()), format, language, 4, 4);
          // The members who joined a group in the last 30 days: the imported ones (the secretariat and the pledges' placeholder owners have no group).
          const [members] = await t.say('demo-secretariat', { text: `export members last 30 days${format === 'xlsx' ? ' xlsx' : ''}` });
          await roundTrip('members', source, period, Buffer.from(await (await fetch(link(members))).arrayBuffer()), format, language, 6, 3);
        }
      }
      // The language is part of the signed path: another one is refused.
      const [rsvps] = await t.say('demo-secretariat', { text: 'export rsvps' });
      expect(link(rsvps)).toContain('/exports/rsvps.ar.csv?');
      expect((await fetch(link(rsvps))).status).toBe(200);
      expect((await fetch(link(rsvps).replace('.ar.csv', '.en.csv'))).status).toBe(403);
    } finally {
      await t.stop();
    }
  }, 300_000);
});
