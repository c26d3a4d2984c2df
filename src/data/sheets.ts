// Reads a register the secretariat keeps: a CSV file (csv-parse) or the first worksheet of an
// .xlsx workbook (exceljs), as text cells with their row numbers. Bounded: the file's size and
// the number of rows. And writes an export table as an .xlsx workbook.
// exceljs is loaded at the first workbook read or written, not at start (it takes ~15 MB resident).
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type ExcelJS from 'exceljs';
import type { Table } from '../core/exports/csv';
import { MAX_IMPORT_ROWS, type SheetTable } from '../core/imports/import-ports';
import { parse } from 'csv-parse/sync';

export const MAX_SHEET_BYTES = 50 * 1024 * 1024;

export class SheetError extends Error {}

/** CSV text as rows of cells (csv-parse, as the country data is read): RFC 4180 quoting; a byte-order mark is dropped; CRLF, LF or CR line ends. */
function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
}

/**
 * Undoes what the CSV export does against formula injection (src/core/exports/csv.ts): an
 * apostrophe put before a formula character at the start of a cell or of a piece of it.
 */
export function restoreFormulaText(text: string): string {
  return text.replace(/(?<=^|[;,\t\r\n])( *)'(?=[=+\-@\t\r])/g, '$1');
}

function table(rows: string[][]): SheetTable {
  const [header = [], ...data] = rows;
  if (header.every((h) => !h.trim())) throw new SheetError('the first row must name the columns (it is empty)');
  if (data.length > MAX_IMPORT_ROWS) throw new SheetError(`the file has ${data.length} rows; at most ${MAX_IMPORT_ROWS} are read at once: split it`);
  return { header: header.map((h) => h.trim()), rows: data.map((cells, i) => ({ number: i + 2, cells })) };
}

/** A cell of exceljs as the text a person sees in it (numbers unformatted, dates as YYYY-MM-DD). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return '';
}

async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { Workbook } = (await import('exceljs')).default;
  return new Workbook();
}

export async function readXlsx(file: string): Promise<SheetTable> {
  const workbook = await newWorkbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new SheetError(`${file} is not an .xlsx workbook I can read (${error instanceof Error ? error.message : String(error)})`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SheetError(`${file} has no worksheet`);
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1) throw new SheetError(`the sheet has ${sheet.rowCount - 1} rows; at most ${MAX_IMPORT_ROWS} are read at once: split it`);
  const width = sheet.columnCount;
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  }
  return table(rows);
}

export function readCsvTable(text: string): SheetTable {
  return table(parseCsv(text).map((cells) => cells.map(restoreFormulaText)));
}

/** The file as a table, by its extension: .csv or .xlsx. */
export async function readSheet(file: string): Promise<SheetTable> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new SheetError(`cannot read ${file}: no such file`);
  }
  if (size > MAX_SHEET_BYTES) throw new SheetError(`${file} is ${Math.round(size / 1024 / 1024)} MB; at most ${MAX_SHEET_BYTES / 1024 / 1024} MB are read`);
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx') return readXlsx(file);
  if (ext === '.csv' || ext === '.txt') {
    try {
      return readCsvTable(readFileSync(file, 'utf8'));
    } catch (error) {
      if (error instanceof SheetError) throw error;
      throw new SheetError(`${file} is not a CSV file I can read (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  throw new SheetError(`${file}: give a .csv or .xlsx file (an .xls workbook: save it as .xlsx first)`);
}

/** A table as an .xlsx workbook of one worksheet: text stays text (never run as a formula), numbers are numbers. */
export async function toXlsx(table: Table, sheetName: string): Promise<Buffer> {
  const workbook = await newWorkbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.addRow(table.header);
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((cell) => (cell instanceof Date ? cell.toISOString() : cell ?? null)));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
