#!/usr/bin/env node
// Writes one Prisma schema per provider from prisma/schema.base.prisma.
//   node scripts/prisma-schemas.mjs          write the files
//   node scripts/prisma-schemas.mjs --check  exit 1 when a written file differs
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The datasource URL is never used at run time (driver adapters connect), but the
// CLI must be able to parse it, so it is a literal.
const providers = {
  sqlite: 'file:./placeholder.db',
  postgresql: 'postgresql://placeholder@localhost:5432/placeholder',
};
const folder = { sqlite: 'sqlite', postgresql: 'postgres' };

export function schemaFor(provider) {
  const base = readFileSync(join(root, 'prisma', 'schema.base.prisma'), 'utf8');
  const header = [
    `// GENERATED from prisma/schema.base.prisma by scripts/prisma-schemas.mjs: do not edit.`,
    `generator client {`,
    `  provider        = "prisma-client-js"`,
    `  engineType      = "client"`,
    `  output          = "../../node_modules/.prisma/coalition-${folder[provider]}"`,
    `}`,
    ``,
    `datasource db {`,
    `  provider = "${provider}"`,
    `  url      = "${providers[provider]}"`,
    `}`,
    ``,
  ].join('\n');
  return header + base;
}

export function schemaPath(provider) {
  return join(root, 'prisma', folder[provider], 'schema.prisma');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = false;
  for (const provider of Object.keys(providers)) {
    const path = schemaPath(provider);
    const text = schemaFor(provider);
    if (check) {
      if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
        console.error(`${path} is out of date: run npm run db:schemas`);
        stale = true;
      }
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  process.exit(stale ? 1 : 0);
}
