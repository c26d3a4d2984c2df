// The layers of docs/architecture.md as dependency rules: `npm run depcruise` (part of `npm test`)
// fails on any import that breaks one. test/unit/boundaries.test.ts shows each rule failing on
// the files of test/fixtures/boundaries, which break them on purpose.
// (Who reads process.env is an eslint rule: eslint.config.mjs.)

/** A package (or a package name pattern) as it resolves inside node_modules. */
const pkg = (...names) => `(^|/)node_modules/(${names.join('|')})/`;

/** Pure libraries the core may use: no I/O, no clock, no environment. */
const CORE_LIBRARIES = pkg('zod', 'cron-parser', 'rrule-temporal', '@js-temporal/polyfill');

/**
 * The files of src/conversation an adapter may import: the inbound port, and the message
 * catalog's translator for the adapter's own platform strings.
 */
const CONVERSATION_FOR_ADAPTERS = ['^src/conversation/inbound-port\\.ts$', '^src/conversation/catalog/catalog\\.ts$'];

/** Shared edges an adapter may use besides core and the files above: the HTTP server and its helpers, the logger, the data directory. */
const SHARED_FOR_ADAPTERS = ['^src/http/(server|loopback-url|local-caller|bearer)\\.ts$', '^src/(logger|paths)\\.ts$'];

module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core',
      comment: 'src/core decides: it imports nothing outside src/core but zod, cron-parser, rrule-temporal and the Temporal polyfill.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', CORE_LIBRARIES] },
    },
    {
      name: 'conversation-imports-core-and-itself',
      comment: 'src/conversation talks: it imports src/core, its own files, zod, intl-messageformat (the catalog), the readers of answers (chrono-node for dates, city-timezones and countries-and-timezones for zones) and node:crypto; no SDK, no database, no configuration.',
      severity: 'error',
      from: { path: '^src/conversation/' },
      to: { pathNot: ['^src/(conversation|core)/', pkg('zod', 'intl-messageformat', 'chrono-node', 'city-timezones', 'countries-and-timezones'), '^(node:)?crypto$'] },
    },
    {
      name: 'adapters-reach-conversation-through-the-inbound-port',
      comment: 'An adapter imports from src/conversation only the files CONVERSATION_FOR_ADAPTERS lists.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^src/conversation/', pathNot: CONVERSATION_FOR_ADAPTERS },
    },
    {
      name: 'adapters-import-core-and-shared-edges',
      comment: 'Besides src/conversation (rule above), an adapter imports src/core (the message model, ports, errors) and the shared HTTP server, logger and paths: never src/db, the scheduler, the configuration or the wiring.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^src/', pathNot: ['^src/(core|conversation)/', ...SHARED_FOR_ADAPTERS] },
    },
    {
      name: 'adapters-are-independent',
      comment: 'An adapter does not import another one.',
      severity: 'error',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'db-below-conversation',
      comment: 'src/db stores: it implements the core ports and imports nothing of the layers above it.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: ['^adapters/', '^src/(conversation|http|scheduler|delivery)/', '^src/(app|main|config|startup|secretariat-services|data-rights-services)\\.ts$'] },
    },
    {
      name: 'prisma-and-drivers-only-in-src-db',
      comment: 'Only src/db imports Prisma (its packages and the generated clients) and the database drivers.',
      severity: 'error',
      from: { path: '^(src|adapters|scripts)/', pathNot: '^src/db/' },
      to: { path: pkg('@prisma/[^/]+', '\\.prisma', 'prisma', 'pg', 'better-sqlite3') },
    },
    {
      name: 'slack-sdk-only-in-its-adapter',
      severity: 'error',
      from: { path: '^(src|adapters|scripts)/', pathNot: '^adapters/slack/' },
      to: { path: pkg('@slack/[^/]+') },
    },
    {
      name: 'botbuilder-only-in-its-adapter',
      comment: 'Microsoft moved new work to botbuilder\'s successors: it stays inside adapters/teams.',
      severity: 'error',
      from: { path: '^(src|adapters|scripts)/', pathNot: '^adapters/teams/' },
      to: { path: pkg('botbuilder[^/]*', 'botframework-[^/]+') },
    },
    {
      name: 'prom-client-only-in-metrics',
      comment: 'The other layers report through callbacks; src/metrics.ts alone holds the registry.',
      severity: 'error',
      from: { path: '^(src|adapters|scripts)/', pathNot: '^src/metrics\\.ts$' },
      to: { path: pkg('prom-client') },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type from the database layer in src/core is a dependency too.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default', 'types'], mainFields: ['main', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
