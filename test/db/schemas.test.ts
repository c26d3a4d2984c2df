// The two provider schemas come from prisma/schema.base.prisma, and no model change goes
// without a migration: each provider's newest migration snapshot is its current schema.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const folders = ['sqlite', 'postgres'] as const;

function migrationNames(folder: string): string[] {
  return readdirSync(join(root, 'prisma', 'migrations', folder))
    .filter((name) => /^\d{4}_/.test(name))
    .sort();
}

describe('prisma schemas', () => {
  it('are what scripts/prisma-schemas.mjs writes from schema.base.prisma', () => {
    let output = '';
    try {
      execFileSync(process.execPath, [join(root, 'scripts', 'prisma-schemas.mjs'), '--check'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      output = String((error as { stderr?: string }).stderr ?? error);
    }
    expect(output).toBe('');
  });

  it.each(folders)('%s: the newest migration leads to the current schema (run `npm run db:migration <name>` after a model change)', (folder) => {
    const last = migrationNames(folder).at(-1);
    expect(last).toBeDefined();
    const snapshot = readFileSync(join(root, 'prisma', 'migrations', folder, last!, 'schema.prisma'), 'utf8');
    expect(snapshot).toBe(readFileSync(join(root, 'prisma', folder, 'schema.prisma'), 'utf8'));
  });

  it('has the same migrations for SQLite and PostgreSQL', () => {
    expect(migrationNames('sqlite')).toEqual(migrationNames('postgres'));
  });
});
