// Fresh databases for tests: a temp SQLite file always, a PostgreSQL schema of its own per call
// when TEST_DATABASE_URL is set (jest runs files in parallel; no two may share tables).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Repositories } from '../../src/core/ports';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { openDatabase, type Database } from '../../src/db/open-database';

export type TestProvider = 'sqlite' | 'postgresql';

const tempDirs: string[] = [];
const schemas: string[] = [];

/** A `file:` URL to a new SQLite file in a new temp folder (the file itself does not exist yet). */
export function sqliteTestUrl(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coalition-test-'));
  tempDirs.push(dir);
  return `file:${join(dir, 'test.db')}`;
}

/** TEST_DATABASE_URL with `?schema=t_<random>`: a schema no other test uses (created by the migration runner). */
export function postgresTestUrl(): string {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('postgresTestUrl() needs TEST_DATABASE_URL');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return url.toString();
}

/** Drops the schemas and removes the files handed out so far (describeEachDatabase calls it). */
export async function cleanupTestDatabases(): Promise<void> {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  const drop = schemas.splice(0);
  if (drop.length === 0 || !process.env.TEST_DATABASE_URL) return;
  const client = new Client({ connectionString: withoutSchema(process.env.TEST_DATABASE_URL) });
  await client.connect();
  try {
    for (const schema of drop) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export function withoutSchema(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete('schema');
  return parsed.toString();
}

let warned = false;

function warnOnceWithoutPostgres(): boolean {
  const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);
  if (!hasPostgres && !warned) {
    warned = true;
    console.warn(
      'PostgreSQL variants of the database tests are SKIPPED: set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run them.',
    );
  }
  return hasPostgres;
}

/**
 * Runs `block` on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set (otherwise that
 * variant is a skipped describe, announced once). `getUrl()` returns a fresh database each call.
 */
export function describeEachDatabase(title: string, block: (getUrl: () => string, provider: TestProvider) => void): void {
  describe(`${title} [sqlite]`, () => {
    block(sqliteTestUrl, 'sqlite');
    afterAll(cleanupTestDatabases); // declared after the block's hooks, so it runs after they close
  });
  describePostgres(title, (getUrl) => block(getUrl, 'postgresql'));
}

/** A PostgreSQL-only block: skipped (and announced once) without TEST_DATABASE_URL. */
export function describePostgres(title: string, block: (getUrl: () => string) => void): void {
  (warnOnceWithoutPostgres() ? describe : describe.skip)(`${title} [postgresql]`, () => {
    block(postgresTestUrl);
    afterAll(cleanupTestDatabases);
  });
}

export interface OpenedDatabase {
  url: string;
  db: Database;
  repos: Repositories;
}

/**
 * Inside a describe block: opens a fresh database before its tests (the default coalition file
 * synced, unless `syncCoalition` is false) and closes it after them. The fields are set once
 * the block's beforeAll hooks run.
 */
export function openDatabaseForBlock(getUrl: () => string, options: { syncCoalition?: boolean } = {}): OpenedDatabase {
  const opened = {} as OpenedDatabase;
  beforeAll(async () => {
    opened.url = getUrl();
    opened.db = await openDatabase({ url: opened.url });
    opened.repos = opened.db.repositories;
    if (options.syncCoalition !== false) await opened.repos.coalition.sync(loadCoalitionFile(defaultCoalitionFile));
  });
  afterAll(async () => {
    await opened.db?.close();
  });
  return opened;
}
