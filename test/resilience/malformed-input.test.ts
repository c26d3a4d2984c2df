// 2,000 generated requests (seeded, so every run sends the same ones) against a real bot
// process with Slack (HTTP mode), Teams (with an app id) and the local chat on. The rules:
// never a 5xx, never a hang, the process stays up and healthy; unauthenticated requests
// (forged or missing Slack signatures, Teams activities without a token, signed links with
// bad signatures) are refused with 4xx and write nothing; malformed local-chat requests get
// 400/413/415 naming the problem; well-formed chat messages, however odd their text, get 200
// with at least one non-empty reply.
import { startBot, type BotProcess } from '../support/bot-process';
import { describeEachDatabase } from '../support/databases';
import { FakeConnector } from '../support/fake-connector';
import { FakeSlack } from '../support/fake-slack';
import { fixture, sign } from '../support/slack-requests';
import { activities, teamsUser } from '../support/teams-activities';
import { tableCounts } from '../support/table-counts';
import { MAX_BODY_BYTES } from '../../src/http/server';
import { oddText, prng } from './inputs';

jest.setTimeout(180_000);

const SECRET = 'fuzz-signing-secret';
const OVERSIZE = 'x'.repeat(MAX_BODY_BYTES + 1);
const UUID = '0b9f7a52-5d1c-4c1e-9a1e-2f0e9f3b6c11';

interface Case {
  what: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** The statuses allowed for this case. */
  expect: (status: number) => boolean;
  /** Checked on the JSON body when the status is 200. */
  replies?: boolean;
}

/** encodeURIComponent, with lone surrogates (which it refuses) made U+FFFD. */
const uri = (text: string) => encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
const is = (...statuses: number[]) => (status: number) => statuses.includes(status);
const client4xx = (status: number) => status >= 400 && status < 500;

type R = ReturnType<typeof prng>;

function slackBody(r: R): string {
  const event = fixture('event_message_im');
  const variants: (() => string)[] = [
    () => JSON.stringify({ ...event, event_id: `Ev${r.int(1e9)}`, event: { ...event.event, text: oddText(r) } }),
    () => '{"type": "event_callback", "event": ',
    () => JSON.stringify({ type: 'url_verification', challenge: oddText(r) }),
    () => `payload=${uri(oddText(r))}`,
    () => oddText(r),
  ];
  return r.pick(variants)();
}

/** Requests nobody authenticated: each must be refused and change nothing. */
function unauthenticatedCase(r: R, connectorUrl: string): Case {
  const now = Math.floor(Date.now() / 1000);
  switch (r.int(7)) {
    case 0: {
      const body = slackBody(r);
      const forgeries: [string, Record<string, string>][] = [
        ['a missing signature', { 'x-slack-request-timestamp': String(now) }],
        ['a random signature', { 'x-slack-request-timestamp': String(now), 'x-slack-signature': `v0=${r.int(1e9).toString(16).padStart(64, '0')}` }],
        ['a signature made with another secret', { 'x-slack-request-timestamp': String(now), 'x-slack-signature': sign('not-the-secret', now, body) }],
        ['a stale timestamp', { 'x-slack-request-timestamp': String(now - 600), 'x-slack-signature': sign(SECRET, now - 600, body) }],
        ['a timestamp from the future', { 'x-slack-request-timestamp': String(now + 3600), 'x-slack-signature': sign(SECRET, now + 3600, body) }],
        ['no timestamp', { 'x-slack-signature': sign(SECRET, now, body) }],
      ];
      const [what, headers] = r.pick(forgeries);
      return { what: `Slack event with ${what}`, method: 'POST', path: '/slack/events', headers: { 'content-type': r.pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain']), ...headers }, body, expect: is(401) };
    }
    case 1: {
      const user = teamsUser(oddText(r).slice(0, 80) || 'Nobody');
      const activity = r.pick([
        () => activities.personalMessage(user, connectorUrl, oddText(r)),
        () => activities.install(user, connectorUrl),
        () => activities.cardSubmit(user, connectorUrl, { form: 'profile', name: oddText(r) }),
      ])();
      const auth = r.pick<Record<string, string>>([{}, { authorization: 'Bearer not-a-token' }, { authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"iss":"https://attacker.example"}').toString('base64url')}.` }]);
      return { what: 'Teams activity without a valid token', method: 'POST', path: '/api/messages', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(activity), expect: is(401) };
    }
    case 2: {
      const malformed: [string, string, string, number][] = [
        ['invalid JSON', 'application/json', '{"type": "message", ', 400],
        ['a JSON array', 'application/json', '[1, 2, 3]', 400],
        ['a JSON string', 'application/json', JSON.stringify(oddText(r)), 400],
        ['a wrong content type', 'text/plain', JSON.stringify({ type: 'message' }), 415],
        ['a form body', 'application/x-www-form-urlencoded', 'type=message&text=hi', 415],
        ['an object that is not an activity', 'application/json', '{}', 400],
      ];
      const [what, type, body, status] = r.pick(malformed);
      return { what: `Teams request with ${what}`, method: 'POST', path: '/api/messages', headers: { 'content-type': type }, body, expect: is(status) };
    }
    case 3: {
      const id = r.chance(0.7) ? UUID : uri(oddText(r).slice(0, 40));
      const query = r.pick(['', '?sig=', `?sig=${r.int(1e9)}`, `?expires=${now + 3600}&sig=AAAA`, `?expires=abc&sig=${'A'.repeat(43)}`, '?sig=%00%ff']);
      return { what: 'calendar link with a bad signature', method: 'GET', path: `/calendar/${id}.ics${query}`, expect: id === UUID ? is(403) : is(403, 404) };
    }
    case 4: {
      const kind = r.pick(['members', 'pledges', 'applications', 'meetings', 'rsvps', 'members-1-2', 'secrets', '..%2F..%2Fetc%2Fpasswd']);
      const query = r.pick(['', `?sig=${r.int(1e9)}`, `?expires=${now - 10}&sig=${'A'.repeat(43)}`, `?expires=${now + 3600}&sig=${'B'.repeat(43)}`]);
      const known = /^(members|pledges|applications|meetings|rsvps)(-1-2)?$/.test(kind);
      return { what: 'export link with a bad signature', method: 'GET', path: `/exports/${kind}.csv${query}`, expect: known ? is(403) : is(404) };
    }
    case 5: {
      // The dashboard without a session: a made-up cookie or sign-in token opens nothing.
      const cookie = r.pick(['', `dashboard_session=${'D'.repeat(43)}`, `dashboard_session=${uri(oddText(r).slice(0, 40))}`, 'dashboard_session=;;==']);
      const headers = cookie ? { cookie } : undefined;
      return r.pick<Case>([
        { what: 'dashboard figures without a session', method: 'GET', path: `/dashboard/data?from=${uri(oddText(r).slice(0, 20))}&area=access`, headers, expect: is(401) },
        { what: 'dashboard CSV without a session', method: 'GET', path: `/dashboard/data/${r.pick(['pledges-by-area', 'composition', uri(oddText(r).slice(0, 30))])}.csv`, headers, expect: is(401, 404) },
        { what: 'dashboard page without a session', method: 'GET', path: '/dashboard', headers, expect: is(401) },
        { what: 'dashboard sign-in with a made-up token', method: 'POST', path: '/dashboard/signin', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${r.pick(['A'.repeat(43), uri(oddText(r).slice(0, 60)), ''])}`, expect: is(403) },
        { what: 'dashboard sign-in page with an odd token', method: 'GET', path: `/dashboard/signin?token=${uri(oddText(r).slice(0, 60))}`, expect: is(200, 403) },
      ]);
    }
    default: {
      const query = r.pick(['', `?sig=${r.int(1e9)}`, `?expires=${now + 60}&sig=${'C'.repeat(43)}`]);
      return { what: 'my-data link with a bad signature', method: 'GET', path: `/my-data/${UUID}.json${query}`, expect: is(403) };
    }
  }
}

/** Requests from the local chat (trusted loopback) and signed Slack requests: these may write. */
function authenticatedCase(r: R, slackUrl: string): Case {
  const user = r.pick(['ann', 'bob', 'demo-member', 'carla.b', 'd@x']);
  const local = (what: string, body: string, expect: Case['expect'], type = 'application/json', replies = false): Case => ({ what: `local chat: ${what}`, method: 'POST', path: '/local/messages', headers: { 'content-type': type }, body, expect, replies });
  switch (r.int(12)) {
    case 0:
      return local('invalid JSON', `{"user": "${user}", "text": `, is(400));
    case 1:
      return local('a wrong content type', JSON.stringify({ user, text: 'help' }), is(415), r.pick(['text/plain', 'application/x-www-form-urlencoded', '']));
    case 2:
      return local('no user', JSON.stringify({ text: oddText(r) }), is(400));
    case 3:
      return local('a wrongly typed field', JSON.stringify(r.pick([{ user: 42, text: 'hi' }, { user, text: 42 }, { user, text: ['a'] }, { user, action: { a: 1 } }, { user: [user], text: 'x' }, { user, text: null }])), is(400));
    case 4:
      return local('a user name with odd characters', JSON.stringify({ user: oddText(r).slice(0, 30) + '🎉', text: 'help' }), is(400));
    case 5:
      return local('a text over 10,000 characters', JSON.stringify({ user, text: 'y'.repeat(10_001 + r.int(5000)) }), is(400));
    case 6:
      return local(r.chance(0.5) ? 'both text and action' : 'an unknown field', JSON.stringify(r.chance(0.5) ? { user, text: 'a', action: 'b' } : { user, text: 'a', admin: true }), is(400));
    case 7:
      return r.chance(0.25) ? local('a body over the size limit', JSON.stringify({ user, text: OVERSIZE }), is(413)) : local('a JSON array', '[]', is(400));
    case 8:
    case 9:
      return local('a well-formed message with an odd text', JSON.stringify({ user, text: oddText(r) }), is(200), 'application/json', true);
    case 10: {
      // Signed, so authentic: malformed bodies are refused, odd texts acked.
      const now = Math.floor(Date.now() / 1000);
      const [what, type, body, expect] = r.pick<[string, string, string, Case['expect']]>([
        ['invalid JSON', 'application/json', '{"type": "event_callback", "event": ', is(400)],
        ['a DM with an odd text', 'application/json', JSON.stringify({ ...fixture('event_message_im'), event_id: `Ev${r.int(1e9)}`, event: { ...fixture('event_message_im').event, user: 'U0FUZZ', channel: 'D0FUZZ', text: oddText(r) } }), is(200)],
        ['an event with wrongly typed fields', 'application/json', JSON.stringify({ type: 'event_callback', team_id: 42, event_id: `Ev${r.int(1e9)}`, event: { type: 'message', channel_type: 'im', user: { id: 1 }, text: ['x'] } }), (s) => s === 200 || client4xx(s)],
        ['an event without an event', 'application/json', JSON.stringify({ type: 'event_callback', event_id: `Ev${r.int(1e9)}` }), (s) => s === 200 || client4xx(s)],
        ['a form body with an invalid payload', 'application/x-www-form-urlencoded', `payload=${uri('{"type": "block_actions", ')}`, is(400)],
        ['a slash command with an odd text', 'application/x-www-form-urlencoded', new URLSearchParams({ ...fixture<Record<string, string>>('slash_command'), user_id: 'U0FUZZ', text: oddText(r).slice(0, 3000), response_url: `${slackUrl}/response/fuzz` }).toString(), is(200)],
      ]);
      return { what: `signed Slack request: ${what}`, method: 'POST', path: '/slack/events', headers: { 'content-type': type, 'x-slack-request-timestamp': String(now), 'x-slack-signature': sign(SECRET, now, body) }, body, expect };
    }
    default:
      return { what: 'an unknown route', method: r.pick(['GET', 'POST'] as const), path: `/${uri(oddText(r).slice(0, 50))}x`, expect: is(404, 405) };
  }
}

async function send(bot: BotProcess, c: Case): Promise<{ status: number; text: string }> {
  const res = await fetch(`${bot.url}${c.path}`, { method: c.method, headers: c.headers, body: c.body, signal: AbortSignal.timeout(30_000) });
  return { status: res.status, text: await res.text() };
}

/** Runs the cases `width` at a time; returns what went against the rules. */
async function run(bot: BotProcess, cases: Case[], width = 6): Promise<string[]> {
  const problems: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      let answer: { status: number; text: string };
      try {
        answer = await send(bot, c);
      } catch (error) {
        problems.push(`${c.what}: no answer (${(error as Error).message})`);
        continue;
      }
      if (answer.status >= 500 || !c.expect(answer.status)) problems.push(`${c.what}: ${c.method} ${c.path.slice(0, 60)} answered ${answer.status} ${answer.text.slice(0, 200)}`);
      else if (c.replies && answer.status === 200) {
        const replies = (JSON.parse(answer.text) as { replies?: { text?: unknown }[] }).replies ?? [];
        if (replies.length === 0 || replies.some((m) => typeof m.text !== 'string' || m.text.trim() === '')) problems.push(`${c.what}: no clear reply to ${c.body?.slice(0, 80)}: ${answer.text.slice(0, 200)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return problems;
}

describeEachDatabase('2,000 malformed and odd requests against a running bot', (getUrl) => {
  let bot: BotProcess;
  let slack: FakeSlack;
  let connector: FakeConnector;
  let databaseUrl: string;

  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    connector = await new FakeConnector().start();
    databaseUrl = getUrl();
    bot = await startBot({
      DATABASE_URL: databaseUrl,
      LOCAL_CHAT: 'on',
      SLACK_BOT_TOKEN: 'xoxb-fuzz',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      MICROSOFT_APP_ID: '22222222-2222-2222-2222-222222222222',
      MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
      // Nothing scheduled runs during the test: the row counts change only through requests.
      REMINDER_TICK_CRON: '0 0 1 1 *',
      DIGEST_CRON: '0 0 1 1 *',
    });
  });
  afterAll(async () => {
    await bot?.stop();
    await slack?.stop();
    await connector?.stop();
  });

  it('refuses 1,000 unauthenticated requests with 4xx and writes nothing', async () => {
    const r = prng(20261129);
    const cases = Array.from({ length: 1000 }, () => unauthenticatedCase(r, connector.url));
    const before = await tableCounts(databaseUrl);
    const problems = await run(bot, cases);
    expect(problems).toEqual([]);
    expect(await tableCounts(databaseUrl)).toEqual(before);
    expect(connector.calls).toEqual([]);
    expect(slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('answers 1,000 malformed or odd chat requests with 4xx, or 200 and a clear reply, and stays healthy', async () => {
    const r = prng(42);
    const cases = Array.from({ length: 1000 }, () => authenticatedCase(r, slack.url));
    const problems = await run(bot, cases);
    expect(problems).toEqual([]);
    expect(bot.child.exitCode).toBeNull();
    expect((await fetch(`${bot.url}/healthz`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
    expect(bot.output()).not.toMatch(/request failed|"level":50/);
  });
});
