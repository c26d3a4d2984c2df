// The one way into the database, for app.ts and the scripts: parse DATABASE_URL, migrate, connect, hand out repositories.
import type { Repositories } from '../core/ports';
import { describeDatabase, parseDatabaseUrl } from './database-url';
import { guardRepository, withDbErrors, type DbErrorObserver } from './db-errors';
import { migrate } from './migrate';
import { connectPrisma, type DbClient } from './prisma-client';
import { createRepositories } from './repositories';
import { dashboardData, dashboardSessions } from './repositories/dashboard';
import { digestData, digestRuns } from './repositories/digest-data';
import { exportData } from './repositories/exports';
import { importStore } from './repositories/imports';
import { localChatHistory } from './repositories/local-chat';
import { memberDataRights } from './repositories/member-data';
import type { CountryRegistry } from '../core/countries/country-registry';

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
  /** The stores beyond the repositories every command receives, each with its errors translated. */
  stores: DatabaseStores;
  /** The Prisma client, for src/db and for tests that read rows directly; the app goes through repositories and stores. */
  prisma: DbClient;
  /** A further repository over `prisma` with its errors translated and reported as the built-in ones are. */
  guard<T extends object>(repository: T): T;
  /** SQL statements sent so far through this database's client (a test holds turns to their count). */
  queries(): number;
  /** True when a SELECT 1 answers within the health timeout. */
  health(): Promise<boolean>;
  close(): Promise<void>;
}

/** What the digest, exports, data rights, dashboard, web chat history and imports read and write. */
export interface DatabaseStores {
  digestData: ReturnType<typeof digestData>;
  digestRuns: ReturnType<typeof digestRuns>;
  exports(countries: CountryRegistry): ReturnType<typeof exportData>;
  dataRights: ReturnType<typeof memberDataRights>;
  dashboardData: ReturnType<typeof dashboardData>;
  dashboardSessions: ReturnType<typeof dashboardSessions>;
  localChat: ReturnType<typeof localChatHistory>;
  imports: ReturnType<typeof importStore>;
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
  const guard = <T extends object>(repository: T): T => guardRepository(repository, options.onError);
  const repositories = createRepositories(prisma, connection.direct, target.provider === 'postgresql' ? { provider: 'postgresql', schema: target.schema } : { provider: 'sqlite' }, options.onError);

  return {
    provider: target.provider,
    repositories,
    stores: {
      digestData: guard(digestData(prisma)),
      digestRuns: guard(digestRuns(prisma)),
      exports: (countries) => guard(exportData(prisma, countries)),
      dataRights: guard(memberDataRights(prisma)),
      dashboardData: guard(dashboardData(prisma, repositories.meetings)),
      dashboardSessions: guard(dashboardSessions(prisma)),
      localChat: guard(localChatHistory(prisma)),
      imports: guard(importStore(prisma)),
    },
    prisma,
    guard,
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
