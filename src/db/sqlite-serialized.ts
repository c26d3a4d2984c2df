// @prisma/adapter-better-sqlite3 runs every query on one connection and locks only transactions
// against each other: a query outside a transaction, issued while another request's transaction is
// open, runs inside it (and is silently undone by its rollback). This wrapper makes such queries
// wait until the open transaction ends, so each request sees only its own transaction.
import type { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

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

export function serializeSqlite(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  return new Proxy(factory, {
    get(target, prop) {
      if (prop === 'connect') return async () => serializeAdapter(await target.connect());
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value.bind(target) as unknown) : value;
    },
  });
}

function serializeAdapter(adapter: Adapter): Adapter {
  const lock = new Lock();
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
