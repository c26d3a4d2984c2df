// `/p2c join form`: the join application as a Slack modal, checked with the join flow's own
// parsers and schemas; the whole app in process with the fake Slack Web API, the
// secretariat's channel on Slack.
import { describeEachDatabase } from '../support/databases';
import { allText, FakeSlack, type SlackCall } from '../support/fake-slack';
import type { TestApp } from '../support/in-process-app';
import type { SlackSender } from '../support/slack-requests';
import { startSlackTestApp } from '../support/slack-test-app';

const USER = 'U0JOY';
const EVIDENCE = 'We have connected 120 rural schools in Kenya since 2021 and trained 400 teachers in digital skills.';

type Values = Record<string, Record<string, unknown>>;
const text = (value: string) => ({ value: { type: 'plain_text_input', value } });
const select = (value: string) => ({ value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } } });

describeEachDatabase('Slack join as a modal', (getUrl) => {
  let slack: FakeSlack;
  let t: TestApp;
  let send: SlackSender;
  let memberId: string;

  beforeAll(async () => {
    ({ t, slack, send } = await startSlackTestApp(getUrl(), { DIGEST_SLACK_CHANNEL: 'C0SEC' }));
    const { repositories } = t.app.database;
    const now = t.clock.now();
    const { member } = await repositories.members.upsertByIdentity({ platform: 'slack', externalId: `T0TEST:${USER}`, address: `slack:T0TEST:${USER}` }, now, { locale: 'en' });
    memberId = member.id;
    await repositories.members.updateProfile(member.id, { name: 'Joy Joiner', organization: 'Rural Links', category: 'civil_society', country: 'KEN', timeZone: 'Africa/Nairobi', profileCompletedAt: now });
    await repositories.memberships.add(member.id, 'access', now);
  });
  afterAll(async () => {
    await t?.stop();
    await slack?.stop();
  });

  const after = (mark: number, match: (c: SlackCall) => boolean, what: string) => slack.waitFor((c) => slack.calls.indexOf(c) >= mark && match(c), 15_000, what);

  it('opens with the groups still open, names the field at fault, and a valid one applies and tells the secretariat', async () => {
    let mark = slack.calls.length;
    expect((await send.slash(USER, 'join form')).status).toBe(200);
    const opened = await after(mark, (c) => c.method === 'views.open', 'views.open');
    // The trigger expires in 3 s: the modal is opened before anything else.
    expect(slack.since(mark)[0]).toBe(opened);
    const form = await after(mark, (c) => c.method === 'views.update' && c.args.view?.callback_id === 'flow_form', 'the join form');
    const view = form.args.view;
    const inputs = view.blocks.filter((b: { type: string }) => b.type === 'input') as { block_id: string; optional: boolean; element: Record<string, any>; hint?: { text: string } }[];
    expect(inputs.map((b) => [b.block_id, b.element.type, b.optional])).toEqual([
      ['groups', 'multi_static_select', false],
      ['commitment_evidence', 'plain_text_input', false],
      ['pledge_readiness', 'static_select', false],
      ['pledge_intent', 'plain_text_input', true],
      ['roundtable', 'static_select', false],
      ['roundtable_attendee', 'plain_text_input', true],
      ['action_framework', 'static_select', false],
    ]);
    // The member already belongs to Access: it is not offered.
    expect(inputs[0].element.options.map((o: { value: string }) => o.value)).toEqual(['adoption', 'value_creation', 'accelerate']);
    expect(inputs[1].element.multiline).toBe(true);
    expect(inputs[3].hint?.text).toContain('Needed when you answer Yes to "Ready to make a major commitment or pledge"');

    const submit = (values: Values) => send.viewSubmission(USER, { id: form.args.view_id, private_metadata: view.private_metadata, values });
    const groups = { value: { type: 'multi_static_select', selected_options: [{ text: { type: 'plain_text', text: 'Adoption Working Group' }, value: 'adoption' }, { text: { type: 'plain_text', text: 'Accelerate Working Group' }, value: 'accelerate' }] } };
    const values: Values = {
      groups,
      commitment_evidence: text('We care a lot.'),
      pledge_readiness: select('yes'),
      pledge_intent: text(''),
      roundtable: select('no'),
      roundtable_attendee: text(''),
      action_framework: select('yes'),
    };
    let res = await submit(values);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: {
        commitment_evidence: 'That is too short: at least 50 characters, please.',
        // Yes to the pledge makes its follow-up required.
        pledge_intent: 'An answer is needed here.',
      },
    });
    expect(await t.app.database.repositories.applications.ofMember(memberId)).toEqual([]);

    // A group the member already belongs to, sent anyway, is refused with the reason on that field.
    res = await submit({ ...values, groups: { value: { type: 'multi_static_select', selected_options: [{ text: { type: 'plain_text', text: 'Access' }, value: 'access' }] } }, commitment_evidence: text(EVIDENCE), pledge_intent: text('Connect 50 more schools') });
    expect(await res.json()).toEqual({ response_action: 'errors', errors: { groups: 'You are already a member of Access Working Group.' } });

    mark = slack.calls.length;
    res = await submit({ ...values, commitment_evidence: text(EVIDENCE), pledge_intent: text('Connect 50 more schools') });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const thanks = await after(mark, (c) => c.method === 'chat.postMessage' && c.args.channel === `D${USER.slice(1)}`, 'the confirmation in the DM');
    expect(allText(thanks)).toContain('your application to Adoption Working Group, Accelerate Working Group is sent to the secretariat');
    const applications = await t.app.database.repositories.applications.ofMember(memberId);
    expect(applications.map((a) => [a.groupKey, a.status]).sort()).toEqual([['accelerate', 'pending'], ['adoption', 'pending']]);
    expect(applications[0].answers).toMatchObject({ commitment_evidence: EVIDENCE, pledge_readiness: true, pledge_intent: 'Connect 50 more schools', roundtable: false, roundtable_attendee: null, action_framework: true });
    const toSecretariat = await after(mark, (c) => c.method === 'chat.postMessage' && c.args.channel === 'C0SEC', 'the application in the secretariat channel');
    expect(allText(toSecretariat)).toContain('Joy Joiner');
    expect(JSON.stringify(toSecretariat.args.blocks)).toMatch(/"value":"approve [0-9a-z-]+"/i);
  });

  it('a member whose profile is incomplete is told so in the modal instead of the form', async () => {
    const mark = slack.calls.length;
    expect((await send.slash('U0NEW', 'join form')).status).toBe(200);
    const shown = await after(mark, (c) => c.method === 'views.update', 'the refusal in the modal');
    expect(allText(shown)).toContain('Before you apply, your profile must be complete');
    expect(shown.args.view.blocks.some((b: { type: string }) => b.type === 'input')).toBe(false);
  });
});
