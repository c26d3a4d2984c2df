// Counts the SQL statements Prisma sends through a driver adapter (queries, writes, and those
// inside transactions), so a test can hold a turn to the statements it needs.
import type { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

// The driver adapter interface (the same for both providers), named through one adapter's types.
type SqlDriverAdapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>;
type Transaction = Awaited<ReturnType<SqlDriverAdapter['startTransaction']>>;
type SqlDriverAdapterFactory = { connect(): Promise<SqlDriverAdapter> };

export interface QueryCounter {
  count: number;
}

export function countingQueries<F extends SqlDriverAdapterFactory>(factory: F, counter: QueryCounter): F {
  return new Proxy(factory, {
    get(target, prop) {
      if (prop === 'connect') return async () => countAdapter(await target.connect(), counter);
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? ((value as (...args: unknown[]) => unknown).bind(target) as unknown) : value;
    },
  });
}

function counting<T extends object>(target: T, counter: QueryCounter, wrap: (prop: string | symbol, value: unknown) => unknown): T {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown;
      if (prop === 'queryRaw' || prop === 'executeRaw') {
        const method = value as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => {
          counter.count++;
          return method.apply(t, args);
        };
      }
      const wrapped = wrap(prop, value);
      if (wrapped !== undefined) return wrapped;
      return typeof value === 'function' ? ((value as (...args: unknown[]) => unknown).bind(t) as unknown) : value;
    },
  });
}

function countAdapter(adapter: SqlDriverAdapter, counter: QueryCounter): SqlDriverAdapter {
  return counting(adapter, counter, (prop, value) => {
    if (prop !== 'startTransaction') return undefined;
    const start = value as SqlDriverAdapter['startTransaction'];
    return async (...args: Parameters<SqlDriverAdapter['startTransaction']>) => counting(await start.apply(adapter, args), counter, () => undefined) as Transaction;
  });
}
