// `/p2c pledge form`: the pledge as one Slack modal, checked with the pledge flow's own
// parsers and schemas and stored as the same record; the whole app in process with the
// fake Slack Web API.
import { describeEachDatabase } from '../support/databases';
import { allText, FakeSlack, type SlackCall } from '../support/fake-slack';
import type { TestApp } from '../support/in-process-app';
import type { SlackSender } from '../support/slack-requests';
import { startSlackTestApp } from '../support/slack-test-app';

const USER = 'U0PLEDGE';

type Values = Record<string, Record<string, unknown>>;
const text = (value: string) => ({ value: { type: 'plain_text_input', value } });
const select = (value: string) => ({ value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } } });
const multi = (...values: string[]) => ({ value: { type: 'multi_static_select', selected_options: values.map((value) => ({ text: { type: 'plain_text', text: value }, value })) } });

describeEachDatabase('Slack pledge as a modal', (getUrl) => {
  let slack: FakeSlack;
  let t: TestApp;
  let send: SlackSender;
  let memberId: string;

  beforeAll(async () => {
    ({ t, slack, send } = await startSlackTestApp(getUrl()));
    const { repositories } = t.app.database;
    const now = t.clock.now();
    const { member } = await repositories.members.upsertByIdentity({ platform: 'slack', externalId: `T0TEST:${USER}`, address: `slack:T0TEST:${USER}` }, now, { locale: 'en' });
    memberId = member.id;
    await repositories.members.updateProfile(member.id, { name: 'Pia Pledger', organization: 'Island Links', category: 'private_sector', country: 'FJI', timeZone: 'Pacific/Fiji', profileCompletedAt: now });
  });
  afterAll(async () => {
    await t?.stop();
    await slack?.stop();
  });

  const after = (mark: number, match: (c: SlackCall) => boolean, what: string) => slack.waitFor((c) => slack.calls.indexOf(c) >= mark && match(c), 15_000, what);

  it('names each field at fault, and a valid submission stores the pledge and answers with its number', async () => {
    let mark = slack.calls.length;
    expect((await send.slash(USER, 'pledge form')).status).toBe(200);
    const form = await after(mark, (c) => c.method === 'views.update' && c.args.view?.callback_id === 'flow_form', 'the pledge form');
    const view = form.args.view;
    const inputs = view.blocks.filter((b: { type: string }) => b.type === 'input') as { block_id: string; optional: boolean; element: { type: string } }[];
    expect(inputs.map((b) => [b.block_id, b.element.type, b.optional])).toEqual([
      ['focusArea', 'static_select', false],
      ['title', 'plain_text_input', false],
      ['description', 'plain_text_input', false],
      ['type', 'static_select', false],
      ['valueUsd', 'plain_text_input', true],
      ['countries', 'plain_text_input', false],
      ['beneficiaries', 'multi_static_select', false],
      ['sdgs', 'multi_static_select', false],
      ['startYear', 'plain_text_input', false],
      ['endYear', 'plain_text_input', false],
    ]);

    const submit = (values: Values) => send.viewSubmission(USER, { id: form.args.view_id, private_metadata: view.private_metadata, values });
    const values: Values = {
      focusArea: select('access'),
      title: text('Wifi'),
      description: text('Connect 40 outer-island schools to satellite broadband.'),
      type: select('financial'),
      valueUsd: text(''),
      countries: text('Fiji, Tonga, Vanuatu, Kiribatti'),
      beneficiaries: multi('schools_and_students'),
      sdgs: multi('4', '9'),
      startYear: text('2027'),
      endYear: text('2031'),
    };
    let res = await submit(values);
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: {
        title: 'That is too short: at least 5 characters, please.',
        valueUsd: 'A Financial pledge needs its estimated value in US dollars, for example 2.5m.', // the rule of every path, from core
        countries: 'I don\'t know the country "Kiribatti". Did you mean Kiribati?',
        endYear: "The coalition's horizon is 2030: give 2030 or earlier.",
      },
    });
    expect(await t.app.database.repositories.pledges.ofMember(memberId)).toEqual([]);

    mark = slack.calls.length;
    res = await submit({ ...values, title: text('Islands online'), valueUsd: text('USD 3.5 million'), countries: text('Fiji, Tonga, Vanuatu, Kiribati'), endYear: text('2030') });
    expect(res.status).toBe(200);
    const thanks = await after(mark, (c) => c.method === 'chat.postMessage' && c.args.channel === `D${USER.slice(1)}`, 'the confirmation in the DM');
    const [pledge] = await t.app.database.repositories.pledges.ofMember(memberId);
    expect(allText(thanks)).toContain(`Your pledge is number ${pledge.id}: "Islands online"`);
    expect(pledge).toMatchObject({
      entity: 'Island Links', sector: 'private_sector', focusArea: 'access', type: 'financial', valueUsd: 3_500_000,
      countries: ['FJI', 'TON', 'VUT', 'KIR'], beneficiaries: ['schools_and_students'], sdgs: [4, 9], startYear: 2027, endYear: 2030, status: 'announced',
    });
    expect((await t.app.database.repositories.pledges.history(pledge.id)).map((e) => e.kind)).toEqual(['created']);
  });
});
