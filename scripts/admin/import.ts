// `admin import pledges|members <file> [--dry-run] [--mapping <file>]`: reads the register
// (src/data/sheets.ts), checks every row with the chat's rules (src/core/imports), and writes
// the whole file in one transaction (src/db/repositories/imports.ts), or nothing.
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { parse as parseYaml } from 'yaml';
import type { Coalition } from '../../src/core/coalition/coalition';
import type { CountryRegistry } from '../../src/core/countries/country-registry';
import { mappingSchema, type HeaderMapping } from '../../src/core/imports/headers';
import { IMPORT_KINDS, type ImportKind, type ImportOutcome, type ImportStore, type RowProblem } from '../../src/core/imports/import-ports';
import { readMemberRows } from '../../src/core/imports/member-rows';
import { readPledgeRows } from '../../src/core/imports/pledge-rows';
import { translator } from '../../src/conversation/catalog/catalog';
import { exportWords } from '../../src/conversation/digest/export-sheet';
import { clip, describeIssue } from '../../src/conversation/flow/inputs';
import { readSheet, SheetError } from '../../src/data/sheets';

export const IMPORT_USAGE = `usage: import <${IMPORT_KINDS.join('|')}> <file.csv|file.xlsx> [--dry-run] [--mapping <file.json|file.yaml>]`;

export class ImportUsageError extends Error {}

export interface ImportArgs {
  kind: ImportKind;
  file: string;
  dryRun: boolean;
  mappingFile: string | null;
}

export function parseImportArgs(args: string[]): ImportArgs {
  const [kind, ...rest] = args;
  if (!IMPORT_KINDS.includes(kind as ImportKind)) throw new ImportUsageError(IMPORT_USAGE);
  let dryRun = false;
  let mappingFile: string | null = null;
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--dry-run') dryRun = true;
    else if (rest[i] === '--mapping') {
      mappingFile = rest[++i] ?? null;
      if (!mappingFile) throw new ImportUsageError(`--mapping needs a file\n${IMPORT_USAGE}`);
    } else if (rest[i].startsWith('--')) throw new ImportUsageError(`unknown option ${rest[i]}\n${IMPORT_USAGE}`);
    else files.push(rest[i]);
  }
  if (files.length !== 1) throw new ImportUsageError(IMPORT_USAGE);
  return { kind: kind as ImportKind, file: files[0], dryRun, mappingFile };
}

export function readMapping(file: string): HeaderMapping {
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = ['.yaml', '.yml'].includes(extname(file).toLowerCase()) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new ImportUsageError(`cannot read the mapping ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const checked = mappingSchema.safeParse(raw);
  if (!checked.success) throw new ImportUsageError(`the mapping ${file} must be an object of "header in the file": "field" pairs (${checked.error.issues[0].message})`);
  return checked.data;
}

export function problemLine(problem: RowProblem, t: ReturnType<typeof translator>): string {
  const issue = describeIssue(problem.issue, problem.input, t);
  return `  ${problem.column ? t('import.row_column', { row: problem.row, column: clip(problem.column, 40), issue }) : t('import.row', { row: problem.row, issue })}`;
}

const usd = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
/** "1 pledge", "3 pledges". */
const count = (n: number, one: string, other = `${one}s`) => `${n} ${n === 1 ? one : other}`;

export async function runImport(
  store: ImportStore,
  coalition: Coalition,
  countries: CountryRegistry,
  args: ImportArgs,
  out: (line?: string) => void,
  options: { now: Date; tty: boolean },
): Promise<number> {
  const mapping = args.mappingFile ? readMapping(args.mappingFile) : undefined;
  let table;
  try {
    table = await readSheet(args.file);
  } catch (error) {
    if (error instanceof SheetError) throw new ImportUsageError(error.message);
    throw error;
  }
  const t = translator(coalition.defaultLocale);
  const name = basename(args.file);
  // Headers, coded cells and amounts as the export writes them in any catalog language, whatever the operator's (tried first).
  const words = exportWords(coalition.defaultLocale);
  const read = args.kind === 'pledges' ? readPledgeRows(table, coalition, countries, mapping, words, options.now) : readMemberRows(table, coalition, countries, mapping, words);
  const records = 'pledges' in read ? read.pledges : read.members;
  const rows = table.rows.filter((r) => r.cells.some((c) => c.trim())).length;
  if (read.ignoredColumns.length > 0) out(`columns not read: ${read.ignoredColumns.map((c) => `"${clip(c, 40)}"`).join(', ')}`);
  if (read.problems.length > 0) {
    const badRows = new Set(read.problems.map((p) => p.row)).size;
    out(`${name}: ${count(rows, 'row')} read, ${badRows} cannot be taken:`);
    for (const problem of read.problems) out(problemLine(problem, t));
  }

  if (args.dryRun) {
    const outcome = await importWith(store, args, records, { now: options.now, dryRun: true, audit: { actor: 'operator', file: name } });
    const created = new Set(outcome.createdRows);
    out(`dry run of ${name}: nothing is written`);
    if ('pledges' in read) {
      for (const p of read.pledges) {
        if (!created.has(p.row)) continue;
        out(`  row ${p.row}: would create pledge "${clip(p.title)}" of ${clip(p.entity, 40)} (${p.focusArea}, ${p.type}${p.valueUsd !== null ? `, USD ${usd.format(p.valueUsd)}` : ''}, ${p.startYear}-${p.endYear})`);
      }
    } else {
      for (const m of read.members) if (created.has(m.row)) out(`  row ${m.row}: would create member ${clip(m.name, 40)} <${m.email}>${m.groups.length ? ` in ${m.groups.join(', ')}` : ''}`);
    }
    out(summary(args.kind, outcome, true) + (read.problems.length > 0 ? `; the file would be refused: ${count(new Set(read.problems.map((p) => p.row)).size, 'row')} cannot be taken` : ''));
    return read.problems.length > 0 ? 1 : 0;
  }

  if (read.problems.length > 0) {
    out(`nothing imported: fix the rows above and run again (a file is imported whole or not at all; --dry-run checks it without writing)`);
    return 1;
  }
  const bar = options.tty ? new SingleBar({ format: `${name} [{bar}] {percentage}% | {value}/{total} rows`, hideCursor: true, stream: process.stdout }, Presets.shades_classic) : null;
  bar?.start(records.length, 0);
  let outcome: ImportOutcome;
  try {
    outcome = await importWith(store, args, records, { now: options.now, dryRun: false, audit: { actor: 'operator', file: name }, progress: (done) => bar?.update(done) });
  } finally {
    bar?.stop();
  }
  out(`imported ${name}: ${summary(args.kind, outcome, false)}`);
  return 0;
}

function importWith(store: ImportStore, args: ImportArgs, records: unknown[], options: Parameters<ImportStore['importPledges']>[1]): Promise<ImportOutcome> {
  return args.kind === 'pledges'
    ? store.importPledges(records as Parameters<ImportStore['importPledges']>[0], options)
    : store.importMembers(records as Parameters<ImportStore['importMembers']>[0], options);
}

function summary(kind: ImportKind, outcome: ImportOutcome, dryRun: boolean): string {
  const verb = dryRun ? 'would create' : 'created';
  const what = kind === 'pledges' ? 'pledge' : 'member';
  const placeholders = kind === 'pledges' ? `, ${count(outcome.placeholders, 'placeholder member')} for new entities` : '';
  return `${verb} ${count(outcome.created, what)}, ${outcome.existing} already stored (left as they are)${placeholders}`;
}
