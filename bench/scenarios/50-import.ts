// Import at scale: a register of 10,000 pledges (3,000 entities, countries typed by name, amounts
// as "USD 1.2M", focus areas and types by name) imported by the operator CLI as operators run it
// (node dist/scripts/admin.js import pledges <file>), as CSV and as .xlsx, on each database:
// the wall time from start to the summary (reading, every row checked, one transaction), rows/s,
// and a second run of the same file (nothing to add). Target: under a minute.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import type { BenchContext, BenchDatabase, BenchRow, Scenario } from '../lib/types';

const TARGET_S = 60;
const COUNTRIES = ['Kenya', 'Uganda', 'Nepal', 'Fiji', 'Bolivia', "Côte d'Ivoire", 'Viet Nam', 'Lao PDR', 'DRC', 'Haiti', 'Mongolia', 'Global', 'LDCs', 'Small island developing states'];
const AREAS = ['Access', 'Adoption', 'Value Creation', 'Accelerate'];
const TYPES = ['Programmatic', 'Advocacy', 'Policy', 'Financial'];
const SECTORS = ['Private Sector', 'Civil Society', 'Academia', 'Member State', 'Youth Group'];
const BENEFICIARIES = ['Women and girls', 'Youth', 'Rural communities', 'Schools and students', 'Small businesses'];
const HEADER = ['Pledge ID', 'Pledging entity', 'Stakeholder type', 'Focus area', 'Title', 'Description', 'Type', 'Estimated value (USD)', 'Countries', 'Beneficiaries', 'SDGs', 'Start year', 'End year'];

function register(count: number): string[][] {
  return Array.from({ length: count }, (_, i) => [
    `B-${i + 1}`,
    `Entity ${i % 3_000}`,
    SECTORS[i % SECTORS.length],
    AREAS[i % AREAS.length],
    `Pledge number ${i + 1} of the register`,
    `Connecting communities, pledge ${i + 1}: sites, skills and services over several years.`,
    TYPES[i % TYPES.length],
    i % 4 === 3 ? `USD ${(1 + (i % 50) / 10).toFixed(1)}M` : i % 3 === 0 ? '750k' : '',
    `${COUNTRIES[i % COUNTRIES.length]}, ${COUNTRIES[(i * 7 + 3) % COUNTRIES.length]}`,
    `${BENEFICIARIES[i % BENEFICIARIES.length]}; ${BENEFICIARIES[(i + 2) % BENEFICIARIES.length]}`,
    `${1 + (i % 17)}, 9`,
    String(2020 + (i % 6)),
    String(2026 + (i % 5)),
  ]);
}

const csvCell = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

async function timedImport(ctx: BenchContext, url: string, file: string): Promise<{ seconds: number; stdout: string }> {
  const started = process.hrtime.bigint();
  const { stdout } = await promisify(execFile)(process.execPath, [join(ctx.root, 'dist/scripts/admin.js'), 'import', 'pledges', file], {
    cwd: ctx.root,
    env: { PATH: process.env.PATH, ENV_FILE: '', DATABASE_URL: url, LOG_LEVEL: 'silent' },
    timeout: 300_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, stdout };
}

async function runOn(ctx: BenchContext, database: BenchDatabase, files: { csv: string; xlsx: string }, count: number): Promise<BenchRow[]> {
  const label = database.provider === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const rows: BenchRow[] = [];
  for (const [format, file] of Object.entries(files)) {
    const url = await database.freshUrl();
    const first = await timedImport(ctx, url, file);
    if (!first.stdout.includes(`created ${count} pledges`)) throw new Error(`import ${format} on ${label} did not create ${count} pledges: ${first.stdout.slice(-500)}`);
    const again = await timedImport(ctx, url, file);
    if (!again.stdout.includes(`created 0 pledges, ${count} already stored`)) throw new Error(`second import ${format} on ${label} added rows: ${again.stdout.slice(-500)}`);
    ctx.log(`import ${format} ${label}: ${first.seconds.toFixed(1)} s, again ${again.seconds.toFixed(1)} s`);
    const scenario = `Import ${count.toLocaleString('en-US')} pledges, ${format} (${label})`;
    rows.push({ scenario, figure: 'whole run: read, check, one transaction', value: first.seconds, unit: 's', target: `< ${TARGET_S} s`, met: first.seconds < TARGET_S });
    rows.push({ scenario, figure: 'rows per second', value: count / first.seconds, unit: 'rows/s' });
    rows.push({ scenario, figure: 'the same file again (nothing added)', value: again.seconds, unit: 's', target: `< ${TARGET_S} s`, met: again.seconds < TARGET_S });
  }
  return rows;
}

export const scenario: Scenario = {
  name: 'import at scale',
  async run(ctx) {
    const count = ctx.quick ? 1_000 : 10_000;
    const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
    try {
      const data = register(count);
      const csv = join(dir, 'register.csv');
      writeFileSync(csv, [HEADER, ...data].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n');
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Pledges');
      for (const row of [HEADER, ...data]) sheet.addRow(row);
      const xlsx = join(dir, 'register.xlsx');
      await workbook.xlsx.writeFile(xlsx);
      const rows: BenchRow[] = [];
      for (const database of ctx.databases) rows.push(...(await runOn(ctx, database, { csv, xlsx }, count)));
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
