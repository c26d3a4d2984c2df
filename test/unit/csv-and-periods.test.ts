// CSV for spreadsheets (RFC 4180 quoting, formula injection neutralised), the periods the
// secretariat types, and the cron slot a scheduled digest belongs to.
import { previousSlot } from '../../src/core/digest/cron-slots';
import { parsePeriod } from '../../src/core/digest/period';
import { csvCell, parseCsv, toCsv } from '../../src/core/exports/csv';

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, writes ISO dates and one header row with CRLF', () => {
    const csv = toCsv({ header: ['a', 'b', 'c', 'd', 'e'], rows: [['x, y', 'say "hi"', 'one\ntwo', new Date('2026-11-01T10:00:00Z'), null], [1.5, true, ' pad ', '', 'é ü 日本']] });
    expect(csv).toBe('a,b,c,d,e\r\n"x, y","say ""hi""","one\ntwo",2026-11-01T10:00:00.000Z,\r\n1.5,true," pad ",,é ü 日本\r\n');
    expect(parseCsv(csv)).toEqual([['a', 'b', 'c', 'd', 'e'], ['x, y', 'say "hi"', 'one\ntwo', '2026-11-01T10:00:00.000Z', ''], ['1.5', 'true', ' pad ', '', 'é ü 日本']]);
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvCell('+41 22 730 5111')).toBe("'+41 22 730 5111");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell(-5)).toBe('-5'); // a number stays a number
    expect(csvCell('a=b')).toBe('a=b');
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

describe('cron slots', () => {
  it('finds the latest slot at or before now in the time zone, across DST', () => {
    expect(previousSlot('0 9 * * 1', 'Europe/Zurich', new Date('2026-11-30T08:00:30Z'), 8)).toEqual(new Date('2026-11-30T08:00:00Z'));
    expect(previousSlot('0 9 * * 1', 'Europe/Zurich', new Date('2026-11-30T07:59:59Z'), 8)).toEqual(new Date('2026-11-23T08:00:00Z'));
    expect(previousSlot('0 9 * * 1', 'Europe/Zurich', new Date('2026-07-07T00:00:00Z'), 8)).toEqual(new Date('2026-07-06T07:00:00Z'));
    expect(previousSlot('*/15 8-9 1,15 * *', 'UTC', new Date('2026-11-15T09:20:00Z'), 2)).toEqual(new Date('2026-11-15T09:15:00Z'));
    expect(previousSlot('30 9 * * 1', 'Asia/Kolkata', new Date('2026-11-30T04:00:59Z'), 8)).toEqual(new Date('2026-11-30T04:00:00Z'));
    expect(previousSlot('30 9 * * 1', 'Asia/Kolkata', new Date('2026-11-30T03:59:59Z'), 8)).toEqual(new Date('2026-11-23T04:00:00Z'));
    expect(previousSlot('0 0 1 1 *', 'UTC', new Date('2026-11-15T09:20:00Z'), 31)).toBeNull();
  });
});
