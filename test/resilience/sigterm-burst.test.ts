// SIGTERM while a burst is in flight: 200 signed Slack DMs and 50 local-chat messages are
// sent at once, and the bot is told to stop as soon as the first is answered. Every request
// the bot accepted gets a complete answer (Slack: 200 and its reply at the Web API; local:
// 200 with replies); the others are refused cleanly (no connection, or 503); the process
// exits 0.
import { request } from 'node:http';
import { localChatHeaders, startBot, tempSqliteUrl } from '../support/bot-process';
import { allText, FakeSlack } from '../support/fake-slack';
import { fixture, sign } from '../support/slack-requests';

jest.setTimeout(120_000);

const SECRET = 'sigterm-secret';

interface Outcome {
  status?: number;
  body?: string;
  error?: string;
}

/** One POST on a connection of its own (no keep-alive), bounded in time. */
function post(url: string, headers: Record<string, string>, body: string, onAnswer: () => void): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        onAnswer();
        resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ status: res.statusCode, error: `response broken: ${error.code ?? error.message}` }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(body);
  });
}

it('answers every accepted request completely, refuses the rest cleanly, and exits 0', async () => {
  const slack = new FakeSlack();
  await slack.start();
  const bot = await startBot({ DATABASE_URL: tempSqliteUrl(), LOG_LEVEL: 'info', LOCAL_CHAT: 'on', SLACK_BOT_TOKEN: 'xoxb-sigterm', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
  try {
    let stopSent = false;
    const stopOnFirstAnswer = () => {
      if (stopSent) return;
      stopSent = true;
      bot.child.kill('SIGTERM');
    };
    const now = Math.floor(Date.now() / 1000);
    const event = fixture('event_message_im');
    const slackUsers = Array.from({ length: 200 }, (_, i) => `U0S${String(i).padStart(4, '0')}`);
    const slackRequests = slackUsers.map((user, i) => {
      const body = JSON.stringify({ ...event, event_id: `Ev0TERM${i}`, event: { ...event.event, user, channel: `D${user.slice(1)}`, text: 'help', ts: `${now}.${String(i).padStart(6, '0')}` } });
      return post(`${bot.url}/slack/events`, { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now), 'x-slack-signature': sign(SECRET, now, body) }, body, stopOnFirstAnswer);
    });
    const localRequests = Array.from({ length: 50 }, (_, i) => post(`${bot.url}/local/messages`, localChatHeaders(), JSON.stringify({ user: `local${i}`, text: 'help' }), stopOnFirstAnswer));

    // Once the process says it is stopping, more requests keep coming until it exits.
    const late: Promise<Outcome>[] = [];
    let exited = false;
    void bot.exited.then(() => (exited = true));
    const lateSender = (async () => {
      const deadline = Date.now() + 60_000;
      while (!bot.output().includes('stopping: finishing requests in flight') && !exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      for (let i = 0; !exited && Date.now() < deadline; i++) {
        late.push(post(`${bot.url}/local/messages`, localChatHeaders(), JSON.stringify({ user: `late${i}`, text: 'help' }), () => undefined));
        await new Promise((r) => setTimeout(r, 10));
      }
    })();

    const slackOutcomes = await Promise.all(slackRequests);
    const localOutcomes = await Promise.all(localRequests);
    const code = await Promise.race([bot.exited, new Promise<string>((r) => setTimeout(() => r('still running after 60 s'), 60_000).unref())]);
    expect(code).toBe(0);
    expect(stopSent).toBe(true);
    await lateSender;
    const lateOutcomes = await Promise.all(late);
    expect(lateOutcomes.length).toBeGreaterThan(0);

    // Refused: 503, or no connection. A connection still in the kernel's accept queue when the
    // listener closes is reset by the kernel (ECONNRESET, no byte of answer): never accepted.
    const refusedCleanly = (o: Outcome) => o.status === 503 || (o.status === undefined && ['ECONNREFUSED', 'ECONNRESET'].includes(o.error ?? ''));
    const accepted = slackOutcomes.filter((o) => o.status === 200);
    expect(slackOutcomes.filter((o) => o.status !== 200 && !refusedCleanly(o))).toEqual([]);
    expect(localOutcomes.filter((o) => o.status !== 200 && !refusedCleanly(o))).toEqual([]);
    // After the stop began: answered in full (before the server stopped listening) or refused.
    expect(lateOutcomes.filter((o) => o.status !== 200 && !refusedCleanly(o))).toEqual([]);
    expect(lateOutcomes.filter((o) => o.status !== 200).length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);
    process.stdout.write(`SIGTERM burst: Slack ${accepted.length}/200 accepted, local ${localOutcomes.filter((o) => o.status === 200).length}/50 accepted; after the stop began ${JSON.stringify(lateOutcomes.map((o) => o.status ?? o.error))}; refused: ${JSON.stringify([...slackOutcomes, ...localOutcomes].filter((o) => o.status !== 200).map((o) => o.status ?? o.error))}\n`);

    // Every accepted Slack event got its reply at the Web API before the process exited.
    const answered = new Set(slack.calls.filter((c) => c.method === 'chat.postMessage' && allText(c).includes('What I can do')).map((c) => String(c.args.channel)));
    const missing = slackUsers.filter((user, i) => slackOutcomes[i].status === 200 && !answered.has(`D${user.slice(1)}`));
    expect(missing).toEqual([]);
    // Every accepted local message got its replies in the answer.
    for (const o of localOutcomes.filter((x) => x.status === 200)) {
      const replies = (JSON.parse(o.body!) as { replies: { title?: string; text: string }[] }).replies;
      expect(replies.map((r) => `${r.title ?? ''}\n${r.text}`).join('\n')).toContain('What I can do');
    }
  } finally {
    await bot.stop('SIGKILL');
    await slack.stop();
  }
});
