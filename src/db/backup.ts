// A consistent copy of a live SQLite database through SQLite's online backup API (the bot may
// keep writing meanwhile), checked with PRAGMA integrity_check before it is reported done.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import Sqlite from 'better-sqlite3';

export async function backupSqlite(source: string, destination: string): Promise<{ file: string; pages: number }> {
  const file = resolve(destination);
  if (!existsSync(source)) throw new Error(`there is no database at ${source}`);
  if (existsSync(file)) throw new Error(`${file} exists already: name a new file`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const db = new Sqlite(source, { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    const { totalPages } = await db.backup(partial);
    const copy = new Sqlite(partial, { readonly: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
    renameSync(partial, file);
    return { file, pages: totalPages };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}
