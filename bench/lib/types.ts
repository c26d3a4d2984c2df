// What a benchmark scenario reports: rows of one table, each figure next to the baseline
// measured in the same run (a bare framework, or a floor such as a rate limit) and the ratio.

export interface BenchRow {
  /** The load and where it ran, e.g. "Slack inbound (SQLite)". */
  scenario: string;
  /** What was measured, e.g. "ack p99". */
  figure: string;
  value: number;
  /** "ms", "events/s", "s", "MB", "count" */
  unit: string;
  /** The same figure for the baseline in this run (e.g. a minimal Bolt app), or the floor. */
  baseline?: { name: string; value: number };
  /** value ÷ baseline.value, rounded by the table printer. */
  ratio?: number;
  /** The target reported against, e.g. "< 100 ms" or "≤ 1.3×"; never asserted. */
  target?: string;
  /** Whether the figure meets its target, when it has one. */
  met?: boolean;
}

export interface BenchDatabase {
  provider: 'sqlite' | 'postgresql';
  /** A fresh database for one scenario run (a new SQLite file, or a new PostgreSQL schema). */
  freshUrl(): Promise<string>;
}

export interface BenchContext {
  /** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set. */
  databases: BenchDatabase[];
  /** The project root (where dist/ lives). */
  root: string;
  /** Progress lines, to standard error. */
  log: (message: string) => void;
  /** BENCH_QUICK=1 shrinks every load (for a smoke run), keeping the shape of each figure. */
  quick: boolean;
}

/** Each file in bench/scenarios exports `scenario`; run.ts runs them in file-name order. */
export interface Scenario {
  name: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

export function ratioRow(row: Omit<BenchRow, 'ratio'>): BenchRow {
  return row.baseline && row.baseline.value !== 0 ? { ...row, ratio: row.value / row.baseline.value } : row;
}
