// The one way into the database, for app.ts and the scripts: parse DATABASE_URL, migrate, connect, hand out repositories.
import type { Repositories } from '../core/ports';
import { describeDatabase, parseDatabaseUrl } from './database-url';
import { guardRepository, withDbErrors, type DbErrorObserver } from './db-errors';
import { migrate } from './migrate';
import { connectPrisma, type DbClient } from './prisma-client';
import { createRepositories } from './repositories';

export interface OpenDatabaseOptions {
  url: string;
  /** Base for a relative SQLite path (default: the working directory). */
  baseDir?: string;
  log?: (msg: string, data?: object) => void;
  /** PostgreSQL connect timeout for the migration and the pool, default 5 s. */
  connectTimeoutMs?: number;
  /** How long health() waits for SELECT 1, default 2 s. */
  healthTimeoutMs?: number;
  /** Told about every database error the repositories (and the migration) meet. */
  onError?: DbErrorObserver;
}

export interface Database {
  provider: 'sqlite' | 'postgresql';
  repositories: Repositories;
  /**
   * The Prisma client. app.ts, secretariat-services.ts and scripts/admin.ts hold it too, only to hand
   * it to src/db's further repositories (exports, digest data, dashboard, data rights, digest runs).
   */
  prisma: DbClient;
  /** A further repository over `prisma` with its errors translated and reported as the built-in ones are. */
  guard<T extends object>(repository: T): T;
  /** SQL statements sent so far through this database's client (a test holds turns to their count). */
  queries(): number;
  /** True when a SELECT 1 answers within the health timeout. */
  health(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const target = parseDatabaseUrl(options.url, options.baseDir);
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const healthTimeoutMs = options.healthTimeoutMs ?? 2_000;
  options.log?.('opening database', { database: describeDatabase(target) });

  await withDbErrors(() => migrate(target, { log: options.log, connectTimeoutMs }), options.onError);
  const connection = connectPrisma(target, {
    connectTimeoutMs,
    onPoolError: (error) => options.log?.('database connection lost', { error: error.message }),
  });
  const prisma = connection.prisma;

  return {
    provider: target.provider,
    repositories: createRepositories(prisma, target.provider === 'postgresql' ? { provider: 'postgresql', schema: target.schema } : { provider: 'sqlite' }, options.onError),
    prisma,
    guard: (repository) => guardRepository(repository, options.onError),
    queries: () => connection.queries(),
    async health() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), healthTimeoutMs);
      });
      const query = prisma.$queryRawUnsafe('SELECT 1').then(
        () => true,
        () => false,
      );
      try {
        return await Promise.race([query, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    // A connection lost mid-query, or a transaction still starting, may never be released to the
    // pool: closing waits a bounded time and then ends every connection.
    close: () => connection.close(),
  };
}
