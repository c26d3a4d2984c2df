// The operator CLI (`node dist/scripts/admin.js …`) as operators run it, in its own process on
// the database given, and a CSV writer for the files the import tests feed it.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '..', '..');

export interface AdminRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as bytes (an .xlsx export). */
  raw: Buffer;
}

/** Runs `admin <args>` (built: dist/) with only the given database configured; its exit code, never a throw. */
export async function runAdmin(databaseUrl: string, args: string[]): Promise<AdminRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(root, 'dist/scripts/admin.js'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, ENV_FILE: '', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      timeout: 60_000,
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), raw: stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: Buffer; stderr?: Buffer };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout?.toString('utf8') ?? '', stderr: e.stderr?.toString('utf8') ?? '', raw: e.stdout ?? Buffer.alloc(0) };
  }
}

const csvLine = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
/** Rows as a CSV file (RFC 4180: CRLF, quotes doubled). */
export const csvOf = (rows: string[][]) => rows.map(csvLine).join('\r\n') + '\r\n';
