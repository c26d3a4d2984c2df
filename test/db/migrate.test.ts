// The migration runner and openDatabase's start and failure behaviour, on both databases.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Client } from 'pg';
import { isBotError } from '../../src/core/errors';
import { parseDatabaseUrl } from '../../src/db/database-url';
import { loadMigrations, migrate } from '../../src/db/migrate';
import { openDatabase } from '../../src/db/open-database';
import { describeEachDatabase, describePostgres } from '../support/databases';
import { rejectionOf } from '../support/rejection';
import { startRelay } from '../support/tcp-relay';

/** Runs SQL on the test database outside the code under test. */
async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const target = parseDatabaseUrl(url);
  if (target.provider === 'sqlite') {
    const db = new Sqlite(target.file);
    try {
      const statement = db.prepare(sql);
      return statement.reader ? (statement.all() as Record<string, unknown>[]) : (statement.run(), []);
    } finally {
      db.close();
    }
  }
  const client = new Client({ connectionString: target.connectionString });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${target.schema}"`);
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}


function runMigrationProcess(url: string, startAt: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'fixtures', 'migrate-child.js'), url, String(startAt)]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describeEachDatabase('migrations', (getUrl, provider) => {
  const names = loadMigrations(provider).map((m) => m.name);

  it('finds the migrations in order', () => {
    expect(names.length).toBeGreaterThan(0);
    expect(names).toEqual([...names].sort());
    expect(names[0]).toBe('0001_init');
  });

  it('applies every migration once; a second run is a no-op', async () => {
    const url = getUrl();
    expect(await migrate(parseDatabaseUrl(url))).toEqual(names);
    expect(await migrate(parseDatabaseUrl(url))).toEqual([]);
    const rows = await query(url, 'SELECT name FROM _migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(names);
  });

  it('refuses to start when an applied migration was changed', async () => {
    const url = getUrl();
    await migrate(parseDatabaseUrl(url));
    await query(url, `UPDATE _migrations SET checksum = 'tampered' WHERE name = '${names[0]}'`);
    const error = await rejectionOf(migrate(parseDatabaseUrl(url)));
    expect((error as Error).message).toMatch(/0001_init was changed after it was applied/);
    expect(isBotError(await rejectionOf(openDatabase({ url })))).toBe(false);
  });

  it('lets two processes migrate one empty database at the same moment', async () => {
    const url = getUrl();
    const startAt = Date.now() + 1500; // both children are loaded and waiting by then
    const runs = await Promise.all([runMigrationProcess(url, startAt), runMigrationProcess(url, startAt)]);
    for (const run of runs) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    // Between them, each migration was applied exactly once.
    const applied = runs.flatMap((run) => JSON.parse(run.stdout) as string[]);
    expect(applied.sort()).toEqual(names);
    const rows = await query(url, 'SELECT name FROM _migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(names);
    expect(await query(url, 'SELECT COUNT(*) AS n FROM "Member"')).toEqual([{ n: provider === 'sqlite' ? 0 : '0' }]);
  });

  it('opens a healthy database and closes it', async () => {
    const db = await openDatabase({ url: getUrl() });
    expect(db.provider).toBe(provider);
    expect(await db.health()).toBe(true);
    await db.close();
  });
});

describe('an unreachable PostgreSQL server', () => {
  it('makes openDatabase fail with DB.UNAVAILABLE', async () => {
    const error = await rejectionOf(openDatabase({ url: 'postgresql://postgres@127.0.0.1:1/test', connectTimeoutMs: 1000 }));
    expect(isBotError(error, 'DB.UNAVAILABLE')).toBe(true);
  });
});

describePostgres('a PostgreSQL server that goes away', (getUrl) => {
  it('turns health false and repository calls into DB.UNAVAILABLE', async () => {
    const url = new URL(getUrl());
    const relay = await startRelay({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = '127.0.0.1';
    url.port = String(relay.port);

    const db = await openDatabase({ url: url.toString(), connectTimeoutMs: 1000, healthTimeoutMs: 1000 }).catch(async (error: unknown) => {
      await relay.close();
      throw error;
    });
    try {
      expect(await db.health()).toBe(true);
      expect(await db.repositories.processedEvents.firstSeen('before', new Date())).toBe(true);

      await relay.cut();
      expect(await db.health()).toBe(false);
      const error = await rejectionOf(db.repositories.processedEvents.firstSeen('after', new Date()));
      expect(isBotError(error, 'DB.UNAVAILABLE')).toBe(true);
    } finally {
      await relay.close();
      await db.close();
    }
  });
});
