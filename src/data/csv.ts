// The project's one CSV reader (csv-parse): the shipped country data, imported registers and
// the tests' reading of exports all go through it.
import { parse } from 'csv-parse/sync';

/** CSV text as rows of cells: RFC 4180 quoting (commas, line breaks, doubled quotes); a byte-order mark is dropped. */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
}
