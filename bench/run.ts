// npm run bench: runs every scenario in bench/scenarios (file-name order), prints one
// markdown table and writes bench/results.json with the machine it ran on.
// BENCH_ONLY=<substring> runs the scenarios whose file name contains it; BENCH_QUICK=1 shrinks the loads.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { BenchContext, BenchDatabase, BenchRow, Scenario } from './lib/types';

const root = join(__dirname, '..', '..');

function sqlite(cleanup: (() => Promise<void>)[]): BenchDatabase {
  return {
    provider: 'sqlite',
    async freshUrl() {
      const dir = mkdtempSync(join(tmpdir(), 'coalition-bench-'));
      cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
      return `file:${join(dir, 'bench.db')}`;
    },
  };
}

function postgres(base: string, cleanup: (() => Promise<void>)[]): BenchDatabase {
  return {
    provider: 'postgresql',
    async freshUrl() {
      const schema = `bench_${randomBytes(5).toString('hex')}`;
      const url = new URL(base);
      url.searchParams.set('schema', schema);
      cleanup.push(async () => {
        const plain = new URL(base);
        plain.searchParams.delete('schema');
        const client = new Client({ connectionString: plain.toString() });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
      });
      return url.toString();
    },
  };
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function table(rows: BenchRow[]): string {
  const lines = ['| scenario | figure | value | baseline | ratio | target |', '|---|---|---:|---:|---:|---|'];
  for (const r of rows) {
    const baseline = r.baseline ? `${formatNumber(r.baseline.value)} ${r.unit} (${r.baseline.name})` : '';
    const ratio = r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '';
    const target = r.target ? `${r.target}${r.met === undefined ? '' : r.met ? ' ✓' : ' ✗'}` : '';
    lines.push(`| ${r.scenario} | ${r.figure} | ${formatNumber(r.value)} ${r.unit} | ${baseline} | ${ratio} | ${target} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const cleanup: (() => Promise<void>)[] = [];
  const databases = [sqlite(cleanup)];
  if (process.env.TEST_DATABASE_URL) databases.push(postgres(process.env.TEST_DATABASE_URL, cleanup));
  const ctx: BenchContext = { databases, root, quick: process.env.BENCH_QUICK === '1', log: (m) => process.stderr.write(`[bench] ${m}\n`) };
  const dir = join(__dirname, 'scenarios');
  const only = process.env.BENCH_ONLY;
  const files = (existsSync(dir) ? readdirSync(dir) : []).filter((f) => f.endsWith('.js') && (!only || f.includes(only))).sort();
  const rows: BenchRow[] = [];
  const started = new Date();
  try {
    for (const file of files) {
      const { scenario } = (await import(join(dir, file))) as { scenario: Scenario };
      ctx.log(`${scenario.name}...`);
      rows.push(...(await scenario.run(ctx)));
    }
  } finally {
    for (const step of cleanup) await step().catch(() => undefined);
  }
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` };
  const heading = `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, ${started.toISOString()}${ctx.quick ? ' (BENCH_QUICK: reduced loads)' : ''}`;
  process.stdout.write(`${heading}\n\n${table(rows)}\n`);
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify({ started: started.toISOString(), quick: ctx.quick, machine, rows }, null, 2)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
