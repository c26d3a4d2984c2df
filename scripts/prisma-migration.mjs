#!/usr/bin/env node
// Writes the next migration for both providers from the change to prisma/schema.base.prisma:
//   node scripts/prisma-migration.mjs <name>
// Each migration folder keeps the schema it leads to (schema.prisma), so the next one is
// the difference between that snapshot and the current schema. The SQL is applied by the
// project's own runner (src/db/migrate.ts), never by `prisma migrate`.
// The PostgreSQL diff needs a reachable server (TEST_DATABASE_URL or the local default).
import { execFileSync } from 'node:child_process';
import { readdirSync, mkdirSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: node scripts/prisma-migration.mjs <name in snake_case>');
  process.exit(2);
}
execFileSync(process.execPath, [join(root, 'scripts/prisma-schemas.mjs')], { stdio: 'inherit' });

for (const folder of ['sqlite', 'postgres']) {
  const dir = join(root, 'prisma', 'migrations', folder);
  mkdirSync(dir, { recursive: true });
  const done = readdirSync(dir).filter((d) => /^\d{4}_/.test(d)).sort();
  const last = done.at(-1);
  const from = last ? ['--from-schema-datamodel', join(dir, last, 'schema.prisma')] : ['--from-empty'];
  const current = join(root, 'prisma', folder, 'schema.prisma');
  let sql = execFileSync(
    join(root, 'node_modules/.bin/prisma'),
    ['migrate', 'diff', '--config', join(root, `prisma/${folder}.config.ts`), ...from,
      '--to-schema-datamodel', current, '--script'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // The runner creates the target schema and sets search_path; a hard-coded
  // `CREATE SCHEMA "public"` would fail for users without CREATE on the database.
  sql = sql.replace(/-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n/, '');
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    console.log(`${folder}: no change`);
    continue;
  }
  const next = String((last ? Number(last.slice(0, 4)) : 0) + 1).padStart(4, '0');
  const target = join(dir, `${next}_${name}`);
  if (existsSync(target)) throw new Error(`${target} exists`);
  mkdirSync(target);
  writeFileSync(join(target, 'migration.sql'), sql);
  copyFileSync(current, join(target, 'schema.prisma'));
  console.log(`${folder}: wrote ${target}`);
}
