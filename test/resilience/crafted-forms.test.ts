// Crafted and stale form submissions at every entry point that takes one: the local chat's
// `form`, Teams card submits (Action.Submit and Action.Execute, to submit or to open a form)
// and Slack modal submissions and buttons. Every flow id (and ids of no flow), every demo
// role, seeded random values of every shape. None may answer 5xx or "something went wrong".
import { FakeConnector } from '../support/fake-connector';
import { allText, FakeSlack } from '../support/fake-slack';
import { sqliteTestUrl } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { fixture, SlackSender } from '../support/slack-requests';
import { activities, postActivity, teamsUser } from '../support/teams-activities';
import { oddText, prng } from './inputs';

const INTERNAL = 'Something went wrong on my side';
const NOT_FLOWS = ['nope', '__proto__', 'constructor', 'toString', 'PROFILE', 'profile ', 'x'.repeat(64)];

type R = ReturnType<typeof prng>;

/** Random values for a form: the flow's field ids and others, as text, lists or nothing. */
function craftedValues(r: R, fieldIds: string[]): Record<string, string | string[]> {
  const keys = [...fieldIds, 'meetingId', 'pledgeId', 'field', 'value', '__proto__', 'group', 'id'];
  const values: Record<string, string | string[]> = {};
  for (const key of keys) {
    if (!r.chance(0.6)) continue;
    const pick = r.int(6);
    values[key] = pick === 0 ? '' : pick === 1 ? [oddText(r).slice(0, 200), 'access'] : pick === 2 ? String(r.int(1e6)) : pick === 3 ? '00000000-0000-0000-0000-000000000000' : oddText(r).slice(0, 2000);
  }
  return values;
}

describe('crafted forms: the local chat and Teams', () => {
  let t: TestApp;
  let connector: FakeConnector;
  let flows: string[];
  beforeAll(async () => {
    t = await startTestApp(sqliteTestUrl(), '2026-12-01T09:00:00Z');
    connector = await new FakeConnector().start();
    flows = t.app.bot.flows.ids();
    // A member with a profile, so flows that need one get past their first refusal.
    for (const text of ['profile', 'Ada Crafted', 'Org', 'Academia', 'Kenya', 'Africa/Nairobi', 'ada@example.org', 'confirm']) await t.say('demo-member', { text });
  }, 60_000);
  afterAll(async () => {
    await t.stop();
    await connector.stop();
  });

  it('answers every crafted local form with 200 or 400, never an internal error', async () => {
    const r = prng(1501);
    const failures: string[] = [];
    for (const id of [...flows, ...NOT_FLOWS]) {
      for (const user of ['demo-member', 'demo-chair', 'demo-secretariat', 'fresh-user']) {
        for (let i = 0; i < 4; i++) {
          const body = JSON.stringify({ user, form: { id, values: craftedValues(r, ['name', 'title', 'start', 'groups', 'focusArea', 'countries']) } });
          const res = await fetch(`${t.url}/local/messages`, { method: 'POST', headers: t.headers, body });
          const text = await res.text();
          if (![200, 400].includes(res.status) || text.includes(INTERNAL)) failures.push(`${res.status} ${body.slice(0, 200)} -> ${text.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('answers every crafted Teams card submission without a 5xx or an internal error', async () => {
    const r = prng(1502);
    const failures: string[] = [];
    const user = teamsUser('Carl Crafted');
    for (const id of [...flows, ...NOT_FLOWS]) {
      for (let i = 0; i < 3; i++) {
        const values = craftedValues(r, ['name', 'title', 'start']);
        const flat = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
        const sent = [
          activities.cardSubmit(user, connector.url, { form: id, ...flat }),
          activities.actionExecute(user, connector.url, { form: id, ...flat }),
          activities.actionExecute(user, connector.url, { openForm: id }),
        ];
        for (const activity of sent) {
          const before = connector.activities().length;
          const res = await postActivity(t.url, activity);
          const answered = JSON.stringify(res.body ?? '') + JSON.stringify(connector.activities().slice(before).map((a) => a.body));
          if (res.status >= 500 || answered.includes(INTERNAL)) failures.push(`${res.status} ${JSON.stringify(activity.value).slice(0, 200)} -> ${answered.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('crafted forms: Slack modal submissions and buttons', () => {
  let t: TestApp;
  let slack: FakeSlack;
  let send: SlackSender;
  const SECRET = 'crafted-forms-secret';
  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    t = await startTestApp(sqliteTestUrl(), '2026-12-01T09:00:00Z', { LOCAL_CHAT: 'off', SLACK_BOT_TOKEN: 'xoxb-crafted', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
    send = new SlackSender(t.url, SECRET, slack.url);
  }, 60_000);
  afterAll(async () => {
    await t.stop();
    await slack.stop();
  });

  it('acks every crafted view_submission and block action, and never tells the member something went wrong', async () => {
    const r = prng(1503);
    const failures: string[] = [];
    const user = 'U0CRAFTED';
    const mark = slack.calls.length;
    const payload = fixture('view_submission');
    for (const id of [...t.app.bot.flows.ids(), ...NOT_FLOWS]) {
      for (let i = 0; i < 3; i++) {
        const state: Record<string, Record<string, unknown>> = {};
        for (const [key, value] of Object.entries(craftedValues(r, ['name', 'title', 'start', 'groups']))) {
          state[key] = { value: Array.isArray(value) ? { type: 'multi_static_select', selected_options: value.map((v) => ({ value: v })) } : r.chance(0.5) ? { type: 'plain_text_input', value } : { type: 'static_select', selected_option: { value } } };
        }
        const metadata = r.pick([JSON.stringify({ form: id }), JSON.stringify({ form: 42 }), 'not json', '']);
        const body = { ...payload, user: { ...payload.user, id: user }, view: { ...payload.view, private_metadata: metadata, state: { values: state } } };
        const res = await send.form({ payload: JSON.stringify(body) });
        if (res.status >= 500) failures.push(`${res.status} view_submission ${metadata}`);
      }
      const action = r.pick([
        { type: 'button', action_id: 'open_form', value: id },
        { type: 'button', action_id: `open_form:${id}`, value: id },
        { type: 'button', action_id: 'choice:0', value: oddText(r).slice(0, 100) },
        { type: 'static_select', action_id: 'choice:1', selected_option: { value: id } },
        { type: 'button', action_id: `home:${id}`, value: id },
      ]);
      const res = await send.blockAction(user, { channel: 'D0CRAFTED', ts: '1700000000.000300', blocks: [] }, action);
      if (res.status >= 500) failures.push(`${res.status} block_actions ${JSON.stringify(action)}`);
    }
    // Everything sent before this answer has been handled once it arrives.
    const settle = slack.calls.length;
    await send.dm(user, 'help');
    await slack.waitFor((c) => slack.calls.indexOf(c) >= settle && c.method === 'chat.postMessage' && allText(c).includes('What I can do'), 15_000, 'the answer to help');
    expect(failures).toEqual([]);
    expect(slack.since(mark, (c) => allText(c).includes(INTERNAL)).map((c) => c.method)).toEqual([]);
  }, 120_000);
});
