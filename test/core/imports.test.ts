// The pure part of imports: which column is which field, each cell read by the chat's parsers
// and rules, the problems named per row and column; and the CSV reading that undoes the
// export's formula guard (checked against the guard itself on many generated strings).
import type { ZodIssue } from 'zod';
import { neutraliseFormulas } from '../../src/core/exports/csv';
import { matchHeaders } from '../../src/core/imports/headers';
import type { SheetTable, SheetWords } from '../../src/core/imports/import-ports';
import { readMemberRows } from '../../src/core/imports/member-rows';
import { pledgeContentKey, readPledgeRows } from '../../src/core/imports/pledge-rows';
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
      expect(Object.fromEntries(columns)).toEqual({ entity: 2, sector: 3, focusArea: 4, title: 5, description: 6, type: 7, countries: 8, beneficiaries: 10, sdgs: 11, startYear: 12, status: 13, externalId: 15 });
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
        row: 2, externalId: 'A1', entity: 'Acme', sector: null, status: 'in_progress', focusArea: 'access', pillar: null, title: 'Towers for all', description: 'Solar towers for rural villages in the north.',
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
