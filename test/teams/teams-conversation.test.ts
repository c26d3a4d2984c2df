// Interruptions and natural answers through Teams: the real server as a process with tokens
// validated (a loopback Bot Framework issuer), every card checked against Adaptive Cards 1.5.
import { tempSqliteUrl } from '../support/bot-process';
import type { FakeConnector } from '../support/fake-connector';
import { activities, cardActions, teamsUser, type TeamsUser } from '../support/teams-activities';
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
  const result = await t.exchange(activity);
  expect(result.response.status).toBe(200);
  return result;
}
const say = (user: TeamsUser, text: string) => exchange(activities.personalMessage(user, connector.url, text));
const click = (user: TeamsUser, value: Record<string, unknown>) => exchange(activities.cardSubmit(user, connector.url, value));

describe('Teams: a conversation that understands people', () => {
  it('answers a read-only command in a question and asks it again; asks before starting another flow; takes natural answers', async () => {
    const user = teamsUser('Tumaini Teams');
    expect((await say(user, 'profile')).text).toContain('What is your full name?');
    // `pledge totals` in the name question: the totals, then the question; never stored as a name.
    const totals = await say(user, 'pledge totals');
    expect(totals.text).toMatch(/[Pp]ledge/);
    expect(totals.text.trim().split('\n').some((line) => line.includes('What is your full name?'))).toBe(true);
    expect(totals.cards.length).toBeGreaterThanOrEqual(2);

    const ask = await say(user, 'join');
    expect(ask.text).toContain('You are in the middle of your profile. Stop it and start join?');
    const actions = cardActions(ask.cards[ask.cards.length - 1]);
    expect(actions.map((a) => a.title)).toEqual(['Yes', 'No']);
    const no = actions.find((a) => a.title === 'No')!;
    const kept = await click(user, no.data);
    expect(kept.text).toContain("Fine, let's go on.");
    expect(kept.text).toContain('What is your full name?');

    await say(user, 'Tumaini Teams');
    await say(user, 'Ministry of ICT');
    expect((await say(user, 'state')).text).toContain('Which country');
    expect((await say(user, 'Tanzaina')).text).toContain('Did you mean Tanzania?');
    const zones = await say(user, 'yes');
    expect(zones.text).toContain('Which time zone');
    expect(cardActions(zones.cards[zones.cards.length - 1])[0].title).toBe('Africa/Dar_es_Salaam');
    expect((await say(user, 'Dar es Salaam')).text).toContain('Which email');
    const summary = await say(user, 'skip');
    expect(summary.text).toContain('Time zone: Africa/Dar_es_Salaam');
    expect(summary.text).toContain('Stakeholder category: Member State');
    const saved = await say(user, 'confirm');
    expect(saved.text).toContain('Next: apply to a working group with join');
    expect(cardActions(saved.cards[saved.cards.length - 1]).map((a) => a.title)).toEqual(['join', 'groups']);
  });
});
