// The whole app in process with Slack on and its Web API the fake one, and a sender of signed
// Slack requests to it: what the in-process Slack scenario tests start.
import type { Coalition } from '../../src/core/coalition/coalition';
import { FakeSlack } from './fake-slack';
import { startTestApp, type TestApp } from './in-process-app';
import { SlackSender } from './slack-requests';

export const SLACK_TEST_SECRET = 'slack-test-secret';
const SECRET = SLACK_TEST_SECRET;

export interface SlackTestApp {
  t: TestApp;
  slack: FakeSlack;
  send: SlackSender;
}

/** Starts the fake Slack Web API and the app talking to it (`env` adds to the Slack settings); the caller stops both. */
export async function startSlackTestApp(databaseUrl: string, env: Record<string, string> = {}, options: { now?: string; coalition?: Coalition } = {}): Promise<SlackTestApp> {
  const slack = new FakeSlack();
  await slack.start();
  try {
    const t = await startTestApp(databaseUrl, options.now ?? '2026-11-29T10:00:00Z', { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, ...env }, options.coalition);
    return { t, slack, send: new SlackSender(t.url, SECRET, slack.url) };
  } catch (error) {
    await slack.stop();
    throw error;
  }
}
