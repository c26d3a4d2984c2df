// Socket Mode: with SLACK_APP_TOKEN the bot asks apps.connections.open for a WebSocket URL,
// connects, acks each envelope by its id and answers through the Web API, no public URL needed.
import { randomUUID } from 'node:crypto';
import { startBot, tempSqliteUrl, type BotProcess } from '../support/bot-process';
import { allText, FakeSlack } from '../support/fake-slack';
import { fixture } from '../support/slack-requests';

let slack: FakeSlack;
let bot: BotProcess;

beforeAll(async () => {
  slack = new FakeSlack();
  await slack.start();
  await slack.startSocketServer();
  bot = await startBot({ DATABASE_URL: tempSqliteUrl(), LOCAL_CHAT: 'off', SLACK_BOT_TOKEN: 'xoxb-socket', SLACK_APP_TOKEN: 'xapp-socket-token', SLACK_API_URL: slack.apiUrl });
});

afterAll(async () => {
  await bot?.stop();
  await slack?.stop();
});

it('connects with the app-level token, acks envelopes and answers a DM and a slash command', async () => {
  const socket = await slack.connected();
  const open = slack.calls.find((c) => c.method === 'apps.connections.open')!;
  expect(open.token).toBe('xapp-socket-token');

  const event = fixture('event_message_im');
  socket.send(JSON.stringify({ envelope_id: 'env-dm', type: 'events_api', accepts_response_payload: false, payload: { ...event, event_id: 'Ev0SOCKET', event: { ...event.event, user: 'U0SOCK', channel: 'D0SOCK', text: 'help' } } }));
  expect(await slack.socketMessage((m) => m.envelope_id === 'env-dm')).toMatchObject({ envelope_id: 'env-dm' });
  const reply = await slack.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'D0SOCK');
  expect(allText(reply)).toContain('What I can do');
  expect(reply.token).toBe('xoxb-socket');

  const slash = { ...fixture('slash_command'), user_id: 'U0SOCK', text: 'me', response_url: `${slack.url}/response/${randomUUID()}` };
  socket.send(JSON.stringify({ envelope_id: 'env-slash', type: 'slash_commands', accepts_response_payload: true, payload: slash }));
  await slack.socketMessage((m) => m.envelope_id === 'env-slash');
  const answer = await slack.waitFor((c) => c.method === 'response_url' && allText(c).includes('Your profile'));
  expect(answer.args.response_type).toBe('ephemeral');

  // A graceful stop closes the socket and exits cleanly.
  expect(await bot.stop('SIGTERM')).toBe(0);
});
