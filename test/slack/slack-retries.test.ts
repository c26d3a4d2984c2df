// Slack retries a delivery it thinks failed (X-Slack-Retry-Num). A retry, even one that
// arrives while the first is still being handled, never makes a second reply.
import { startBot, tempSqliteUrl } from '../support/bot-process';
import { allText, FakeSlack } from '../support/fake-slack';
import { SlackSender } from '../support/slack-requests';

const SECRET = 'retry-secret';

it('a retried event is handled once, and so is a duplicate arriving concurrently', async () => {
  const slack = new FakeSlack();
  await slack.start();
  const bot = await startBot({ DATABASE_URL: tempSqliteUrl(), LOCAL_CHAT: 'off', SLACK_BOT_TOKEN: 'xoxb-retry', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
  try {
    const send = new SlackSender(bot.url, SECRET, slack.url);
    const retry = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };

    expect((await send.dm('U0RETRY', 'help', { eventId: 'Ev0FIRST' })).status).toBe(200);
    await slack.waitFor((c) => c.method === 'chat.postMessage' && allText(c).includes('What I can do'));
    expect((await send.dm('U0RETRY', 'help', { eventId: 'Ev0FIRST', headers: retry })).status).toBe(200);

    const both = await Promise.all([send.dm('U0RETRY', 'me', { eventId: 'Ev0SECOND' }), send.dm('U0RETRY', 'me', { eventId: 'Ev0SECOND', headers: retry })]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
  } finally {
    // A graceful stop waits for the handling in flight: after it, every reply has been sent.
    expect(await bot.stop('SIGTERM')).toBe(0);
    await slack.stop();
  }
  const posts = slack.calls.filter((c) => c.method === 'chat.postMessage');
  expect(posts.filter((c) => allText(c).includes('What I can do'))).toHaveLength(1);
  expect(posts.filter((c) => allText(c).includes('Your profile'))).toHaveLength(1);
});
