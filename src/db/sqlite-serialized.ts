// @prisma/adapter-better-sqlite3 runs every query on one connection and locks only transactions
// against each other: a query outside a transaction, issued while another request's transaction is
// open, runs inside it (and is silently undone by its rollback). This wrapper makes such queries
// wait until the open transaction ends, so each request sees only its own transaction.
import type { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

/** A FIFO lock: `acquire` resolves with the function that releases it. */
class Lock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => released);
    return acquired;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** The adapter's one better-sqlite3 connection, taken in turn with Prisma's queries and transactions. */
export interface SqliteTurns {
  run<T>(work: (db: BetterSqlite3.Database) => T): Promise<T>;
}

/**
 * `connected` receives the connection when Prisma opens it, for statements run on the driver
 * directly (they wait for an open transaction to end, as Prisma's own queries do).
 */
export function serializeSqlite(factory: PrismaBetterSQLite3, connected?: (turns: SqliteTurns) => void): PrismaBetterSQLite3 {
  return new Proxy(factory, {
    get(target, prop) {
      if (prop === 'connect')
        return async () => {
          const adapter = await target.connect();
          const lock = new Lock();
          // The adapter keeps its better-sqlite3 Database as `client` (not in its declared type).
          const db = (adapter as unknown as { client: BetterSqlite3.Database }).client;
          connected?.({ run: (work) => lock.run(() => Promise.resolve().then(() => work(db))) });
          return serializeAdapter(adapter, lock);
        };
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value.bind(target) as unknown) : value;
    },
  });
}

function serializeAdapter(adapter: Adapter, lock: Lock): Adapter {
  return new Proxy(adapter, {
    get(target, prop) {
      if (prop === 'queryRaw' || prop === 'executeRaw' || prop === 'executeScript') {
        const method = target[prop].bind(target) as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => lock.run(() => method(...args));
      }
      if (prop === 'startTransaction') {
        return async (...args: Parameters<Adapter['startTransaction']>) => {
          const release = await lock.acquire();
          try {
            return releasingOnEnd(await target.startTransaction(...args), release);
          } catch (error) {
            release();
            throw error;
          }
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value.bind(target) as unknown) : value;
    },
  });
}

/** The transaction holds the lock until Prisma commits or rolls it back. */
function releasingOnEnd(transaction: Transaction, release: () => void): Transaction {
  return new Proxy(transaction, {
    get(target, prop) {
      if (prop === 'commit' || prop === 'rollback') {
        return async () => {
          try {
            await target[prop]();
          } finally {
            release();
          }
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value.bind(target) as unknown) : value;
    },
  });
}
