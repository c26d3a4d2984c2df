// Teams inbound: the real bot (node dist/src/main.js) under Bot Framework `message` activities
// asking for help at POST /api/messages, next to a minimal botbuilder CloudAdapter echo bot
// answering the same load. Both run as in production, authenticated: each activity carries a
// JWT from a loopback Bot Framework issuer (test/support/bot-framework-issuer.ts) that both
// validate against its keys, and both reply within the turn to a fake Bot Framework connector in
// this process (the activities' serviceUrl) that takes only tokens the issuer gave them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BotFrameworkIssuer } from '../../test/support/bot-framework-issuer';
import { FakeConnector } from '../../test/support/fake-connector';
import { startChild, type Child } from '../lib/child';
import { inboundRows, measureInbound, measurePairs, pairsOf, providerName, type InboundFigures, type InboundLoad } from '../lib/inbound';
import { LoadClient, reached } from '../lib/load';
import type { BenchContext, BenchRow, Scenario } from '../lib/types';

type Json = Record<string, unknown>;

/** Members are spread over tenants so Teams' 50 requests/s per tenant is not what is measured. */
const TENANTS = 50;
/** Teams' documented limit per app and tenant, which the bot honours before sending. */
const TENANT_LIMIT = 50;

function loadShape(ctx: BenchContext) {
  return ctx.quick ? { users: 20, perUser: 10, warmup: 20, concurrency: 50, oneTenant: 100 } : { users: 200, perUser: 10, warmup: 200, concurrency: 50, oneTenant: 500 };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

interface Member {
  id: string;
  aadObjectId: string;
  chat: string;
  tenant: string;
}

function member(kind: 'warm' | 'load', i: number, tenants: number): Member {
  const n = (kind === 'warm' ? 1_000_000 : 0) + i;
  return {
    id: `29:bench-user-${n}`,
    aadObjectId: `00000000-0000-0000-0000-${pad(n, 12)}`,
    chat: `a:bench-personal-${n}`,
    tenant: `${pad(i % tenants, 8)}-1111-1111-1111-111111111111`,
  };
}

/** Activity ids, unique over the whole run: the bot answers a redelivered activity (same id, same chat) once. */
let seq = 0;

const APP_ID = '00000000-0000-0000-0000-0000000be7c4';
const APP_PASSWORD = 'bench-app-password';
/** Every tenant the load uses, allowed by the bot. */
const allTenants = () => Array.from({ length: TENANTS }, (_, i) => member('load', i, TENANTS).tenant);

/**
 * Personal-chat `message` activities from the fixture: member i % users, a unique id each, with
 * the issuer's token for the connector (one token, reused until it expires, as the connector does).
 */
function teamsLoad(ctx: BenchContext, connector: FakeConnector, issuer: BotFrameworkIssuer, tenants = TENANTS): InboundLoad {
  const shape = loadShape(ctx);
  const authorization = issuer.authorization({ serviceUrl: connector.url });
  const template = JSON.parse(readFileSync(join(ctx.root, 'test/fixtures/teams/personal-message.json'), 'utf8')) as Json & { conversation: Json };
  return {
    warmup: shape.warmup,
    count: shape.users * shape.perUser,
    concurrency: shape.concurrency,
    build(i, phase) {
      const who = phase === 'warmup' ? member('warm', i % 50, tenants) : member('load', i % shape.users, tenants);
      // The roster knows every member with an email, as Teams does.
      if (!connector.members.has(who.id)) connector.members.set(who.id, { id: who.id, name: `Member ${who.aadObjectId.slice(-6)}`, aadObjectId: who.aadObjectId, email: `m${who.aadObjectId.slice(-6)}@example.org`, tenantId: who.tenant });
      const activity = {
        ...template,
        id: `bench-${phase}-${++seq}`,
        timestamp: new Date().toISOString(),
        serviceUrl: connector.url,
        from: { id: who.id, name: `Member ${who.aadObjectId.slice(-6)}`, aadObjectId: who.aadObjectId },
        conversation: { ...template.conversation, id: who.chat, tenantId: who.tenant },
        channelData: { tenant: { id: who.tenant } },
        text: 'help',
      };
      return { path: '/api/messages', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(activity) };
    },
  };
}

/** Starts a program against its own fake connector and measures it under the load. */
async function measure(ctx: BenchContext, script: string, env: Record<string, string>, readyPath: string | undefined, what: string, oneTenant = false): Promise<{ figures: InboundFigures; oneTenantPerSecond?: number }> {
  const issuer = await new BotFrameworkIssuer(APP_ID, APP_PASSWORD).start();
  const connector = await new FakeConnector({ authorize: (header) => issuer.isBotToken(header) }).start();
  let child: Child | undefined;
  try {
    child = await startChild(ctx.root, script, issuer.env(env), readyPath);
    ctx.log(`  ${what}: started (pid ${child.pid})`);
    let replies = 0;
    let scanned = 0;
    const scan = () => {
      for (; scanned < connector.calls.length; scanned++) {
        const call = connector.calls[scanned];
        if (call.method === 'POST' && call.path.includes('/activities')) replies++;
      }
      return replies;
    };
    const figures = await measureInbound({ child, delivered: scan }, teamsLoad(ctx, connector, issuer), ctx.log);
    ctx.log(`  ${what}: ack p99 ${figures.ackP99.toFixed(1)} ms, ${figures.eventsPerSecond.toFixed(0)} events/s, ${figures.replies}/${figures.expectedReplies} replies`);
    if (!oneTenant) return { figures };
    // The same members, all in one tenant: the bot paces its replies to Teams' limit.
    const load = teamsLoad(ctx, connector, issuer, 1);
    const count = loadShape(ctx).oneTenant;
    const mark = scan();
    const client = new LoadClient(child.url, load.concurrency);
    const sent = client.run(count, (i) => load.build(i, 'load')).finally(() => client.close());
    // Counted after the first window's worth, which the limit lets through at once.
    const firstWindow = await reached(scan, mark + TENANT_LIMIT, 120_000, 'one-tenant replies');
    const done = await reached(scan, mark + count, 120_000, 'one-tenant replies');
    await sent;
    const oneTenantPerSecond = (count - TENANT_LIMIT) / ((done - firstWindow) / 1000);
    ctx.log(`  ${what}: one tenant, ${oneTenantPerSecond.toFixed(0)} replies/s`);
    return { figures, oneTenantPerSecond };
  } finally {
    await child?.stop();
    await connector.stop();
    await issuer.stop();
  }
}

export const scenario: Scenario = {
  name: 'Teams inbound',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const [index, db] of ctx.databases.entries()) {
      const name = `Teams inbound (${providerName(db.provider)})`;
      ctx.log(name);
      // The baseline runs next to each bot run, so both see the same machine load.
      const { bases, bots } = await measurePairs(
        pairsOf(ctx),
        ctx.log,
        async () => (await measure(ctx, 'dist/bench/baselines/cloudadapter-echo.js', {}, undefined, 'CloudAdapter baseline')).figures,
        // Every member in one tenant: measured once, after the first pair's load on SQLite.
        async (pair) => measure(ctx, 'dist/src/main.js', { DATABASE_URL: await db.freshUrl(), LOCAL_CHAT: 'off', TEAMS_ALLOWED_TENANTS: allTenants().join(',') }, '/healthz', 'bot', index === 0 && pair === 0),
      );
      rows.push(...inboundRows(name, bots.map((b) => b.figures), bases, 'CloudAdapter bot'));
      const bot = bots[0];
      if (bot.oneTenantPerSecond !== undefined) {
        rows.push({
          scenario: name,
          figure: `replies/s with every member in one tenant (${loadShape(ctx).oneTenant} messages, after the first ${TENANT_LIMIT}; Teams' limit per tenant)`,
          value: bot.oneTenantPerSecond,
          unit: 'replies/s',
          baseline: { name: 'Teams limit', value: TENANT_LIMIT },
          ratio: bot.oneTenantPerSecond / TENANT_LIMIT,
        });
      }
    }
    return rows;
  },
};
