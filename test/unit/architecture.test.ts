// The dependency direction of the design, as a test: the core and the conversation
// layer stay free of SDKs, Prisma and the environment; botbuilder stays in its adapter.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function offenders(dirs: string[], pattern: RegExp): string[] {
  return dirs.flatMap(sources).flatMap((file) =>
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .map((line, i) => (pattern.test(line) ? `${relative(root, join(root, file))}:${i + 1}: ${line.trim()}` : null))
      .filter((x): x is string => x !== null),
  );
}

const IMPORT = (what: string) => new RegExp(`(from\\s+|require\\(|import\\()\\s*['"](${what})`);

describe('architecture', () => {
  it('src/core and src/conversation import no platform SDK, no Prisma, no database driver', () => {
    expect(offenders(['src/core', 'src/conversation'], IMPORT('@slack/|botbuilder|@prisma/|\\.prisma/|pg[\'"/]|better-sqlite3|node-cron'))).toEqual([]);
  });

  it('src/core and src/conversation never read process.env', () => {
    expect(offenders(['src/core', 'src/conversation'], /process\.env/)).toEqual([]);
  });

  // Besides zod, only pure libraries (no I/O, no clock, no environment): cron expressions, recurrence rules and IANA zone changes.
  it('src/core depends on nothing outside itself but zod, cron-parser, rrule-temporal and the Temporal polyfill', () => {
    expect(offenders(['src/core'], /from\s+['"](\.\.\/\.\.\/(?!core)|\.\.\/(conversation|db|scheduler|http|data)|(?![.]|(zod|cron-parser|rrule-temporal|@js-temporal\/polyfill)['"]))/)).toEqual([]);
  });

  it('only src/config.ts reads process.env in src', () => {
    expect(offenders(['src'], /process\.env/).filter((line) => !line.startsWith('src/config.ts'))).toEqual([]);
  });

  it('botbuilder is imported only inside adapters/teams', () => {
    const outside = offenders(['src', 'adapters'], IMPORT('botbuilder')).filter((line) => !line.startsWith('adapters/teams/'));
    expect(outside).toEqual([]);
  });

  it('the Slack SDK is imported only inside adapters/slack', () => {
    const outside = offenders(['src', 'adapters'], IMPORT('@slack/')).filter((line) => !line.startsWith('adapters/slack/'));
    expect(outside).toEqual([]);
  });

  it('prom-client is imported only by src/metrics.ts: the other layers report through callbacks', () => {
    const outside = offenders(['src', 'adapters'], IMPORT('prom-client')).filter((line) => !line.startsWith('src/metrics.ts'));
    expect(outside).toEqual([]);
  });

  it('Prisma is imported only inside src/db', () => {
    const outside = offenders(['src', 'adapters'], IMPORT('@prisma/|\\.prisma/')).filter((line) => !line.startsWith('src/db/'));
    expect(outside).toEqual([]);
  });
});
