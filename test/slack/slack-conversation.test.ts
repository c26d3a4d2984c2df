// Interruptions and natural answers through Slack: the real bot as a process, signed requests
// over HTTP, the fake Slack Web API checking every payload against Block Kit's limits.
import { startBot, tempSqliteUrl, type BotProcess } from '../support/bot-process';
import { allText, FakeSlack, type SlackCall } from '../support/fake-slack';
import { SlackSender } from '../support/slack-requests';

const SECRET = 'test-signing-secret';
let slack: FakeSlack;
let bot: BotProcess;
let send: SlackSender;

const dmOf = (user: string) => `D${user.slice(1)}`;
const postTo = (user: string) => (c: SlackCall) => c.method === 'chat.postMessage' && c.args.channel === dmOf(user) && c.status === 200;
function actionsOf(call: SlackCall): Record<string, any>[] {
  return (call.args.blocks as { type: string; elements?: Record<string, unknown>[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}
function next(mark: number, match: (c: SlackCall) => boolean, text: string): Promise<SlackCall> {
  return slack.waitFor((c) => slack.calls.indexOf(c) >= mark && match(c) && allText(c).includes(text), 15_000, `a call containing "${text}"`);
}
async function dmAndWait(user: string, text: string, expected: string): Promise<SlackCall> {
  const mark = slack.calls.length;
  expect((await send.dm(user, text)).status).toBe(200);
  return next(mark, postTo(user), expected);
}

beforeAll(async () => {
  slack = new FakeSlack();
  await slack.start();
  bot = await startBot({ DATABASE_URL: tempSqliteUrl(), LOCAL_CHAT: 'off', SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
  send = new SlackSender(bot.url, SECRET, slack.url);
  await slack.waitFor((c) => c.method === 'auth.test', 15_000, 'auth.test at start');
});
afterAll(async () => {
  await bot?.stop();
  await slack?.stop();
});

describe('Slack: a conversation that understands people', () => {
  it('answers a read-only command in the middle of a question and asks the question again; asks before starting another flow', async () => {
    const user = 'U0NORA';
    await dmAndWait(user, 'profile', 'What is your full name?');
    let mark = slack.calls.length;
    await send.dm(user, 'pledge totals');
    const again = await next(mark, postTo(user), 'What is your full name?');
    // The totals came first, then the question.
    const totals = slack.since(mark).filter(postTo(user));
    expect(totals.length).toBeGreaterThanOrEqual(2);
    expect(totals.indexOf(again)).toBeGreaterThan(0);

    const ask = await dmAndWait(user, 'join', 'You are in the middle of your profile. Stop it and start join?');
    const no = actionsOf(ask).find((e) => e.value === 'no')!;
    expect(actionsOf(ask).map((e) => e.value)).toEqual(['yes', 'no']);
    mark = slack.calls.length;
    await send.blockAction(user, { channel: dmOf(user), ts: ask.args.ts ?? '1.1', blocks: ask.args.blocks }, { type: 'button', action_id: no.action_id, value: no.value, text: no.text });
    expect(allText(await next(mark, postTo(user), "Fine, let's go on."))).toContain("Fine, let's go on.");
    await next(mark, postTo(user), 'What is your full name?');
  });

  it('takes natural answers: a word of an option, yes to "Did you mean", a city for a time zone', async () => {
    const user = 'U0NORA';
    await dmAndWait(user, 'Nora Newcomer', 'Which organization');
    await dmAndWait(user, 'Ministry of ICT', 'stakeholder category');
    await dmAndWait(user, 'civil', 'Which country');
    await dmAndWait(user, 'Tanzaina', 'Did you mean Tanzania?');
    const zones = await dmAndWait(user, 'yes', 'Which time zone');
    expect(actionsOf(zones)[0].value).toBe('Africa/Dar_es_Salaam');
    await dmAndWait(user, 'Geneva', 'Which email');
    const summary = await dmAndWait(user, 'skip', 'Please check your answers.');
    expect(allText(summary)).toContain('Europe/Zurich');
    expect(allText(summary)).toContain('Civil Society');
    const saved = await dmAndWait(user, 'confirm', 'your profile is saved');
    expect(actionsOf(saved).map((e) => e.value)).toEqual(['join', 'groups']);
  });
});
