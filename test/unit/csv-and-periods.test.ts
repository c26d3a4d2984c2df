// CSV for spreadsheets (RFC 4180 quoting, formula injection neutralised), read back by csv-parse, the periods the
// secretariat types.
import { parsePeriod } from '../../src/core/digest/period';
import { parse } from 'csv-parse/sync';
import { toCsv, type Cell } from '../../src/core/exports/csv';

describe('CSV', () => {
  const table = {
    header: ['name', 'note', 'when', 'amount', 'flag', 'empty'],
    rows: [
      ['x, y', 'say "hi"', new Date('2026-11-01T10:00:00Z'), 1.5, true, null],
      ['one\ntwo', ' pad ', new Date('2026-11-02T10:00:00Z'), -5, false, ''],
      ['é ü 日本', 'KEN;region:ldc', null, 0, null, undefined],
    ] as Cell[][],
  };

  it('quotes every text cell, writes ISO dates and one header row with CRLF', () => {
    const csv = toCsv(table);
    expect(csv.split('\r\n')[0]).toBe('"name","note","when","amount","flag","empty"');
    expect(csv.split('\r\n')[1]).toBe('"x, y","say ""hi""",2026-11-01T10:00:00.000Z,1.5,true,');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('round-trips through a CSV parser (csv-parse)', () => {
    const rows: string[][] = parse(toCsv(table), { delimiter: ',', record_delimiter: '\r\n' });
    expect(rows).toEqual([
      table.header,
      ['x, y', 'say "hi"', '2026-11-01T10:00:00.000Z', '1.5', 'true', ''],
      ['one\ntwo', ' pad ', '2026-11-02T10:00:00.000Z', '-5', 'false', ''],
      ['é ü 日本', 'KEN;region:ldc', '', '0', '', ''],
    ]);
  });

  const hostile = ['=SUM(A1:A9)', '+41 22 730 5111', '-2+3', '@cmd', '\t=1', '\r=1', '=HYPERLINK("http://x","y")', 'Org;=1+1', 'Org,=1+1', 'Org\t=1+1', 'a; @x', 'Org;;-1', 'ok\n=1', 'a=b'];
  const FORMULA_START = /^[=+\-@\t\r]/;

  it.each([',', ';', '\t'])('leaves no cell starting with a formula character when read with "%s" as the delimiter', (delimiter) => {
    const csv = toCsv({ header: ['text', 'number'], rows: hostile.map((text) => [text, -5]) });
    // A reader set to another delimiter than the writer's splits cells where a spreadsheet would.
    const rows: string[][] = parse(csv, { delimiter, record_delimiter: '\r\n', relax_quotes: true, relax_column_count: true, quote: delimiter === ',' ? '"' : false });
    const cells = rows.flat().map((cell) => cell.replace(/^"/, ''));
    expect(cells.filter((cell) => FORMULA_START.test(cell) && cell !== '-5')).toEqual([]);
  });

  it('changes nothing but the apostrophes it adds', () => {
    const rows: string[][] = parse(toCsv({ header: ['text'], rows: hostile.map((text) => [text]) }), { delimiter: ',' });
    expect(rows.slice(1).map(([cell]) => cell.replace(/(^|[;,\t\r\n])( *)'(?=[=+\-@\t\r])/g, '$1$2'))).toEqual(hostile);
    expect(rows.slice(1).map(([cell]) => cell)).toEqual([
      "'=SUM(A1:A9)", "'+41 22 730 5111", "'-2+3", "'@cmd", "'\t'=1", "'\r'=1", `'=HYPERLINK("http://x","y")`, "Org;'=1+1", "Org,'=1+1", "Org\t'=1+1", "a; '@x", "Org;;'-1", "ok\n'=1", 'a=b',
    ]);
  });
});

describe('periods', () => {
  const now = new Date('2026-11-29T10:00:00Z');
  it('reads the default, "last N days" and a date range in the coalition time zone (end day included)', () => {
    expect(parsePeriod('', now, 7, 'UTC')).toEqual({ start: new Date('2026-11-22T10:00:00Z'), end: now });
    expect(parsePeriod('last 30 days', now, 7, 'UTC')).toEqual({ start: new Date('2026-10-30T10:00:00Z'), end: now });
    expect(parsePeriod('2026-11-01..2026-11-30', now, 7, 'Europe/Zurich')).toEqual({ start: new Date('2026-10-31T23:00:00Z'), end: new Date('2026-11-30T23:00:00Z') });
    for (const bad of ['next week', '2026-11-30..2026-11-01', '2026-02-30..2026-03-01', 'last 0 days', 'last 999 days']) expect(parsePeriod(bad, now, 7, 'UTC')).toBeNull();
  });
});
