// Builds the generated Prisma client of the provider with its driver adapter (no engine binaries).
// Generated Prisma types are named only in src/db; the client leaves it only through
// Database.prisma, to be handed back to src/db's repository factories. Only the provider in use
// is loaded (each generated client and its driver take memory).
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { CustomTypesConfig, PoolClient } from 'pg';
import type { PrismaClient as SqliteClient } from '.prisma/coalition-sqlite';
import type { DatabaseTarget } from './database-url';
import { countingQueries, type QueryCounter } from './query-count';
import { serializeSqlite, type SqliteTurns } from './sqlite-serialized';

/**
 * Both clients come from the same data model, so their model APIs are the same; repositories
 * are written once against the SQLite client's type and the PostgreSQL client is cast to it.
 */
export type DbClient = SqliteClient;

// Note: open one client per SQLite file per process. better-sqlite3 is synchronous, so a second
// connection waiting for the first one's lock blocks the event loop the first one needs.

export interface ClientOptions {
  /** How long a SQLite writer waits for another (busy timeout), default 10 s. */
  busyTimeoutMs?: number;
  /** PostgreSQL connect timeout, default 5 s. */
  connectTimeoutMs?: number;
  /** PostgreSQL pool size, default pg's (10). */
  poolSize?: number;
  onPoolError?: (error: Error) => void;
  /** The sessions' name in pg_stat_activity, default APPLICATION_NAME. */
  applicationName?: string;
}

/**
 * A PostgreSQL session left inside a transaction for this long is ended by the server. The bot's
 * transactions last at most Prisma's timeout (5 s); only a leaked one (below) ever gets there.
 */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

/** How the bot's sessions are named in pg_stat_activity. */
export const APPLICATION_NAME = 'coalition-bot';

/**
 * Plain SQL on the driver under Prisma (better-sqlite3's connection, pg's pool), for the
 * statements every turn runs: Prisma's raw queries still pass through its client runtime and the
 * adapter prepares each statement anew. Statements are prepared once and counted as Prisma's are.
 * Dates are bound as UTC; a timestamp read back is a Date (PostgreSQL) or ISO text (SQLite).
 */
export interface DirectSql {
  query(sql: string, args: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** The number of rows a write changed. */
  execute(sql: string, args: readonly unknown[]): Promise<number>;
  /** Writes that commit together or not at all (one transaction); the rows each changed. */
  atomically(statements: readonly { sql: string; args: readonly unknown[] }[]): Promise<number[]>;
}

export interface PrismaConnection {
  prisma: DbClient;
  direct: DirectSql;
  /** SQL statements sent so far (queries and writes, also inside transactions). */
  queries(): number;
  /** Disconnects Prisma, then closes every pool connection, also one never given back. */
  close: () => Promise<void>;
}

/** Loads a provider's modules when it is used, not at start (synchronously, as connectPrisma is). */
const load = createRequire(__filename);

export function connectPrisma(target: DatabaseTarget, options: ClientOptions = {}): PrismaConnection {
  const counter: QueryCounter = { count: 0 };
  const queries = () => counter.count;
  if (target.provider === 'sqlite') {
    const { PrismaBetterSQLite3 } = load('@prisma/adapter-better-sqlite3') as typeof import('@prisma/adapter-better-sqlite3');
    const { PrismaClient } = load('.prisma/coalition-sqlite') as typeof import('.prisma/coalition-sqlite');
    // WAL is set on the file by the migration runner; it persists.
    let turns: SqliteTurns | undefined;
    const factory = serializeSqlite(new PrismaBetterSQLite3({ url: target.file, timeout: options.busyTimeoutMs ?? 10_000 }), (connected) => (turns = connected));
    const adapter = countingQueries(factory, counter);
    // Transactions queue behind each other on the one connection: allow a longer wait than 2 s.
    const prisma = new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 10_000 } });
    const open = async (): Promise<SqliteTurns> => {
      if (!turns) await prisma.$connect();
      if (!turns) throw new Error('the SQLite connection did not open');
      counter.count++;
      return turns;
    };
    const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();
    const statement = (db: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement => {
      let cache = prepared.get(db);
      if (!cache) prepared.set(db, (cache = new Map<string, BetterSqlite3.Statement>()));
      let prepare = cache.get(sql);
      if (!prepare) cache.set(sql, (prepare = db.prepare(sql).safeIntegers(false)));
      return prepare;
    };
    const direct: DirectSql = {
      query: async (sql, args) => (await open()).run((db) => statement(db, sql).all(...args.map(sqliteArg)) as Record<string, unknown>[]),
      execute: async (sql, args) => (await open()).run((db) => statement(db, sql).run(...args.map(sqliteArg)).changes),
      atomically: async (statements) => {
        const connection = await open();
        counter.count += statements.length - 1;
        return connection.run((db) => db.transaction(() => statements.map(({ sql, args }) => statement(db, sql).run(...args.map(sqliteArg)).changes))());
      },
    };
    return { prisma, direct, queries, close: () => withTimeout(prisma.$disconnect(), 5_000) };
  }
  // The pool is ours, not the adapter's: a transaction that is still starting when Prisma
  // disconnects is dropped by Prisma 6 with its connection checked out and BEGIN sent, and
  // pg's pool.end() waits for that connection forever. close() ends every connection itself.
  const { Pool } = load('pg') as typeof import('pg');
  const { PrismaPg } = load('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');
  const { PrismaClient } = load('.prisma/coalition-postgres') as typeof import('.prisma/coalition-postgres');
  const pool = new Pool({
    connectionString: target.connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    max: options.poolSize,
    application_name: options.applicationName ?? APPLICATION_NAME,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
  });
  const connections = new Set<PoolClient>();
  pool.on('connect', (client) => connections.add(client));
  pool.on('remove', (client) => connections.delete(client));
  if (options.onPoolError) pool.on('error', options.onPoolError);
  // `schema` makes Prisma qualify every model's table; raw SQL is not qualified.
  const adapter = countingQueries(new PrismaPg(pool, { schema: target.schema, onPoolError: options.onPoolError }), counter);
  const prisma = new PrismaClient({ adapter }) as unknown as DbClient;
  const names = new Map<string, string>();
  const run = async (sql: string, args: readonly unknown[]) => {
    let name = names.get(sql);
    if (!name) names.set(sql, (name = `direct_${names.size + 1}`));
    counter.count++;
    return pool.query<Record<string, unknown>>({ name, text: sql, values: args.map(postgresArg), types: POSTGRES_TYPES });
  };
  const direct: DirectSql = {
    query: async (sql, args) => (await run(sql, args)).rows,
    execute: async (sql, args) => (await run(sql, args)).rowCount ?? 0,
    async atomically(statements) {
      const client = await pool.connect();
      // A connection whose ROLLBACK did not run is ended rather than given back to the pool.
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const changed: number[] = [];
        for (const { sql, args } of statements) {
          counter.count++;
          changed.push((await client.query({ text: sql, values: args.map(postgresArg), types: POSTGRES_TYPES })).rowCount ?? 0);
        }
        await client.query('COMMIT');
        return changed;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: unknown) => (broken = rollback instanceof Error ? rollback : new Error(String(rollback))));
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
  return {
    prisma,
    direct,
    queries,
    async close() {
      await withTimeout(prisma.$disconnect(), 5_000);
      const ended = pool.end();
      await withTimeout(ended, 1_000);
      for (const client of connections) {
        // Still checked out: released with an error, the pool ends its session and forgets it.
        try {
          client.release(new Error('database closed'));
        } catch {
          // Released meanwhile: pool.end() is ending it.
        }
      }
      await withTimeout(ended, 5_000);
    },
  };
}

/** As @prisma/adapter-better-sqlite3 binds them: dates as ISO text in UTC, booleans as 0/1. */
function sqliteArg(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** Prisma's DateTime columns are `timestamp(3)` without a zone, holding UTC: bound and read as such. */
function postgresArg(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

const TIMESTAMP_OID = 1114;
const POSTGRES_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === TIMESTAMP_OID) return (value: string) => new Date(`${value.replace(' ', 'T')}Z`);
    const { types } = load('pg') as typeof import('pg');
    return format === 'binary' ? (types.getTypeParser(oid, 'binary') as (value: Buffer) => unknown) : (types.getTypeParser(oid, 'text') as (value: string) => unknown);
  }) as CustomTypesConfig['getTypeParser'],
};

async function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
