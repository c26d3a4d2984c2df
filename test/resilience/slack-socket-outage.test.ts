// PostgreSQL unreachable while Socket Mode envelopes arrive (the bot's path to it cut with a
// TCP relay). An Events API envelope is left unacked so Slack delivers it again; on the last
// attempt (retry_attempt 3) it is acked and the member asked to send the message again; after
// the relay is back a redelivered envelope is handled once. Buttons keep ack-first.
import { startBot, type BotProcess } from '../support/bot-process';
import { describePostgres } from '../support/databases';
import { allText, FakeSlack } from '../support/fake-slack';
import { fixture } from '../support/slack-requests';
import { startRelay, type Relay } from '../support/tcp-relay';
import type WebSocket from 'ws';

jest.setTimeout(120_000);

const UNAVAILABLE = "I'm temporarily unavailable. Please try again in a minute: nothing you sent was lost.";
const SEND_AGAIN = "I'm temporarily unavailable and could not take your last message. Please send it again in a few minutes.";

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const status = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(15_000) })).status;

describePostgres('database outage over Slack Socket Mode', (getUrl) => {
  let relay: Relay;
  let bot: BotProcess;
  let slack: FakeSlack;
  let socket: WebSocket;

  beforeAll(async () => {
    const url = getUrl();
    const parsed = new URL(url);
    relay = await startRelay({ host: parsed.hostname, port: Number(parsed.port || 5432) });
    slack = new FakeSlack();
    await slack.start();
    await slack.startSocketServer();
    bot = await startBot({ DATABASE_URL: relay.url(url), LOCAL_CHAT: 'off', SLACK_BOT_TOKEN: 'xoxb-socket-outage', SLACK_APP_TOKEN: 'xapp-socket-outage', SLACK_API_URL: slack.apiUrl });
    socket = await slack.connected();
  });
  afterAll(async () => {
    await relay?.restore();
    await bot?.stop();
    await relay?.close();
    await slack?.stop();
  });

  let envelopes = 0;
  /** Sends a DM event in an events_api envelope; returns the envelope id. */
  function dm(user: string, text: string, eventId: string, retryAttempt = 0): string {
    const envelopeId = `env-${++envelopes}`;
    const event = fixture('event_message_im');
    const payload = { ...event, event_id: eventId, event: { ...event.event, user, channel: `D${user.slice(1)}`, text, ts: `1700000000.${String(envelopes).padStart(6, '0')}` } };
    socket.send(JSON.stringify({ envelope_id: envelopeId, type: 'events_api', accepts_response_payload: false, retry_attempt: retryAttempt, retry_reason: retryAttempt ? 'timeout' : '', payload }));
    return envelopeId;
  }
  const acked = (envelopeId: string) => slack.socketMessages.filter((m) => m.envelope_id === envelopeId);
  const ackOf = (envelopeId: string) => slack.socketMessage((m) => m.envelope_id === envelopeId);
  const dmsTo = (user: string, text: string) => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === `D${user.slice(1)}` && allText(c).includes(text));

  it('leaves an envelope unacked while the database is down, acks the last attempt with a "send it again" DM, and handles the redelivery once after', async () => {
    await ackOf(dm('U0SOA', 'help', 'Ev0SBEFORE'));
    await slack.waitFor(() => dmsTo('U0SOA', 'What I can do').length === 1, 15_000, 'the answer before the outage');

    await relay.cut();
    await until(async () => (await status(`${bot.url}/healthz`)) === 503, '/healthz answers 503');

    // First delivery and retries 1 and 2: refused, so never acked.
    const refused = [0, 1, 2].map((attempt) => dm('U0SOA', 'help', 'Ev0SOUTAGE', attempt));
    await until(() => (bot.output().match(/Slack is asked to deliver the event again/g) ?? []).length >= 3, 'the bot logs the three refusals');

    // The last attempt: acked, and the member is asked to send it again.
    const last = dm('U0SOA', 'help', 'Ev0SLOST', 3);
    await ackOf(last);
    await slack.waitFor(() => dmsTo('U0SOA', SEND_AGAIN).length > 0, 15_000, 'the "send it again" DM');
    expect(dmsTo('U0SOA', SEND_AGAIN)).toHaveLength(1);
    expect(dmsTo('U0SOA', UNAVAILABLE)).toHaveLength(0);
    for (const envelopeId of refused) expect(acked(envelopeId)).toEqual([]);

    await relay.restore();
    await until(async () => (await status(`${bot.url}/healthz`)) === 200, '/healthz answers 200 again');
    const redelivered = dm('U0SOA', 'help', 'Ev0SOUTAGE', 1);
    await ackOf(redelivered);
    await slack.waitFor(() => dmsTo('U0SOA', 'What I can do').length === 2, 15_000, 'the answer to the redelivered event');
    // A further attempt of the same event is acked and not answered again; a new message is.
    await ackOf(dm('U0SOA', 'help', 'Ev0SOUTAGE', 2));
    await ackOf(dm('U0SOA', 'me', 'Ev0SAFTER'));
    await slack.waitFor((c) => c.method === 'chat.postMessage' && allText(c).includes('Your profile'), 15_000, 'the answer to a message after the outage');
    expect(dmsTo('U0SOA', 'What I can do')).toHaveLength(2);
    for (const envelopeId of refused) expect(acked(envelopeId)).toEqual([]);
  });

  it('acks a button during the outage as before, then says "temporarily unavailable" in the DM', async () => {
    await relay.cut();
    try {
      await until(async () => (await status(`${bot.url}/healthz`)) === 503, '/healthz answers 503');
      const action = fixture('block_actions');
      const payload = {
        ...action,
        user: { ...action.user, id: 'U0SOB' },
        container: { ...action.container, channel_id: 'D0SOB', message_ts: '1700000000.000100' },
        channel: { id: 'D0SOB', name: 'directmessage' },
        message: { ...action.message, ts: '1700000000.000100', text: '', blocks: [] },
        response_url: `${slack.url}/response/socket-outage`,
        trigger_id: 'trigger-socket-outage',
        actions: [{ action_id: 'choice:0', block_id: 'choices', type: 'button', value: 'help', text: { type: 'plain_text', text: 'Help' }, action_ts: '1700000001.000001' }],
      };
      socket.send(JSON.stringify({ envelope_id: 'env-button', type: 'interactive', accepts_response_payload: false, payload }));
      await slack.socketMessage((m) => m.envelope_id === 'env-button');
      await slack.waitFor(() => dmsTo('U0SOB', UNAVAILABLE).length > 0, 15_000, 'the "temporarily unavailable" DM');
    } finally {
      await relay.restore();
    }
  });
});
