// The layer rules (.dependency-cruiser.cjs) and the lint rules (eslint.config.mjs) that `npm test`
// runs over the project must fail on code that breaks them: both tools run here, with the
// project's own configuration, on fixtures that break each rule once (and on files that keep them).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const boundaries = join(root, 'test/fixtures/boundaries');

function run(script: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(root, 'node_modules', script), ...args], { cwd, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024, timeout: 240_000 });
}

/** `node_modules/@slack/bolt/dist/index.js`, wherever node_modules is, as `@slack/bolt`. */
const target = (path: string) => path.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1');

describe('dependency rules', () => {
  it('fail on each import that breaks a layer, and on nothing else', () => {
    // The report `npm run depcruise` prints: one line per violation, "error <rule>: <from> → <to>".
    const result = run('dependency-cruiser/bin/dependency-cruise.mjs', ['src', 'adapters', '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'err'], boundaries);
    const found = [...result.stdout.matchAll(/^\s*error (\S+): (\S+) → (\S+)$/gm)].map(([, rule, from, to]) => `${rule}: ${from} -> ${target(to)}`).sort();
    expect(found).toEqual(
      [
        // The hole the old architecture test had: a file directly in src/core importing the configuration.
        'core-imports-only-core: src/core/clock.ts -> src/config.ts',
        'conversation-imports-core-and-itself: src/conversation/router.ts -> @slack/bolt',
        'slack-sdk-only-in-its-adapter: src/conversation/router.ts -> @slack/bolt',
        'db-below-conversation: src/db/store.ts -> src/conversation/router.ts',
        'prisma-and-drivers-only-in-src-db: src/http/routes.ts -> @prisma/adapter-pg',
        'prisma-and-drivers-only-in-src-db: src/http/routes.ts -> pg',
        'botbuilder-only-in-its-adapter: src/http/routes.ts -> botbuilder',
        'prom-client-only-in-metrics: src/http/routes.ts -> prom-client',
        'adapters-reach-conversation-through-the-inbound-port: adapters/slack/reaches-in.ts -> src/conversation/router.ts',
        'adapters-import-core-and-shared-edges: adapters/slack/reaches-in.ts -> src/db/store.ts',
        'adapters-are-independent: adapters/slack/reaches-in.ts -> adapters/teams/card.ts',
      ].sort(),
    );
    // depcruise's exit code is the number of errors: `npm test` stops on it.
    expect(result.status).toBe(11);
  }, 240_000);
});

describe('lint rules', () => {
  it('fail on floating and misused promises, unsafe any, an unused disable comment, and process.env outside src/config.ts', () => {
    const result = run('eslint/bin/eslint.js', ['--no-ignore', '--format', 'json', 'test/fixtures/boundaries', 'test/fixtures/lint'], root);
    const files = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; message: string }[] }[];
    const found = files.flatMap((f) => f.messages.map((m) => `${f.filePath.slice(root.length + 1)}:${m.line} ${m.ruleId ?? m.message.split(' (')[0]}`)).sort();
    expect(found).toEqual(
      [
        'test/fixtures/boundaries/src/core/reads-env.ts:2 no-restricted-properties',
        'test/fixtures/lint/breaks-rules.ts:6 @typescript-eslint/no-floating-promises',
        'test/fixtures/lint/breaks-rules.ts:10 @typescript-eslint/no-misused-promises',
        'test/fixtures/lint/breaks-rules.ts:16 @typescript-eslint/no-unsafe-assignment',
        'test/fixtures/lint/breaks-rules.ts:17 @typescript-eslint/no-unsafe-member-access',
        'test/fixtures/lint/breaks-rules.ts:17 @typescript-eslint/no-unsafe-return',
        'test/fixtures/lint/breaks-rules.ts:20 Unused eslint-disable directive',
      ].sort(),
    );
    expect(result.status).toBe(1);
  }, 240_000);
});
