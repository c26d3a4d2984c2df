// Parses DATABASE_URL into what the migration runner and the Prisma adapters need.
import { isAbsolute, resolve } from 'node:path';

export type DatabaseTarget =
  | { provider: 'sqlite'; file: string }
  | { provider: 'postgresql'; connectionString: string; schema: string };

const ACCEPTED =
  'expected file:<path>, sqlite:<path>, a plain file path (SQLite), or postgresql://... / postgres://... (optionally ?schema=<name>)';

/** Relative SQLite paths are resolved against `baseDir` (default: the working directory). */
export function parseDatabaseUrl(url: string, baseDir: string = process.cwd()): DatabaseTarget {
  const text = url.trim();
  if (text === '') throw new Error(`DATABASE_URL is empty: ${ACCEPTED}`);

  if (/^postgres(ql)?:\/\//i.test(text)) return parsePostgres(text);

  let path: string;
  if (/^(file|sqlite):/i.test(text)) {
    // Prisma-style options after "?" (connection_limit, ...) mean nothing to better-sqlite3.
    path = text.replace(/^(file|sqlite):/i, '').replace(/\?.*$/, '');
    if (path.startsWith('//')) path = path.slice(2); // file:///abs/x.db, sqlite://./x.db
  } else if (/^[a-z][a-z0-9+.-]+:/i.test(text)) {
    // A scheme of two letters or more; "C:\x.db" (one letter) stays a Windows path.
    throw new Error(`Unsupported DATABASE_URL scheme in "${redact(text)}": ${ACCEPTED}`);
  } else {
    path = text;
  }
  if (path === '') throw new Error(`DATABASE_URL "${text}" names no file: ${ACCEPTED}`);
  return { provider: 'sqlite', file: isAbsolute(path) ? path : resolve(baseDir, path) };
}

function parsePostgres(text: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new Error(`DATABASE_URL "${redact(text)}" is not a valid URL: ${ACCEPTED}`);
  }
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (schema === '') throw new Error(`DATABASE_URL "${redact(text)}" has an empty ?schema=`);
  // pg does not know "schema": the runner sets search_path and the adapter qualifies tables.
  parsed.searchParams.delete('schema');
  return { provider: 'postgresql', connectionString: parsed.toString(), schema };
}

/** A label for logs: never contains a password. */
export function describeDatabase(target: DatabaseTarget): string {
  if (target.provider === 'sqlite') return `sqlite ${target.file}`;
  return `postgresql ${redact(target.connectionString)} schema ${target.schema}`;
}

function redact(text: string): string {
  return text.replace(/\/\/([^:/?#@]*):[^@/?#]*@/, '//$1:***@');
}
