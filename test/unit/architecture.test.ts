// The dependency direction of the design, as a test: the core and the conversation
// layer stay free of SDKs, Prisma and the environment; botbuilder stays in its adapter.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

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

/** Every module a file imports (import … from, export … from, import(), require()), as written. */
function importsOf(file: string): string[] {
  const source = readFileSync(join(root, file), 'utf8');
  return [...source.matchAll(/(?:(?:^|[\s}*])from\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

/** `file: specifier` for each relative import of the files under `dirs` that resolves outside `allowed` (folders from the root). */
function importsOutside(dirs: string[], allowed: string[], packages: RegExp): string[] {
  return dirs.flatMap(sources).flatMap((file) =>
    importsOf(file)
      .filter((spec) => {
        if (!spec.startsWith('.')) return !packages.test(spec);
        const target = relative(root, resolve(root, dirname(file), spec));
        return !allowed.some((dir) => target === dir || target.startsWith(`${dir}/`));
      })
      .map((spec) => `${file}: ${spec}`),
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
    expect(importsOutside(['src/core'], ['src/core'], /^(zod|cron-parser|rrule-temporal|@js-temporal\/polyfill)$/)).toEqual([]);
  });

  it('the import check sees every form of import, from files directly in src/core as well as below it', () => {
    const dir = 'test/fixtures/architecture/src/core';
    expect(importsOutside([dir], [dir], /^zod$/).sort()).toEqual([
      `${dir}/clock.ts: ../config`,
      `${dir}/clock.ts: ../db/open-database`,
      `${dir}/clock.ts: node:fs`,
      `${dir}/members/identify.ts: ../../conversation/bot`,
      `${dir}/members/identify.ts: @prisma/client`,
    ]);
  });

  it('adapters reach the conversation layer only through the inbound port (and the catalog for their own strings), and never the database', () => {
    const conversation = importsOutside(['adapters'], ['adapters', 'src/core', 'src/http', 'src/logger.ts', 'src/logger', 'src/paths', 'src/conversation/inbound-port', 'src/conversation/catalog/catalog'], /./);
    expect(conversation).toEqual([]);
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
