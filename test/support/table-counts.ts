// Reads a test database directly (SQLite file or PostgreSQL schema), listing its tables from
// the catalogue: row counts of every table, and every stored text value, for invariants.
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { withoutSchema } from './databases';

type Rows = Record<string, unknown>[];

/** Runs `work` with a function that answers SQL on the database at `url`. */
async function withQuery<T>(url: string, work: (query: (sql: string, params?: unknown[]) => Promise<Rows>, tables: string[], quote: (name: string) => string) => Promise<T>): Promise<T> {
  if (url.startsWith('file:') || url.startsWith('sqlite:')) {
    const db = new Database(url.replace(/^(file|sqlite):/, ''), { readonly: true, fileMustExist: true });
    try {
      const query = async (sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as Rows;
      const tables = (await query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).map((r) => String(r.name));
      return await work(query, tables, (n) => `"${n}"`);
    } finally {
      db.close();
    }
  }
  const schema = new URL(url).searchParams.get('schema') ?? 'public';
  const client = new Client({ connectionString: withoutSchema(url) });
  await client.connect();
  try {
    const query = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as Rows;
    const tables = (
      await query("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name", [schema])
    ).map((r) => String(r.table_name));
    return await work(query, tables, (n) => `"${schema}"."${n}"`);
  } finally {
    await client.end();
  }
}

/** The number of rows of every table (migration bookkeeping included). */
export function tableCounts(url: string): Promise<Record<string, number>> {
  return withQuery(url, async (query, tables, quote) => {
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = Number((await query(`SELECT COUNT(*) AS n FROM ${quote(table)}`))[0].n);
    return counts;
  });
}

/** Every string stored in any column of any table, with where it is. */
export function storedStrings(url: string): Promise<{ table: string; column: string; value: string }[]> {
  return withQuery(url, async (query, tables, quote) => {
    const out: { table: string; column: string; value: string }[] = [];
    for (const table of tables) {
      for (const row of await query(`SELECT * FROM ${quote(table)}`)) {
        for (const [column, value] of Object.entries(row)) if (typeof value === 'string') out.push({ table, column, value });
      }
    }
    return out;
  });
}

/** Rows of one table by its model name's table (as listed by tableCounts). */
export function tableRows(url: string, table: string): Promise<Rows> {
  return withQuery(url, async (query, _tables, quote) => query(`SELECT * FROM ${quote(table)}`));
}
