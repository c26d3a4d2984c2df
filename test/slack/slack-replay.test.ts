// Replays, as an attacker who captured a signed request sends them: the same bytes with the
// same timestamp and signature, within Slack's 5-minute window. A slash command, a modal
// submission and a button click each run once; the copy is acked and changes nothing.
import { randomUUID } from 'node:crypto';
import { startBot, tempSqliteUrl, type BotProcess } from '../support/bot-process';
import { allText, FakeSlack, type SlackCall } from '../support/fake-slack';
import { fixture, SlackSender } from '../support/slack-requests';
import { storedStrings, tableCounts } from '../support/table-counts';

const SECRET = 'replay-signing-secret';
const FORM = 'application/x-www-form-urlencoded';

let slack: FakeSlack;
let bot: BotProcess;
let send: SlackSender;
let databaseUrl: string;

const dmOf = (user: string) => `D${user.slice(1)}`;
const postTo = (user: string) => (c: SlackCall) => c.method === 'chat.postMessage' && c.args.channel === dmOf(user) && c.status === 200;

/** Everything stored, but for what the settling DM itself writes (its event id, the member's last-seen time). */
async function snapshot(): Promise<unknown> {
  const { ProcessedEvent: _events, ...counts } = await tableCounts(databaseUrl);
  const strings = (await storedStrings(databaseUrl)).filter((s) => s.table !== 'ProcessedEvent' && s.column !== 'lastSeenAt').map((s) => `${s.table}.${s.column}=${s.value}`).sort();
  return { counts, strings };
}

/** A DM round trip after a replay: once answered, the replay (sent before it) has been handled. */
async function settle(user: string): Promise<void> {
  const mark = slack.calls.length;
  expect((await send.dm(user, 'help')).status).toBe(200);
  await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && postTo(user)(c) && allText(c).includes('What I can do'), 15_000, 'the answer to help');
}

/** Sends `body` signed at `timestamp`, then the very same request again. */
async function sendTwice(body: string): Promise<{ first: Response; replay: () => Promise<Response> }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const first = await send.post(body, FORM, { timestamp });
  return { first, replay: () => send.post(body, FORM, { timestamp }) };
}

const replaysLogged = () => bot.output().split('\n').filter((l) => l.includes('a replayed Slack request was ignored')).length;

beforeAll(async () => {
  slack = new FakeSlack();
  await slack.start();
  databaseUrl = tempSqliteUrl();
  bot = await startBot({ DATABASE_URL: databaseUrl, LOCAL_CHAT: 'off', SLACK_BOT_TOKEN: 'xoxb-replay', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
  send = new SlackSender(bot.url, SECRET, slack.url);
  await slack.waitFor((c) => c.method === 'auth.test', 15_000, 'auth.test at start');
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await slack?.stop();
});

describe('replayed signed Slack requests', () => {
  it('runs a replayed slash command (/p2c link) once: the copy is acked, no new code, nothing sent', async () => {
    const user = 'U0REPLAY1';
    const fields = { ...fixture<Record<string, string>>('slash_command'), user_id: user, text: 'link', channel_id: dmOf(user), response_url: `${slack.url}/response/${randomUUID()}`, trigger_id: `trigger-${randomUUID()}` };
    const mark = slack.calls.length;
    const { first, replay } = await sendTwice(new URLSearchParams(fields).toString());
    expect(first.status).toBe(200);
    await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && postTo(user)(c) && allText(c).includes('Your code is'), 15_000, 'the link code');
    const before = await snapshot();
    const logged = replaysLogged();

    const again = await replay();
    expect(again.status).toBe(200);
    await settle(user);
    expect(slack.since(mark, (c) => allText(c).includes('Your code is'))).toHaveLength(1);
    expect(await snapshot()).toEqual(before);
    expect(replaysLogged()).toBe(logged + 1);
  });

  it('completes a replayed modal submission (view_submission) once', async () => {
    const user = 'U0REPLAY2';
    let mark = slack.calls.length;
    await send.slash(user, 'profile form');
    const form = await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'views.update' && allText(c).includes('Email'), 15_000, 'the profile form');
    const payload = fixture('view_submission');
    const values = {
      name: { value: { type: 'plain_text_input', value: 'Rita Replay' } },
      organization: { value: { type: 'plain_text_input', value: 'Replay Org' } },
      category: { value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Academia' }, value: 'academia' } } },
      country: { value: { type: 'plain_text_input', value: 'Fiji' } },
      timeZone: { value: { type: 'plain_text_input', value: 'Pacific/Fiji' } },
      email: { value: { type: 'plain_text_input', value: 'rita@example.org' } },
    };
    const body = { ...payload, user: { ...payload.user, id: user }, view: { ...payload.view, id: form.args.view_id, private_metadata: form.args.view.private_metadata, state: { values } } };
    mark = slack.calls.length;
    const { first, replay } = await sendTwice(new URLSearchParams({ payload: JSON.stringify(body) }).toString());
    expect(first.status).toBe(200);
    await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && postTo(user)(c) && allText(c).includes('Thank you, Rita Replay'), 15_000, 'the thanks');
    const before = await snapshot();

    expect((await replay()).status).toBe(200);
    await settle(user);
    expect(slack.since(mark, (c) => postTo(user)(c) && allText(c).includes('Thank you'))).toHaveLength(1);
    expect(await snapshot()).toEqual(before);
  });

  it('opens one modal for a replayed button click (block_actions open_form)', async () => {
    const user = 'U0REPLAY3';
    const payload = fixture('block_actions');
    const body = {
      ...payload,
      user: { ...payload.user, id: user },
      container: { ...payload.container, channel_id: dmOf(user), message_ts: '1700000000.000900' },
      channel: { id: dmOf(user), name: 'directmessage' },
      message: { ...payload.message, ts: '1700000000.000900', text: '', blocks: [] },
      trigger_id: `trigger-${randomUUID()}`,
      actions: [{ type: 'button', block_id: 'form', action_id: 'open_form', value: 'profile', text: { type: 'plain_text', text: 'Open the form' }, action_ts: `${Math.floor(Date.now() / 1000)}.000001` }],
    };
    const mark = slack.calls.length;
    const { first, replay } = await sendTwice(new URLSearchParams({ payload: JSON.stringify(body) }).toString());
    expect(first.status).toBe(200);
    await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'views.update', 15_000, 'the form');
    expect((await replay()).status).toBe(200);
    await settle(user);
    expect(slack.since(mark, (c) => c.method === 'views.open')).toHaveLength(1);
  });

  it('still runs the same command sent again as a new request (a new timestamp and signature)', async () => {
    const user = 'U0REPLAY4';
    const fields = { ...fixture<Record<string, string>>('slash_command'), user_id: user, text: 'help', channel_id: dmOf(user) };
    const mark = slack.calls.length;
    const body = new URLSearchParams(fields).toString();
    expect((await send.post(body, FORM, { timestamp: Math.floor(Date.now() / 1000) - 1 })).status).toBe(200);
    expect((await send.post(body, FORM, { timestamp: Math.floor(Date.now() / 1000) })).status).toBe(200);
    await slack.waitFor(() => slack.since(mark, (d) => postTo(user)(d) && allText(d).includes('What I can do')).length === 2, 15_000, 'two answers');
  });
});
