// A pledge through Teams: typed answers in a personal chat (buttons as Adaptive Card
// actions), and the same pledge as one card form (Action.Execute); both store the same
// record. The real server as a process with Teams tokens validated (a loopback Bot Framework
// issuer signs each activity), its sends going to the fake connector.
import { tempSqliteUrl } from '../support/bot-process';
import type { FakeConnector } from '../support/fake-connector';
import { activities, cardActions, cardText, teamsUser, type TeamsUser } from '../support/teams-activities';
import { startTeamsBot, type TeamsBot } from '../support/teams-bot';

let t: TeamsBot;
let connector: FakeConnector;

beforeAll(async () => {
  t = await startTeamsBot({ DATABASE_URL: tempSqliteUrl() });
  connector = t.connector;
});
afterAll(async () => {
  await t?.stop();
});

async function exchange(activity: Record<string, any>) {
  const { response, cards, text } = await t.exchange(activity);
  expect(response.status).toBe(200);
  return { response, cards, text };
}
const say = (user: TeamsUser, text: string) => exchange(activities.personalMessage(user, connector.url, text));

async function profile(user: TeamsUser) {
  for (const answer of ['profile', user.name, 'Pacific Links', 'Private Sector', 'Tonga', 'Pacific/Tongatapu', 'skip']) await say(user, answer);
  expect((await say(user, 'confirm')).text).toContain('your profile is saved');
}

describe('Teams pledges', () => {
  it('logs a pledge by answering in the personal chat, with wrong answers caught', async () => {
    const user = teamsUser('Tevita Pledger');
    await profile(user);
    const first = await say(user, 'pledge');
    expect(first.text).toContain('Which focus area is the pledge in?');
    expect(cardActions(first.cards[first.cards.length - 1]).map((a) => a.title)).toEqual(['Access', 'Adoption', 'Value Creation', 'Accelerate']);
    await say(user, 'Adoption');
    expect((await say(user, 'Hi')).text).toContain('That is too short: at least 5 characters, please.');
    await say(user, 'Digital skills for island youth');
    await say(user, 'Train 2,000 young people on six islands in digital skills.');
    await say(user, 'Programmatic');
    expect((await say(user, 'ten bucks')).text).toContain('is not an amount I can read');
    await say(user, '750k');
    expect((await say(user, 'Tonga, Samoa')).text).toContain('Tonga, Samoa: 2 countries, of which 0 LDCs, 0 LLDCs and 2 SIDS.');
    await say(user, 'Youth');
    await say(user, '4, 8');
    await say(user, '2027');
    expect((await say(user, '2026')).text).toContain("The end year can't be before the start year (2027).");
    const summary = await say(user, '2028');
    expect(summary.text).toContain('Please check your answers.');
    const saved = await say(user, 'confirm');
    expect(saved.text).toMatch(/Your pledge is number \d+: "Digital skills for island youth"/);
    expect((await say(user, 'pledges')).text).toMatch(/\d+\. Digital skills for island youth \(announced\)/);
  });

  it('logs the same pledge as one card form, with a wrong field named in place', async () => {
    const user = teamsUser('Mele Former');
    await profile(user);
    const opened = await exchange(activities.actionExecute(user, connector.url, { openForm: 'pledge' }, 'openForm'));
    const form = opened.response.body!.value;
    const ids = form.body.filter((e: any) => String(e.type).startsWith('Input.')).map((e: any) => e.id);
    expect(ids).toEqual(['focusArea', 'title', 'description', 'type', 'valueUsd', 'countries', 'beneficiaries', 'sdgs', 'startYear', 'endYear']);
    const submit = cardActions(form)[0];
    const values = {
      focusArea: 'access', title: 'Cables for Tonga', description: 'Co-finance a second submarine cable landing in Tonga.', type: 'financial',
      valueUsd: '-2m', countries: 'Tonga', beneficiaries: 'rural_communities,small_businesses', sdgs: '9,17', startYear: '2027', endYear: '2030',
    };
    const bad = await exchange(activities.actionExecute(user, connector.url, { ...submit.data, ...values }));
    const badCard = bad.response.body!.value;
    const at = badCard.body.findIndex((e: any) => e.id === 'valueUsd');
    expect(badCard.body[at + 1]).toMatchObject({ color: 'Attention', text: "A value can't be negative: give the amount in US dollars, for example 2.5m." });
    // Without a value, the type's rule (core's one check of a pledge) names what is missing.
    const none = (await exchange(activities.actionExecute(user, connector.url, { ...submit.data, ...values, valueUsd: '' }))).response.body!.value;
    const noneAt = none.body.findIndex((e: any) => e.id === 'valueUsd');
    expect(none.body[noneAt + 1]).toMatchObject({ color: 'Attention', text: 'A Financial pledge needs its estimated value in US dollars, for example 2.5m.' });
    const good = await exchange(activities.actionExecute(user, connector.url, { ...submit.data, ...values, valueUsd: '2m' }));
    expect(cardText(good.response.body!.value)).toMatch(/Your pledge is number \d+: "Cables for Tonga"/);
    const listed = await say(user, 'pledges');
    const number = /(\d+)\. Cables for Tonga/.exec(listed.text)![1];
    const shown = await say(user, `pledge ${number}`);
    expect(shown.text).toContain('$2,000,000');
    expect(shown.text).toContain('Rural communities, Small businesses');
    expect(shown.text).toContain('9 Industry, innovation and infrastructure, 17 Partnerships for the goals');
  });

  it('applies to working groups as one card form, with the rules of an application on each field', async () => {
    const user = teamsUser('Sione Applicant');
    await profile(user);
    const opened = await exchange(activities.actionExecute(user, connector.url, { openForm: 'join' }, 'openForm'));
    const form = opened.response.body!.value;
    const ids = form.body.filter((e: any) => String(e.type).startsWith('Input.')).map((e: any) => e.id);
    expect(ids).toEqual(['groups', 'commitment_evidence', 'pledge_readiness', 'pledge_intent', 'roundtable', 'roundtable_attendee', 'action_framework']);
    const submit = cardActions(form)[0];
    const values = { groups: 'adoption', commitment_evidence: 'We care.', pledge_readiness: 'yes', pledge_intent: '', roundtable: 'no', roundtable_attendee: '', action_framework: 'yes' };
    const bad = (await exchange(activities.actionExecute(user, connector.url, { ...submit.data, ...values }))).response.body!.value;
    const errorUnder = (id: string) => bad.body[bad.body.findIndex((e: any) => e.id === id) + 1];
    expect(errorUnder('commitment_evidence')).toMatchObject({ color: 'Attention', text: 'That is too short: at least 50 characters, please.' });
    expect(errorUnder('pledge_intent')).toMatchObject({ color: 'Attention', text: 'An answer is needed here.' }); // yes to the pledge makes it required
    const evidence = 'Since 2019 we have connected 120 island schools and trained their teachers in digital skills.';
    const good = await exchange(activities.actionExecute(user, connector.url, { ...submit.data, ...values, commitment_evidence: evidence, pledge_intent: 'Solar-powered sites for 30 schools' }));
    expect(cardText(good.response.body!.value)).toContain('your application to Adoption Working Group is saved, and the secretariat will see it');
  });
});
