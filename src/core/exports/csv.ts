// CSV as spreadsheets read it: UTF-8, RFC 4180 quoting, CRLF line ends, ISO dates, one
// header row. Every text cell is quoted. A formula character (= + - @ tab CR) at the start of
// a text cell, or after anything a reader might split the cell on (; , tab, a line break), gets
// an apostrophe before it, so no piece of the cell is run as a formula: a spreadsheet set to
// another delimiter, or "text to columns", splits `Org;=1+1` into `Org` and `'=1+1`.
export type Cell = string | number | boolean | Date | null | undefined;

export interface Table {
  header: string[];
  rows: Cell[][];
}

const FORMULA_AT_PIECE_START = /(?<=^|[;,\t\r\n])( *)(?=[=+\-@\t\r])/g;

/** `text` with an apostrophe before every formula character that starts it or a piece of it. */
export function neutraliseFormulas(text: string): string {
  return text.replace(FORMULA_AT_PIECE_START, "$1'");
}

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return `"${neutraliseFormulas(value).replace(/"/g, '""')}"`;
}

export function toCsv(table: Table): string {
  return [table.header, ...table.rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
