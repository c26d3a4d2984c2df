// The Slack adapter end to end: the real bot as a process, signed requests built from
// Slack's documented payloads over HTTP, and a fake Slack Web API recording what it sent.
import { translator } from '../../src/conversation/catalog/catalog';
import { startBot, tempSqliteUrl, type BotProcess } from '../support/bot-process';
import { allText, FakeSlack, type SlackCall } from '../support/fake-slack';
import { fixture, SlackSender } from '../support/slack-requests';

const SECRET = 'test-signing-secret';

let slack: FakeSlack;
let bot: BotProcess;
let send: SlackSender;

const dmOf = (user: string) => `D${user.slice(1)}`;

/** The next call after `mark` matching, with its text containing `text`. */
function next(mark: number, match: (c: SlackCall) => boolean, text?: string, what?: string): Promise<SlackCall> {
  return slack.waitFor((c) => slack.calls.indexOf(c) >= mark && match(c) && (text === undefined || allText(c).includes(text)), 15_000, what ?? `a call containing "${text}"`);
}

const postTo = (user: string) => (c: SlackCall) => c.method === 'chat.postMessage' && c.args.channel === dmOf(user) && c.status === 200;

/** Sends a DM and waits for the bot's reply containing `expected`. */
async function dmAndWait(user: string, text: string, expected: string): Promise<SlackCall> {
  const mark = slack.calls.length;
  const res = await send.dm(user, text);
  expect(res.status).toBe(200);
  return next(mark, postTo(user), expected);
}

function actionsOf(call: SlackCall): Record<string, any>[] {
  return (call.args.blocks as { type: string; elements?: Record<string, unknown>[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
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

describe('Slack over HTTP', () => {
  it('checks the bot token at start and sends it as a bearer token', () => {
    const auth = slack.calls.find((c) => c.method === 'auth.test')!;
    expect(auth.token).toBe('xoxb-test-token');
  });

  it('answers a signed url_verification with its challenge', async () => {
    const res = await send.json(fixture('url_verification'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: fixture('url_verification').challenge });
  });

  it('answers Slack\'s ssl_check and refuses a signed but unreadable body with 400', async () => {
    expect((await send.form({ ssl_check: '1', token: 'x' }, { signature: null })).status).toBe(200);
    expect((await send.post('{not json', 'application/json')).status).toBe(400);
  });

  it('refuses forged, unsigned and stale requests with 401 and acts on none of them', async () => {
    const mark = slack.calls.length;
    const forged = await send.dm('U0FORGED', 'profile', { signature: 'v0=' + 'a'.repeat(64) });
    const unsigned = await send.dm('U0FORGED', 'profile', { signature: null });
    const stale = await send.dm('U0FORGED', 'profile', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    const future = await send.dm('U0FORGED', 'profile', { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 });
    const otherSecret = new SlackSender(bot.url, 'not-the-secret', slack.url);
    const wrongSecret = await otherSecret.dm('U0FORGED', 'profile');
    expect([forged.status, unsigned.status, stale.status, future.status, wrongSecret.status]).toEqual([401, 401, 401, 401, 401]);
    // A signed request sent afterwards is answered; by then nothing about the forged user happened.
    await dmAndWait('U0LATER', 'help', 'What I can do');
    expect(slack.since(mark).filter((c) => JSON.stringify(c.args).includes('FORGED'))).toEqual([]);
  });

  it('answers help in a DM with Block Kit', async () => {
    const reply = await dmAndWait('U0HELP', 'help', 'What I can do');
    const blocks = reply.args.blocks as { type: string }[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'What I can do' } });
    expect(allText(reply)).toContain('*profile*');
  });

  it("writes in the member's Slack language (users.info with include_locale) until the member chooses one", async () => {
    const user = 'U0AWA';
    slack.users[user] = { real_name: 'Awa Diop', locale: 'fr-FR' };
    const french = translator('fr')('help.title');
    const reply = await dmAndWait(user, 'help', french);
    expect(reply.args.blocks as unknown[]).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'header', text: expect.objectContaining({ text: french }) })]));
    const lookup = slack.calls.find((c) => c.method === 'users.info' && c.args.user === user)!;
    expect(String(lookup.args.include_locale)).toBe('true');
    // Chosen: Spanish from then on, whatever Slack's locale.
    await dmAndWait(user, 'language es', 'Español');
    await dmAndWait(user, 'help', translator('es')('help.title'));
  });

  it('runs the whole profile flow by DM, typed answers and errors included', async () => {
    const user = 'U0ADA';
    slack.users[user] = { real_name: 'Ada L.', email: 'ada@slack.example' };
    await dmAndWait(user, 'profile', 'What is your full name?');
    await dmAndWait(user, 'A', 'That is too short');
    await dmAndWait(user, 'Ada Lovelace', 'Which organization');
    let r = await dmAndWait(user, 'Analytical Engines &amp; Co', 'stakeholder category');
    expect(actionsOf(r)[0]).toMatchObject({ type: 'static_select' });
    await dmAndWait(user, 'Academia', 'Which country');
    await dmAndWait(user, 'Keniya', 'Did you mean Kenya');
    await dmAndWait(user, 'KEN', 'Which time zone');
    await dmAndWait(user, 'Europe/Zurich', 'Which email');
    // Slack links an email someone types: <mailto:a@b|a@b> is read back as the address.
    r = await dmAndWait(user, '<mailto:ada@example.org|ada@example.org>', 'Please check your answers.');
    expect(allText(r)).toContain('Analytical Engines &amp;amp; Co'.replace('&amp;amp;', '&amp;'));
    expect(allText(r)).toContain('ada@example.org');
    await dmAndWait(user, 'confirm', 'your profile is saved');
    r = await dmAndWait(user, 'me', 'Your profile');
    expect(allText(r)).toContain('Kenya');
    expect(allText(r)).toContain('Analytical Engines &amp; Co');
  });

  it('runs the same flow by buttons and selects, started by the slash command in a channel', async () => {
    const user = 'U0BOB';
    let mark = slack.calls.length;
    const res = await send.slash(user, 'profile');
    expect(res.status).toBe(200);
    // The flow continues in the DM; the channel gets a pointer only the member sees.
    await next(mark, postTo(user), 'What is your full name?');
    const pointer = await next(mark, (c) => c.method === 'response_url', 'direct message');
    expect(pointer.args).toMatchObject({ response_type: 'ephemeral' });

    await dmAndWait(user, 'Bob Kahn', 'Which organization');
    let question = await dmAndWait(user, 'Internet Society', 'stakeholder category');
    const select = actionsOf(question)[0];
    const civil = select.options.find((o: { text: { text: string } }) => o.text.text === 'Civil Society');
    mark = slack.calls.length;
    let click = await send.blockAction(user, { channel: dmOf(user), ts: question.args.ts ?? '1.1', blocks: question.args.blocks }, { type: 'static_select', action_id: select.action_id, selected_option: civil });
    expect(click.status).toBe(200);
    await next(mark, postTo(user), 'Which country');
    // The answered question is updated in place: its select is gone, the choice is shown.
    const updated = await next(mark, (c) => c.method === 'chat.update', 'chose: Civil Society');
    expect(actionsOf(updated)).toEqual([]);

    question = await dmAndWait(user, 'United States', 'Which time zone');
    const utc = actionsOf(question).find((e) => e.value === 'UTC')!;
    expect(utc.type).toBe('button');
    mark = slack.calls.length;
    click = await send.blockAction(user, { channel: dmOf(user), ts: '1700000000.000001', blocks: question.args.blocks }, { type: 'button', action_id: utc.action_id, value: utc.value, text: utc.text });
    expect(click.status).toBe(200);
    await next(mark, postTo(user), 'Which email');
    const summary = await dmAndWait(user, 'skip', 'Please check your answers.');
    const confirm = actionsOf(summary).find((e) => e.value === 'confirm')!;
    expect(confirm).toMatchObject({ type: 'button', style: 'primary' });
    mark = slack.calls.length;
    await send.blockAction(user, { channel: dmOf(user), ts: '1700000000.000002', blocks: summary.args.blocks }, { type: 'button', action_id: confirm.action_id, value: confirm.value, text: confirm.text });
    await next(mark, postTo(user), 'Thank you, Bob Kahn');
  });

  it('answers a one-off slash command only to the member, and /p2c alone with help', async () => {
    const mark = slack.calls.length;
    await send.slash('U0CAROL', '');
    const reply = await next(mark, (c) => c.method === 'response_url', 'What I can do');
    expect(reply.args.response_type).toBe('ephemeral');
  });

  it('answers a mention in a channel with an ephemeral message', async () => {
    const mark = slack.calls.length;
    await send.mention('U0DAN', 'C0GENERAL', '<@U0BOT> help');
    const reply = await next(mark, (c) => c.method === 'chat.postEphemeral', 'What I can do');
    expect(reply.args).toMatchObject({ channel: 'C0GENERAL', user: 'U0DAN' });
  });

  it('opens a modal before any database work, shows a bad field in place, then saves', async () => {
    const user = 'U0EVE';
    let mark = slack.calls.length;
    await send.slash(user, 'profile form');
    const opened = await next(mark, (c) => c.method === 'views.open');
    expect(opened.args.trigger_id).toMatch(/^trigger-/);
    // The trigger expires in 3 s: the modal is opened before the member is even looked up.
    expect(slack.since(mark)[0].method).toBe('views.open');
    const form = await next(mark, (c) => c.method === 'views.update', 'Email');
    const view = form.args.view;
    expect(view.callback_id).toBe('flow_form');
    const blockIds = view.blocks.filter((b: { type: string }) => b.type === 'input').map((b: { block_id: string }) => b.block_id);
    expect(blockIds).toEqual(['name', 'organization', 'category', 'country', 'timeZone', 'email']);

    const values = {
      name: { value: { type: 'plain_text_input', value: 'Eve Example' } },
      organization: { value: { type: 'plain_text_input', value: 'Example Org' } },
      category: { value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Academia' }, value: 'academia' } } },
      country: { value: { type: 'plain_text_input', value: 'Fiji' } },
      timeZone: { value: { type: 'plain_text_input', value: 'Pacific/Fiji' } },
      email: { value: { type: 'plain_text_input', value: 'eve@' } },
    };
    let res = await send.viewSubmission(user, { id: form.args.view_id, private_metadata: view.private_metadata, values });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ response_action: 'errors', errors: { email: '"eve@" doesn\'t look like an email address (name@example.org).' } });

    mark = slack.calls.length;
    res = await send.viewSubmission(user, { id: form.args.view_id, private_metadata: view.private_metadata, values: { ...values, email: { value: { type: 'plain_text_input', value: 'eve@example.org' } } } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await next(mark, postTo(user), 'Thank you, Eve Example');
    const me = await dmAndWait(user, 'me', 'Your profile');
    expect(allText(me)).toContain('Fiji');
  });

  it('publishes an App Home with the member\'s profile and buttons for the common flows', async () => {
    slack.users.U0HOME = { real_name: 'Hope Home' };
    const mark = slack.calls.length;
    await send.homeOpened('U0HOME');
    const home = await next(mark, (c) => c.method === 'views.publish', 'Your profile');
    expect(home.args.user_id).toBe('U0HOME');
    expect(home.args.view.type).toBe('home');
    const buttons = home.args.view.blocks.filter((b: { type: string }) => b.type === 'actions').flatMap((b: { elements: unknown[] }) => b.elements);
    expect(buttons.map((b: { value: string }) => b.value)).toEqual(expect.arrayContaining(['profile', 'help']));
    expect(allText(home)).toContain('Hope Home');

    // Its buttons: one starts the flow in the DM, the other opens it as a modal.
    const start = buttons.find((b: { action_id: string }) => b.action_id === 'home_command:profile');
    let click = slack.calls.length;
    expect((await send.homeAction('U0HOME', { type: 'button', action_id: start.action_id, value: start.value, text: start.text })).status).toBe(200);
    await next(click, postTo('U0HOME'), 'What is your full name?');
    click = slack.calls.length;
    const modalButton = buttons.find((b: { action_id: string }) => b.action_id === 'open_form:profile');
    expect((await send.homeAction('U0HOME', { type: 'button', action_id: modalButton.action_id, value: modalButton.value, text: modalButton.text })).status).toBe(200);
    await next(click, (c) => c.method === 'views.open');
    const filled = await next(click, (c) => c.method === 'views.update', 'Email');
    // The modal starts from what the member's profile already says.
    expect(JSON.stringify(filled.args.view)).toContain('"initial_value":"Hope Home"');
    await dmAndWait('U0HOME', 'cancel', 'Cancelled');
  });

  it('escapes what members typed, so nobody can make the bot post @channel or a disguised link', async () => {
    const user = 'U0MAL';
    await dmAndWait(user, 'profile', 'What is your full name?');
    // Typed brackets arrive as entities; a real @channel mention and a link arrive as markup.
    await dmAndWait(user, 'Mal &lt;!channel&gt; <!here> <https://evil.example|https://bank.example>', 'Which organization');
    await dmAndWait(user, '&lt;https://evil.example|Your bank&gt; Ltd', 'stakeholder category');
    await dmAndWait(user, 'Academia', 'Which country');
    await dmAndWait(user, 'Chad', 'Which time zone');
    await dmAndWait(user, 'UTC', 'Which email');
    const summary = await dmAndWait(user, 'skip', 'Please check your answers.');
    const shown = allText(summary);
    expect(shown).toContain('Mal &lt;!channel&gt;');
    expect(shown).toContain('&lt;https://evil.example|Your bank&gt; Ltd');
    for (const text of [summary.args.text, ...summary.args.blocks.map((b: unknown) => JSON.stringify(b))]) {
      expect(text).not.toMatch(/<!channel>|<!here>|<https?:/);
    }
  });
});

describe('Slack delivery rules', () => {
  it('waits out a 429 with Retry-After and sends the message, never dropping it', async () => {
    slack.failNext('chat.postMessage', 429, 1);
    const mark = slack.calls.length;
    await send.dm('U0RATE', 'help');
    const limited = await next(mark, (c) => c.method === 'chat.postMessage' && c.status === 429, undefined, 'the rate-limited call');
    const delivered = await next(mark, postTo('U0RATE'), 'What I can do', 'the retried call');
    expect(delivered.at - limited.at).toBeGreaterThanOrEqual(1000);
    expect(slack.since(mark, postTo('U0RATE'))).toHaveLength(1);
  });
});

describe('Slack start-up', () => {
  it('a token Slack refuses stops the start with one clear line', async () => {
    const refused = await startBot({ DATABASE_URL: tempSqliteUrl(), LOCAL_CHAT: 'off', SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl }, { waitHealthy: false });
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain('Failed to start: Slack refused or could not be reached with SLACK_BOT_TOKEN (auth.test: invalid_auth)');
    expect(refused.output()).not.toContain('xoxb-revoked');
  });
});
