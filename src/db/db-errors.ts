// Turns "the database cannot be reached" into BotError DB.UNAVAILABLE (and write conflicts
// into DB.CONFLICT) at the repository boundary, so the core never sees driver errors.
import { BotError } from '../core/errors';
import { prismaCode } from './prisma-errors';

// P1001 unreachable, P1002 timed out, P1008 operation timeout (also SQLITE_BUSY), P1011 TLS,
// P1017 connection closed, P2024 pool timeout, P2037 too many connections.
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1011', 'P1017', 'P2024', 'P2037']);
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN', 'SQLITE_BUSY', 'SQLITE_CANTOPEN']);
// PostgreSQL: admin/crash shutdown, cannot connect now, too many connections.
const PG_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|^timeout expired$|Query read timeout|Can't reach database server|Connection refused|database is locked|Client has encountered a connection error/i;

/** What a driver adapter says went wrong ({ kind, code? }): inside a Prisma error's meta, or the adapter's own error, which Prisma passes on unwrapped when a transaction's COMMIT or ROLLBACK fails. */
function adapterCause(error: object): { kind?: unknown; code?: unknown } | undefined {
  const e = error as { name?: unknown; meta?: { driverAdapterError?: { cause?: unknown } }; cause?: unknown };
  const cause = e.meta?.driverAdapterError?.cause ?? (e.name === 'DriverAdapterError' ? e.cause : undefined);
  return cause !== null && typeof cause === 'object' ? cause : undefined;
}

export function isConnectionError(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
  const prisma = prismaCode(error);
  if (prisma && UNAVAILABLE_CODES.has(prisma)) return true;
  const adapter = adapterCause(error);
  if (typeof adapter?.kind === 'string' && UNAVAILABLE_KINDS.has(adapter.kind)) return true;
  // A PostgreSQL error the adapter passed on (kind 'postgres') keeps its SQLSTATE, e.g. 57P01 when the server ends the backend.
  if (adapter?.kind === 'postgres' && typeof adapter.code === 'string' && PG_CODES.has(adapter.code)) return true;
  if (e.name === 'PrismaClientInitializationError') return true;
  if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || PG_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== error && isConnectionError(e.cause);
}

/** The error a repository caller should see. */
export function toDbError(error: unknown): unknown {
  if (error instanceof BotError) return error;
  if (isConnectionError(error)) return new BotError('DB.UNAVAILABLE', 'the database is unavailable', {}, { cause: error });
  if (prismaCode(error) === 'P2034') return new BotError('DB.CONFLICT', 'a concurrent write conflicted; retry', {}, { cause: error });
  return error;
}

/** How a database error was classified: the database unavailable, a write conflict, or anything else the driver threw. */
export type DbErrorKind = 'unavailable' | 'conflict' | 'other';

/** Told about every driver error that reaches the repository boundary (metrics); BotErrors a repository throws on purpose are not errors of the database. */
export type DbErrorObserver = (kind: DbErrorKind) => void;

export function dbErrorKind(error: unknown): DbErrorKind | null {
  if (error instanceof BotError) return null;
  if (isConnectionError(error)) return 'unavailable';
  if (prismaCode(error) === 'P2034') return 'conflict';
  return 'other';
}

export async function withDbErrors<T>(work: () => Promise<T>, onError?: DbErrorObserver): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const kind = dbErrorKind(error);
    if (kind && onError) onError(kind);
    throw toDbError(error);
  }
}

/** The same repository with every method's errors translated by toDbError (and reported to `onError`). */
export function guardRepository<T extends object>(repository: T, onError?: DbErrorObserver): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(repository)) {
    guarded[name] = typeof value === 'function'
      ? (...args: unknown[]) => withDbErrors(() => (value as (...a: unknown[]) => Promise<unknown>).apply(repository, args), onError)
      : value;
  }
  return guarded as T;
}
