// DIGEST_SLACK_CHANNEL is the secretariat's channel: an application made in another chat
// (here the local one) is posted there, with its Approve / Reject buttons.
import { startBot, tempSqliteUrl, type BotProcess } from '../support/bot-process';
import { allText, FakeSlack } from '../support/fake-slack';

const EVIDENCE = 'We have connected 120 rural schools in Kenya since 2021 and trained 400 teachers in digital skills.';

describe('the secretariat channel in Slack', () => {
  let slack: FakeSlack;
  let bot: BotProcess;

  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    bot = await startBot({
      DATABASE_URL: tempSqliteUrl(),
      LOCAL_CHAT: 'on',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack.apiUrl,
      DIGEST_SLACK_CHANNEL: 'C0SECRETARIAT',
    });
  });
  afterAll(async () => {
    await bot?.stop();
    await slack?.stop();
  });

  it('receives each new application with Approve and Reject buttons', async () => {
    const say = async (text: string) => (await bot.say('ada', { text })).replies;
    for (const answer of ['profile', 'Ada Lovelace', 'Analytical Engines', 'Academia', 'GBR', 'Europe/London', 'skip', 'confirm']) await say(answer);
    for (const answer of ['join access', EVIDENCE, 'no', 'no', 'yes']) await say(answer);
    expect((await say('confirm'))[0].tone).toBe('success');
    const posted = await slack.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0SECRETARIAT');
    expect(allText(posted)).toContain('Ada Lovelace');
    const values = JSON.stringify(posted.args.blocks);
    expect(values).toMatch(/"value":"approve [0-9a-z-]+"/i);
    expect(values).toMatch(/"value":"reject [0-9a-z-]+"/i);
  });
});
