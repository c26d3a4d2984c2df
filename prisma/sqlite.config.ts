// Prisma CLI settings for the SQLite schema. The JS engine and a driver adapter
// keep every command offline (no engine binaries to download).
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

export default defineConfig({
  schema: 'sqlite/schema.prisma',
  engine: 'js',
  experimental: { adapter: true },
  adapter: async () => new PrismaBetterSQLite3({ url: ':memory:' }),
});
