// What an import reads (a table of text cells from a CSV or .xlsx file), what it makes of each
// row, and how the core reaches the store that writes a whole file in one transaction.
import type { ZodIssue } from 'zod';
import type { PledgeFields, PledgeStatus } from '../pledges/pledge-ports';
import type { LanguageAmountWords } from './amounts';

export const IMPORT_KINDS = ['pledges', 'members'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Most rows one file may hold: the register of a large coalition, with room to spare. */
export const MAX_IMPORT_ROWS = 50_000;
/** Longest cell taken (a description is at most 2,000 characters; the rest is far shorter). */
export const MAX_CELL_LENGTH = 10_000;

/** A sheet as text: the header row and the data rows, each with its row number in the file. */
export interface SheetTable {
  header: string[];
  rows: { number: number; cells: string[] }[];
}

/** Why one cell (or the whole row, column "") cannot be taken: a catalog message id with its params. */
export interface RowProblem {
  row: number;
  column: string;
  /** What was in the cell, echoed (clipped) in the message. */
  input: string;
  issue: ZodIssue;
}

export interface ImportedPledge extends PledgeFields {
  row: number;
  /** The file's id of the pledge, when it has an ID column; else null. */
  externalId: string | null;
  /** Entity (organisation) whose pledge it is; its placeholder member owns the pledge until claimed. */
  entity: string;
  /** Stakeholder category key. */
  sector: string | null;
  status: PledgeStatus;
  /** When the pledge was made, from the file's date column (the export's created_at); null: the import's time. */
  pledgedAt: Date | null;
}

export interface ImportedMember {
  row: number;
  name: string;
  email: string;
  organization: string | null;
  category: string | null;
  country: string | null;
  /** Working group keys. */
  groups: string[];
}

/** What an import did or, on a dry run, would do. */
export interface ImportOutcome {
  created: number;
  /** Rows already in the database (same external id or content key): left as they are. */
  existing: number;
  /** Placeholder members made for entities seen the first time (pledges only). */
  placeholders: number;
  /** The row numbers of the records created (or, on a dry run, that would be). */
  createdRows: number[];
}

export interface ImportStore {
  /**
   * Writes the pledges that are not stored yet, in one transaction with the audit entry: the
   * placeholder member of each new entity, then the pledges with their "created" events.
   * `dryRun` works out the same outcome and writes nothing. `progress` is told how many rows are done.
   */
  importPledges(pledges: ImportedPledge[], options: ImportRunOptions): Promise<ImportOutcome>;
  importMembers(members: ImportedMember[], options: ImportRunOptions): Promise<ImportOutcome>;
}

export interface ImportRunOptions {
  now: Date;
  dryRun: boolean;
  /** Written with the changes: who (actor), which file, the counts. */
  audit: { actor: string; file: string };
  progress?: (done: number) => void;
}

/** What the exports write in each catalog language, so that an import reads any of them back. */
export interface SheetWords {
  /** Each language with the header it gives an export column (by the column's machine name). */
  headers: { language: string; word: (column: string) => string }[];
  /** Each pledge status with its word in every language. */
  pledgeStatuses: Record<PledgeStatus, { language: string; word: string }[]>;
  /** Each language's amount words, the operator's language first: amounts are read in any of them. */
  amounts?: LanguageAmountWords[];
}
