// Slack inbound: the real bot (node dist/src/main.js, HTTP mode) under signed `message.im`
// Events API callbacks asking for help, next to a minimal Bolt app answering the same load.
// Each database gets its own pair of runs; replies go to a fake Slack Web API in this process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeSlack } from '../../test/support/fake-slack';
import { sign } from '../../test/support/slack-requests';
import { startChild, type Child } from '../lib/child';
import { inboundRows, measureInbound, measurePairs, pairsOf, providerName, type InboundFigures, type InboundLoad } from '../lib/inbound';
import type { BenchContext, BenchRow, Scenario } from '../lib/types';

const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench-token';

function loadShape(ctx: BenchContext): { users: number; perUser: number; warmup: number; concurrency: number } {
  return ctx.quick ? { users: 20, perUser: 10, warmup: 20, concurrency: 50 } : { users: 200, perUser: 10, warmup: 200, concurrency: 50 };
}

/** Signed message.im callbacks from the fixture: user i % users, a unique event id each. */
function slackLoad(ctx: BenchContext): InboundLoad {
  const shape = loadShape(ctx);
  const template = JSON.parse(readFileSync(join(ctx.root, 'test/fixtures/slack/event_message_im.json'), 'utf8')) as { event: Record<string, unknown> };
  let seq = 0;
  return {
    warmup: shape.warmup,
    count: shape.users * shape.perUser,
    concurrency: shape.concurrency,
    build(i, phase) {
      // Warm-up users are others than the measured ones: the load includes each member's first message.
      const user = phase === 'warmup' ? `U0WARM${String(i % 50).padStart(4, '0')}` : `U0LOAD${String(i % shape.users).padStart(4, '0')}`;
      const now = Date.now();
      const ts = `${Math.floor(now / 1000)}.${String(++seq).padStart(6, '0')}`;
      const body = JSON.stringify({
        ...template,
        event_id: `Ev${phase === 'warmup' ? 'W' : 'L'}${String(i).padStart(8, '0')}`,
        event_time: Math.floor(now / 1000),
        event: { ...template.event, user, channel: `D${user.slice(1)}`, text: 'help', ts, event_ts: ts },
      });
      const timestamp = Math.floor(now / 1000);
      return {
        path: '/slack/events',
        headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(SECRET, timestamp, body) },
        body,
      };
    },
  };
}

/** Starts a program against its own fake Web API and measures it under the load. */
async function measure(ctx: BenchContext, script: string, env: Record<string, string>, readyPath: string | undefined, what: string): Promise<InboundFigures> {
  const slack = new FakeSlack();
  await slack.start();
  let child: Child | undefined;
  try {
    child = await startChild(ctx.root, script, { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, ...env }, readyPath);
    ctx.log(`  ${what}: started (pid ${child.pid})`);
    const replies: number[] = [];
    let scanned = 0;
    const scan = () => {
      for (; scanned < slack.calls.length; scanned++) {
        const call = slack.calls[scanned];
        if (call.method === 'chat.postMessage' && call.status === 200 && String(call.args.channel).startsWith('D')) replies.push(call.at);
      }
      return replies.length;
    };
    const figures = await measureInbound({ child, delivered: scan, deliveredAt: (n) => (scan() >= n ? replies[n - 1] : undefined) }, slackLoad(ctx), ctx.log);
    ctx.log(`  ${what}: ack p99 ${figures.ackP99.toFixed(1)} ms, ${figures.eventsPerSecond.toFixed(0)} events/s, ${figures.replies}/${figures.expectedReplies} replies`);
    return figures;
  } finally {
    await child?.stop();
    await slack.stop();
  }
}

export const scenario: Scenario = {
  name: 'Slack inbound',
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const db of ctx.databases) {
      const name = `Slack inbound (${providerName(db.provider)})`;
      ctx.log(name);
      // The baseline runs next to each bot run, so both see the same machine load.
      const { bases, bots } = await measurePairs(
        pairsOf(ctx),
        ctx.log,
        () => measure(ctx, 'dist/bench/baselines/bolt-echo.js', {}, undefined, 'Bolt baseline'),
        async () => measure(ctx, 'dist/src/main.js', { DATABASE_URL: await db.freshUrl(), LOCAL_CHAT: 'off' }, '/healthz', 'bot'),
      );
      rows.push(...inboundRows(name, bots, bases, 'Bolt app'));
    }
    return rows;
  },
};
