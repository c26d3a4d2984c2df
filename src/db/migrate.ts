// The project's own migration runner: Prisma's `migrate deploy` fails with adapter-pg
// (prisma/orm#27403), so the SQL written by `prisma migrate diff` is applied here.
// Depends on node built-ins, pg, better-sqlite3 and src/paths only (a child process in the tests loads it).
// Only the driver of the provider migrated is loaded (pg alone takes ~10 MB resident).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Sqlite from 'better-sqlite3';
import { projectFile } from '../paths';
import type { DatabaseTarget } from './database-url';

export interface Migration {
  /** Folder name, e.g. "0001_init". */
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateOptions {
  /** Folder holding `sqlite/` and `postgres/` (default: <project root>/prisma/migrations). */
  migrationsDir?: string;
  log?: (msg: string, data?: object) => void;
  /** PostgreSQL connect timeout, default 10 s. */
  connectTimeoutMs?: number;
  /** How long SQLite waits for another writer, default 30 s. */
  busyTimeoutMs?: number;
}


export function migrationsFolder(provider: DatabaseTarget['provider'], migrationsDir?: string): string {
  return join(migrationsDir ?? projectFile('prisma/migrations'), provider === 'sqlite' ? 'sqlite' : 'postgres');
}

/** The migrations of a provider in the order they apply. */
export function loadMigrations(provider: DatabaseTarget['provider'], migrationsDir?: string): Migration[] {
  const dir = migrationsFolder(provider, migrationsDir);
  if (!existsSync(dir)) throw new Error(`migrations folder ${dir} is missing`);
  return readdirSync(dir)
    .filter((name) => /^\d{4}_/.test(name) && existsSync(join(dir, name, 'migration.sql')))
    .sort()
    .map((name) => {
      // Line endings normalised so a Windows checkout does not change the checksum.
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8').replace(/\r\n/g, '\n');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Applies the pending migrations and returns their names (empty when up to date). */
export async function migrate(target: DatabaseTarget, options: MigrateOptions = {}): Promise<string[]> {
  const migrations = loadMigrations(target.provider, options.migrationsDir);
  return target.provider === 'sqlite'
    ? migrateSqlite((await import('better-sqlite3')).default, target.file, migrations, options)
    : migratePostgres(target.connectionString, target.schema, migrations, options);
}

function checkApplied(applied: Map<string, string>, migrations: Migration[], log?: MigrateOptions['log']): void {
  for (const m of migrations) {
    const checksum = applied.get(m.name);
    if (checksum !== undefined && checksum !== m.checksum) {
      throw new Error(`migration ${m.name} was changed after it was applied (checksum ${checksum} in _migrations, ${m.checksum} on disk)`);
    }
  }
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...applied.keys()].filter((name) => !known.has(name));
  if (unknown.length > 0) log?.('database has migrations this version does not know (newer release?)', { unknown });
}

async function migratePostgres(connectionString: string, schema: string, migrations: Migration[], options: MigrateOptions): Promise<string[]> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000 });
  client.on('error', () => undefined); // a lost connection also fails the pending query; without a listener it would crash the process
  await client.connect();
  const quoted = `"${schema.replace(/"/g, '""')}"`;
  const lockKey = createHash('sha256').update(`coalition-bot migrate ${schema}`).digest().readBigInt64BE(0).toString();
  try {
    // Session lock on this dedicated connection: a second replica waits here until the first is done.
    await client.query('SELECT pg_advisory_lock($1::bigint)', [lockKey]);
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    // Only when missing: CREATE SCHEMA needs a privilege an existing schema's user may lack.
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(`SET search_path TO ${quoted}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const rows = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM _migrations');
    const applied = new Map(rows.rows.map((r) => [r.name, r.checksum]));
    checkApplied(applied, migrations, options.log);

    const done: string[] = [];
    for (const m of migrations.filter((x) => !applied.has(x.name))) {
      try {
        await client.query('BEGIN');
        await client.query(m.sql);
        await client.query('INSERT INTO _migrations (name, checksum) VALUES ($1, $2)', [m.name, m.checksum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
      options.log?.('database migration applied', { name: m.name });
      done.push(m.name);
    }
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [lockKey]);
    return done;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Switches the file to WAL. The switch needs the file to itself, and SQLite answers SQLITE_BUSY
 * at once (no busy handler) while another process is switching or migrating it: retried until
 * the timeout.
 */
function walMode(db: Sqlite.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}

function migrateSqlite(Driver: typeof Sqlite, file: string, migrations: Migration[], options: MigrateOptions): string[] {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Driver(file, { timeout: options.busyTimeoutMs ?? 30_000 });
  try {
    walMode(db, options.busyTimeoutMs ?? 30_000); // persistent: readers and the writer no longer block each other
    // Prisma's table redefinitions drop and recreate tables; with foreign keys on, the drop
    // would cascade. SQLite's documented procedure: keys off, then foreign_key_check before commit.
    db.pragma('foreign_keys = OFF');
    inImmediate(db, () =>
      db.exec('CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)'),
    );
    const rows = db.prepare('SELECT name, checksum FROM _migrations').all() as { name: string; checksum: string }[];
    checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), migrations, options.log);

    const done: string[] = [];
    for (const m of migrations) {
      // BEGIN IMMEDIATE takes the write lock: another process applying now is waited for,
      // then its row is seen and the migration skipped.
      const applied = inImmediate(db, () => {
        const row = db.prepare('SELECT checksum FROM _migrations WHERE name = ?').get(m.name) as { checksum: string } | undefined;
        if (row) {
          checkApplied(new Map([[m.name, row.checksum]]), [m]);
          return false;
        }
        try {
          db.exec(m.sql);
        } catch (error) {
          throw new Error(`migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
        }
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${m.name} leaves ${broken.length} rows violating foreign keys`);
        db.prepare('INSERT INTO _migrations (name, checksum, applied_at) VALUES (?, ?, ?)').run(m.name, m.checksum, new Date().toISOString());
        return true;
      });
      if (applied) {
        options.log?.('database migration applied', { name: m.name });
        done.push(m.name);
      }
    }
    return done;
  } finally {
    db.close();
  }
}

function inImmediate<T>(db: Sqlite.Database, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
