// The pure part of imports: which column is which field, each cell read by the chat's parsers
// and rules, the problems named per row and column; and the CSV reading that undoes the
// export's formula guard (checked against the guard itself on many generated strings).
import type { ZodIssue } from 'zod';
import { neutraliseFormulas } from '../../src/core/exports/csv';
import { matchHeaders } from '../../src/core/imports/headers';
import type { SheetTable, SheetWords } from '../../src/core/imports/import-ports';
import { readMemberRows } from '../../src/core/imports/member-rows';
import { parsePledgeDate, pledgeContentKey, readPledgeRows, statusTable } from '../../src/core/imports/pledge-rows';
import { coalitionCodeTables, codeClashes, type CodeTable } from '../../src/core/coalition/coded-names';
import { fourLanguageCoalition } from '../support/languages';
import { parseSdgList } from '../../src/core/pledges/sdgs';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { loadCountryRegistry } from '../../src/data/countries';
import { readCsvTable, restoreFormulaText } from '../../src/data/sheets';
import { catalogLanguages, ownMessages, translator } from '../../src/conversation/catalog/catalog';
import { exportWords } from '../../src/conversation/digest/export-sheet';
import { problemLine } from '../../scripts/admin/import';

const coalition = loadCoalitionFile(defaultCoalitionFile);
const countries = loadCountryRegistry();
const sheet = (header: string[], ...rows: string[][]): SheetTable => ({ header, rows: rows.map((cells, i) => ({ number: i + 2, cells })) });
const message = (issue: ZodIssue) => issue.message;

describe('header matching', () => {
  it('takes names in any case, spacing and punctuation, and the common variants', () => {
    const { columns, ignored, problems } = matchHeaders('pledges', [
      'ORGANIZATION', 'Sector', 'focus_area', 'Pledge  Title', 'Description', 'Pledge type', 'Estimated value (USD)', 'Countries of implementation', 'Target groups', 'SDG', 'Year', 'Reference', 'Comments',
    ]);
    expect(problems).toEqual([]);
    expect(Object.fromEntries(columns)).toEqual({
      entity: 0, sector: 1, focusArea: 2, title: 3, description: 4, type: 5, valueUsd: 6, countries: 7, beneficiaries: 8, sdgs: 9, startYear: 10, externalId: 11,
    });
    expect(ignored).toEqual(['Comments']);
  });

  it('names a required field with no column and a field named twice; a mapping settles both', () => {
    const header = ['Entity', 'Organization', 'Focus area', 'Headline', 'Description', 'Type', 'Countries', 'Beneficiaries', 'SDGs', 'Start year'];
    const { problems } = matchHeaders('pledges', header);
    expect(problems.map((p) => [p.column, message(p.issue)])).toEqual([
      ['Organization', 'import.error.column_twice'],
      ['title', 'import.error.column_missing'],
    ]);
    const mapped = matchHeaders('pledges', header, { Headline: 'title', Organization: 'Pledging entity', Entity: 'sector' });
    expect(mapped.problems).toEqual([]);
    expect([mapped.columns.get('title'), mapped.columns.get('entity'), mapped.columns.get('sector')]).toEqual([3, 1, 0]);
    expect(matchHeaders('pledges', header, { Headline: 'colour' }).problems.map((p) => message(p.issue))).toContain('import.error.mapping_field');
  });

  it('reads past the columns the export derives (number, owner, LDC flags, timestamps)', () => {
    const { ignored } = matchHeaders('pledges', ['number', 'member_id', 'entity', 'targets_ldc', 'created_at', 'updated_at']);
    expect(ignored).toEqual([]);
  });

  it("reads the export's headers in every catalog language, derived ones included, whatever the operator's language", () => {
    const words = exportWords();
    for (const language of catalogLanguages()) {
      const own = ownMessages(language) as Record<string, string>;
      const word = (column: string) => own[`export.column.${column}`];
      const header = ['number', 'member_id', 'entity', 'sector', 'focus_area', 'title', 'description', 'type', 'countries', 'targets_ldc', 'beneficiaries', 'sdgs', 'start_year', 'status', 'created_at', 'reference'].map(word);
      const { columns, ignored, problems } = matchHeaders('pledges', header, {}, words);
      expect({ language, problems, ignored }).toEqual({ language, problems: [], ignored: [] });
      expect(Object.fromEntries(columns)).toEqual({ entity: 2, sector: 3, focusArea: 4, title: 5, description: 6, type: 7, countries: 8, beneficiaries: 10, sdgs: 11, startYear: 12, status: 13, pledgedAt: 14, externalId: 15 });
      const members = matchHeaders('members', ['member_id', 'name', 'email', 'category', 'group', 'joined_at', 'locale'].map(word), {}, words);
      expect([members.problems, members.ignored, Object.fromEntries(members.columns)]).toEqual([[], [], { name: 1, email: 2, category: 3, groups: 4 }]);
    }
  });

  it('refuses a header that names two columns in two languages, naming the column and its candidates; a mapping settles it', () => {
    // A language whose word for the title is "Entity", which names the entity in English.
    const words: SheetWords = {
      headers: [{ language: 'en', word: (c) => c }, { language: 'xx', word: (c) => (c === 'title' ? 'Entity' : `xx ${c}`) }],
      pledgeStatuses: { announced: [], in_progress: [], completed: [], withdrawn: [] },
    };
    const header = ['Entity', 'focus_area', 'description', 'type', 'countries', 'beneficiaries', 'sdgs', 'start_year'];
    const { problems } = matchHeaders('pledges', header, {}, words);
    expect(problems.map((p) => [p.column, message(p.issue), (p.issue as { params?: unknown }).params])).toEqual([
      ['Entity', 'import.error.column_ambiguous', { candidates: 'entity (en), title (xx)' }],
      ['entity', 'import.error.column_missing', expect.anything()],
      ['title', 'import.error.column_missing', expect.anything()],
    ]);
    expect(problemLine(problems[0], translator('en'))).toBe(
      '  row 1, Entity: "Entity" names a different column in different languages: entity (en), title (xx). Rename the column, or say which it is with --mapping.',
    );
    expect(matchHeaders('pledges', [...header, 'Headline'], { Entity: 'entity', Headline: 'title' }, words).problems).toEqual([]);
  });
});

describe('pledge rows', () => {
  const header = ['ID', 'Entity', 'Focus area', 'Title', 'Description', 'Type', 'Value', 'Countries', 'Beneficiaries', 'SDGs', 'Start year', 'End year', 'Status'];
  const row = (patch: Record<string, string> = {}) => {
    const base: Record<string, string> = {
      ID: 'A1', Entity: 'Acme', 'Focus area': 'access', Title: 'Towers for all', Description: 'Solar towers for rural villages in the north.', Type: 'Financial', Value: '2.5 million',
      Countries: 'Nepal & Bhutan', Beneficiaries: 'youth', SDGs: '9', 'Start year': '2025', 'End year': '2027', Status: 'In progress',
    };
    return header.map((h) => patch[h] ?? base[h]);
  };

  it('reads a good row as the chat would store it', () => {
    const { pledges, problems } = readPledgeRows(sheet(header, row()), coalition, countries);
    expect(problems).toEqual([]);
    expect(pledges).toEqual([
      {
        row: 2, externalId: 'A1', entity: 'Acme', sector: null, status: 'in_progress', pledgedAt: null, focusArea: 'access', pillar: null, title: 'Towers for all', description: 'Solar towers for rural villages in the north.',
        type: 'financial', valueUsd: 2_500_000, countries: ['NPL', 'BTN'], beneficiaries: ['youth'], sdgs: [9], startYear: 2025, endYear: 2027,
      },
    ]);
  });

  it('names each problem by row and column with the message the chat gives', () => {
    const rows = [
      row({ ID: 'A2', Countries: 'Nepaal' }),
      row({ ID: 'A3', Value: '-5m' }),
      row({ ID: 'A4', 'Start year': '2010' }),
      row({ ID: 'A5', Status: 'paused' }),
      row({ ID: 'A6', Type: 'Programmatic', Value: '', Title: 'Hi' }),
      row({ ID: 'A2', Title: 'Another title here' }),
    ];
    const { pledges, problems } = readPledgeRows(sheet(header, ...rows), coalition, countries);
    expect(problems.map((p) => [p.row, p.column, p.issue.code === 'custom' ? message(p.issue) : p.issue.code, p.input])).toEqual([
      [2, 'Countries', 'pledge.error.country_suggest', 'Nepaal'],
      [3, 'Value', 'pledge.error.value_negative', '-5m'],
      [4, 'Start year', 'pledge.error.start_too_early', '2010'],
      [5, 'Status', 'import.error.not_one_of', 'paused'],
      [6, 'Title', 'too_small', 'Hi'],
      [7, 'ID', 'import.error.duplicate_id', 'A2'],
    ]);
    expect(problems[0].issue).toMatchObject({ params: { suggestions: 'Nepal' } });
    expect(pledges).toEqual([]);
    // Each line in the operator's language, the name of what was expected included.
    const status = problems.find((p) => p.column === 'Status')!;
    expect(problemLine(status, translator('en'))).toBe('  row 5, Status: "paused" is not a status: use one of announced, in progress, completed, withdrawn (or its key).');
    expect(problemLine(status, translator('fr'))).toMatch(/^ {2}ligne 5, Status\u00a0: .*paused.* ne correspond à aucune valeur de statut\u00a0: /);
    expect(problemLine(status, translator('es'))).toMatch(/^ {2}fila 5, Status: .*ningún valor de estado: /);
    expect(problemLine(status, translator('ar'))).toContain('الحالة');
    const area = readPledgeRows(sheet(header, row({ 'Focus area': 'Connectivity' })), coalition, countries).problems[0]!;
    expect(problemLine(area, translator('en'))).toContain('"Connectivity" is not a focus area: use one of');
    expect(problemLine(area, translator('fr'))).toContain('aucune valeur de domaine prioritaire');
  });

  it('a register with one year column makes one-year pledges; without IDs, the same pledge twice is named', () => {
    const h = ['Entity', 'Focus area', 'Title', 'Description', 'Type', 'Countries', 'Beneficiaries', 'SDGs', 'Year'];
    const r = ['Acme', 'Adoption', 'Skills for girls', 'Digital skills for ten thousand girls in schools.', 'Advocacy', 'global', 'Women and girls', 'Quality education, 5', '2026'];
    const { pledges, problems } = readPledgeRows(sheet(h, r, r.map((c) => (c === 'Skills for girls' ? 'skills  for GIRLS' : c))), coalition, countries);
    expect(pledges.map((p) => [p.startYear, p.endYear, p.sdgs, p.countries])).toEqual([[2026, 2026, [4, 5], ['GLOBAL']]]);
    expect(problems.map((p) => [p.row, p.column, message(p.issue)])).toEqual([[3, '', 'import.error.duplicate_pledge']]);
  });

  it('content keys fold case, accents and punctuation; SDGs by number or name', () => {
    expect(pledgeContentKey({ entity: 'Café  Net', title: 'Towers, for all!', startYear: 2025 })).toBe(pledgeContentKey({ entity: 'cafe net', title: 'towers for all', startYear: 2025 }));
    expect(parseSdgList('SDG 4; Gender equality and 9')).toEqual({ ok: true, value: [4, 5, 9] });
    expect(parseSdgList('4, 99')).toEqual({ ok: false, input: '99' });
  });

  it("keeps the date a pledge was made, from the file's date column; a date it cannot read, or outside 2000 to today, is named", () => {
    const h = [...header, 'Date pledged'];
    const now = new Date('2026-06-15T12:00:00Z');
    const rows = [
      [...row({ ID: 'D1' }), '2024-03-01'],
      [...row({ ID: 'D2' }), '2025-11-20T09:30:00.000Z'],
      [...row({ ID: 'D3' }), '2025-11-20 09:30'],
      [...row({ ID: 'D4' }), ''],
    ];
    const read = readPledgeRows(sheet(h, ...rows), coalition, countries, undefined, undefined, now);
    expect(read.problems).toEqual([]);
    expect(read.pledges.map((p) => [p.externalId, p.pledgedAt?.toISOString() ?? null])).toEqual([
      ['D1', '2024-03-01T00:00:00.000Z'],
      ['D2', '2025-11-20T09:30:00.000Z'],
      ['D3', '2025-11-20T09:30:00.000Z'],
      ['D4', null],
    ]);
    const bad = readPledgeRows(
      sheet(h, [...row({ ID: 'E1' }), '01/03/2025'], [...row({ ID: 'E2' }), '2025-02-30'], [...row({ ID: 'E3' }), '2026-06-16'], [...row({ ID: 'E4' }), '1999-12-31']),
      coalition, countries, undefined, undefined, now,
    );
    expect(bad.problems.map((p) => [p.row, p.column, message(p.issue), p.input])).toEqual([
      [2, 'Date pledged', 'import.error.date', '01/03/2025'],
      [3, 'Date pledged', 'import.error.date', '2025-02-30'],
      [4, 'Date pledged', 'import.error.date_range', '2026-06-16'],
      [5, 'Date pledged', 'import.error.date_range', '1999-12-31'],
    ]);
    expect(bad.problems[2].issue).toMatchObject({ params: { today: '2026-06-15' } });
    expect(problemLine(bad.problems[0], translator('en'))).toBe('  row 2, Date pledged: "01/03/2025" is not a date: write it as YYYY-MM-DD, or as the export writes it (2025-03-01T09:30:00.000Z).');
  });

  it('reads a date as JavaScript\'s own ISO parser does, and refuses what is not a calendar day', () => {
    // Oracle: Date.parse, an implementation of ISO 8601 independent of the Temporal polyfill.
    const dates = ['2000-01-01', '2024-02-29', '2025-12-31', '2025-06-01T00:00:00Z', '2025-06-01T23:59:59.999Z', '2025-06-01T10:00:00+02:00', '2025-06-01T10:00-05:30', '2025-06-01T10:00:00.5Z'];
    for (const text of dates) expect([text, parsePledgeDate(text)?.getTime()]).toEqual([text, Date.parse(text)]);
    // Without an offset: UTC (Date.parse would take local time for these, so compare with a Z added).
    for (const text of ['2025-06-01T10:00', '2025-06-01 10:00:30']) expect([text, parsePledgeDate(text)?.getTime()]).toEqual([text, Date.parse(`${text.replace(' ', 'T')}Z`)]);
    for (const text of ['2023-02-29', '2025-13-01', '2025-00-10', '2025-06-31', '2025-06-01T24:30', '20250601', '1 June 2025', '06/01/2025', '2025-6-1', 'soon']) {
      expect([text, parsePledgeDate(text)]).toEqual([text, null]);
    }
  });

});

describe('amounts in any catalog language', () => {
  const words = exportWords('en');
  const PLEDGE = ['reference', 'entity', 'focus_area', 'title', 'description', 'type', 'value_usd', 'countries', 'beneficiaries', 'sdgs', 'start_year'];
  const headerIn = (language: string) => PLEDGE.map(words.headers.find((h) => h.language === language)!.word);
  const cells = (value: string, i = 0) => [`R${i}`, 'Acme', 'access', 'Towers for all', 'Solar towers for rural villages in the north.', 'financial', value, 'Nepal', 'youth', '9', '2025'];
  /** What the import makes of each amount, in a file with this header row. */
  const read = (header: string[], values: string[]) => {
    const { pledges, problems } = readPledgeRows(sheet(header, ...values.map((value, i) => cells(value, i))), coalition, countries, undefined, words);
    return values.map((value, i) => pledges.find((p) => p.row === i + 2)?.valueUsd ?? problems.find((p) => p.row === i + 2)?.issue);
  };
  // A header row no one language names whole (English variants and a French title): the file's language is not known.
  const mixed = ['ID', 'Pledging entity', 'Focus area', 'Titre', 'Description', 'Type', 'Estimated value (USD)', 'Countries', 'Beneficiaries', 'SDGs', 'Start year'];

  it("knows a file's language from an export's headers in that language, and no language from a mixed header row", () => {
    for (const language of catalogLanguages()) expect([language, matchHeaders('pledges', headerIn(language), {}, words).language]).toEqual([language, language]);
    expect(matchHeaders('pledges', mixed, {}, words).language).toBeUndefined();
    expect(matchHeaders('pledges', mixed, {}, words).problems).toEqual([]);
  });

  it('reads back every amount Intl.NumberFormat writes in each language, Arabic-Indic digits included, in a file of that language', () => {
    const values = [750_000, 1_234_567.89, 2_500_000, 15_000, 1_500, 42.5, 1_000_000_000];
    for (const [locale, language] of [['en', 'en'], ['fr', 'fr'], ['es', 'es'], ['ar', 'ar'], ['ar-u-nu-arab', 'ar'], ['fr-CH', 'fr'], ['es-ES', 'es']] as const) {
      const written = values.map((v) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(v));
      expect([locale, written, read(headerIn(language), written)]).toEqual([locale, written, values]);
    }
  });

  it('reads amounts in words of every language whatever the header row: Arabic scales and duals, French and Spanish decimal commas', () => {
    const cases: [string, number][] = [
      ['٧٥٠ ألف', 750_000],
      ['مليونان', 2_000_000],
      ['مليونين', 2_000_000],
      ['مليونان ونصف', 2_500_000],
      ['مئتا ألف', 200_000],
      ['١٫٥ مليون دولار', 1_500_000],
      ['2,5 millions', 2_500_000],
      ['deux millions et demi', 2_500_000],
      ['dos millones y medio', 2_500_000],
      ['1 500 000,50', 1_500_000.5],
      ['USD 1.2M', 1_200_000],
    ];
    for (const header of [headerIn('en'), headerIn('fr'), mixed]) {
      expect(read(header, cases.map(([text]) => text))).toEqual(cases.map(([, value]) => value));
    }
  });

  it('refuses an amount two languages read differently, naming both readings, unless the file says its language', () => {
    const ambiguous = ['1,500', '1.500', '750,000', '2 mil'];
    const issues = read(mixed, ambiguous);
    expect(issues.map((issue) => (issue as ZodIssue).message)).toEqual(ambiguous.map(() => 'import.error.amount_ambiguous'));
    expect(issues.map((issue) => (issue as { params?: unknown }).params)).toEqual([
      { first: 1500, firstLanguage: 'en', second: 1.5, secondLanguage: 'fr' },
      { first: 1.5, firstLanguage: 'en', second: 1500, secondLanguage: 'fr' },
      { first: 750_000, firstLanguage: 'en', second: 750, secondLanguage: 'fr' },
      { first: 2_000_000, firstLanguage: 'en', second: 2000, secondLanguage: 'es' },
    ]);
    const { problems } = readPledgeRows(sheet(mixed, cells('1,500')), coalition, countries, undefined, words);
    expect(problemLine(problems[0]!, translator('en'))).toBe(
      '  row 2, Estimated value (USD): "1,500" reads 1,500 (en) or 1.5 (fr), depending on the language\'s decimal mark: write it without a thousands separator, or name the columns in one language so that the file\'s language is known.',
    );
    expect(problemLine(problems[0]!, translator('fr'))).toContain('se lit 1\u202f500 (en) ou 1,5 (fr)');
    // The file's language settles it.
    expect(read(headerIn('en'), ambiguous)).toEqual([1500, 1.5, 750_000, 2_000_000]);
    expect(read(headerIn('es'), ambiguous)).toEqual([1.5, 1500, 750, 2000]);
    // French reads the first three; "2 mil" it does not read, and English and Spanish still differ on it.
    expect(read(headerIn('fr'), ambiguous).map((r) => (typeof r === 'number' ? r : (r as ZodIssue).message))).toEqual([1.5, 1500, 750, 'import.error.amount_ambiguous']);
    // The operator's language is tried first: it is the first reading named.
    const fromFrench = readPledgeRows(sheet(mixed, cells('1,500')), coalition, countries, undefined, exportWords('fr')).problems[0]!.issue;
    expect((fromFrench as { params?: unknown }).params).toEqual({ first: 1.5, firstLanguage: 'fr', second: 1500, secondLanguage: 'en' });
  });
});

describe("the import's coded words say one thing in every language", () => {
  const words = exportWords();
  const files = [['the shipped file', coalition], ['the shipped file in four languages', fourLanguageCoalition()]] as const;

  it.each(files)('%s: no word (folded as the import folds it) names two codes of one column, pledge statuses included', (_name, file) => {
    const tables = { ...coalitionCodeTables(file), status: statusTable(words) };
    expect(codeClashes(tables)).toEqual([]);
    // The tables hold every language (it would pass vacuously otherwise).
    const languages = new Set([...Object.values(tables)].flatMap((table) => [...table.values()].flatMap((codes) => [...codes.values()].flat())));
    expect([...languages].sort()).toEqual(['ar', 'en', 'es', 'fr', 'key']);
  });

  it('reads each word of those tables as its code: sector, focus area, type, beneficiaries and status of a pledge row', () => {
    const tables: Record<string, CodeTable> = { ...coalitionCodeTables(coalition), status: statusTable(words) };
    const header = ['ID', 'Entity', 'Sector', 'Focus area', 'Title', 'Description', 'Type', 'Value', 'Countries', 'Beneficiaries', 'SDGs', 'Start year', 'Status'];
    const base = ['', 'Acme', 'private_sector', 'access', 'Towers for all', 'Solar towers for rural villages in the north.', 'financial', '1m', 'Nepal', 'youth', '9', '2025', 'announced'];
    const column = { sector: 2, focusArea: 3, type: 6, beneficiaries: 9, status: 12 } as const;
    const rows: string[][] = [];
    const expected: [string, string, string][] = [];
    for (const [field, index] of Object.entries(column)) {
      for (const [word, codes] of tables[field]!) {
        const cells = [...base];
        cells[0] = `R${rows.length}`;
        cells[index] = word;
        rows.push(cells);
        expected.push([field, word, [...codes.keys()][0]!]);
      }
    }
    expect(rows.length).toBeGreaterThan(100);
    const { pledges, problems } = readPledgeRows(sheet(header, ...rows), coalition, countries, undefined, words);
    expect(problems).toEqual([]);
    const got = pledges.map((p, i) => {
      const field = expected[i]![0] as keyof typeof column;
      const value = field === 'beneficiaries' ? p.beneficiaries[0] : p[field];
      return [field, expected[i]![1], value];
    });
    expect(got).toEqual(expected);
  });
});

describe('member rows', () => {
  it('reads members, folds emails, names problems', () => {
    const h = ['Full name', 'Email address', 'Organisation', 'Sector', 'Country', 'Groups'];
    const { members, problems } = readMemberRows(
      sheet(h, ['Ada Lovelace', ' Ada@Example.ORG ', 'Engines Ltd', 'Academia', "Cote d'Ivoire", 'access, Value creation'], ['Bo', 'bo@example.org', '', '', 'LDCs', '']),
      coalition,
      countries,
    );
    expect(members).toEqual([{ row: 2, name: 'Ada Lovelace', email: 'ada@example.org', organization: 'Engines Ltd', category: 'academia', country: 'CIV', groups: ['access', 'value_creation'] }]);
    expect(problems.map((p) => [p.row, p.column, message(p.issue)])).toEqual([[3, 'Country', 'import.error.country_one']]);
  });

  it("reads a member's rows of one email as one member in several groups (the export's shape); differing cells stay a duplicate", () => {
    const h = ['name', 'email', 'organization', 'category', 'group'];
    const { members, problems } = readMemberRows(
      sheet(h, ['Ada', 'ada@example.org', 'Engines', 'Academia', 'access'], ['Ada', 'ADA@example.org', 'Engines', 'academia', 'Groupe de travail Adoption'], ['Ada L.', 'ada@example.org', 'Engines', '', '']),
      coalition,
      countries,
    );
    expect(members).toEqual([{ row: 2, name: 'Ada', email: 'ada@example.org', organization: 'Engines', category: 'academia', country: null, groups: ['access', 'adoption'] }]);
    expect(problems.map((p) => [p.row, p.column, message(p.issue)])).toEqual([[4, 'email', 'import.error.duplicate_email']]);
  });

  it("reads coded cells in any of the coalition's languages", () => {
    const h = ['name', 'email', 'category', 'group'];
    const { members, problems } = readMemberRows(
      sheet(h, ['Ana', 'a@example.org', 'Société civile', 'Grupo de trabajo sobre Acceso; التسريع'], ['Bea', 'b@example.org', 'الأوساط الأكاديمية', 'Création de valeur']),
      coalition,
      countries,
    );
    expect(problems).toEqual([]);
    expect(members.map((m) => [m.category, m.groups])).toEqual([['civil_society', ['access', 'accelerate']], ['academia', ['value_creation']]]);
  });
});

describe('CSV reading undoes the export formula guard', () => {
  it('restores every string the guard changed (generated strings)', () => {
    const alphabet = ['=', '+', '-', '@', ',', ';', ' ', '\t', '\n', 'a', 'b', '1', "'"];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      // Text that already has an apostrophe before a formula character is the one ambiguous case.
      if (/(^|[;,\t\r\n]) *'[=+\-@\t\r]/.test(text)) continue;
      expect(restoreFormulaText(neutraliseFormulas(text))).toBe(text);
    }
  });

  it('reads the CSV the export writes back to the same cells', () => {
    const table = readCsvTable('"title","note"\r\n"\'=1+1","a;\'-b"\r\n');
    expect(table).toEqual({ header: ['title', 'note'], rows: [{ number: 2, cells: ['=1+1', 'a;-b'] }] });
  });
});
