// Builds the generated Prisma client of the provider with its driver adapter (no engine binaries).
// For src/db only: generated Prisma types never leave this folder.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '.prisma/coalition-sqlite';
import { PrismaClient as PostgresClient } from '.prisma/coalition-postgres';
import type { DatabaseTarget } from './database-url';
import { serializeSqlite } from './sqlite-serialized';

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
}

export function createPrismaClient(target: DatabaseTarget, options: ClientOptions = {}): DbClient {
  if (target.provider === 'sqlite') {
    // WAL is set on the file by the migration runner; it persists.
    const adapter = serializeSqlite(new PrismaBetterSQLite3({ url: target.file, timeout: options.busyTimeoutMs ?? 10_000 }));
    // Transactions queue behind each other on the one connection: allow a longer wait than 2 s.
    return new SqliteClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 10_000 } });
  }
  const adapter = new PrismaPg(
    { connectionString: target.connectionString, connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000, max: options.poolSize },
    // `schema` makes Prisma qualify every model's table; raw SQL is not qualified.
    { schema: target.schema, onPoolError: options.onPoolError },
  );
  return new PostgresClient({ adapter }) as unknown as DbClient;
}
