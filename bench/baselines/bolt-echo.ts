// Baseline for the Slack inbound benchmark: a minimal Bolt app in HTTP mode (Bolt's own
// HTTPReceiver and server, the same signing secret as the bot) that acks every message
// event and replies once. PORT, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_API_URL
// come from the environment; it prints "ready" once listening.
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

async function main(): Promise<void> {
  const signingSecret = process.env.SLACK_SIGNING_SECRET ?? '';
  const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const app = new App({
    token: process.env.SLACK_BOT_TOKEN,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  });
  app.message(async ({ say }) => {
    await say('Hello from the baseline.');
  });
  await app.start(Number(process.env.PORT));
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => void app.stop().finally(() => process.exit(0)));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
