// The Teams adapter's own words on cards (a form's required-field message and errors heading, a
// notice that a form is unknown) in the member's language, not the coalition's default: the
// real server as a process, activities signed by a loopback issuer, sends to the fake connector.
import { translator } from '../../src/conversation/catalog/catalog';
import { tempSqliteUrl } from '../support/bot-process';
import { activities, cardText, teamsUser } from '../support/teams-activities';
import { startTeamsBot, type TeamsBot } from '../support/teams-bot';

let t: TeamsBot;

beforeAll(async () => {
  t = await startTeamsBot({ DATABASE_URL: tempSqliteUrl() });
});
afterAll(async () => {
  await t?.stop();
});

async function exchange(activity: Record<string, any>) {
  const result = await t.exchange(activity);
  expect(result.response.status).toBe(200);
  return result;
}

describe('Teams card chrome in the member\'s language', () => {
  it('writes a form card and its notices in French for a member who chose French', async () => {
    const fr = translator('fr');
    const user = teamsUser('Fatou Diallo');
    await exchange(activities.personalMessage(user, t.connector.url, 'language fr'));
    const opened = await exchange(activities.actionExecute(user, t.connector.url, { openForm: 'profile' }, 'openForm'));
    const form = opened.response.body!.value;
    const required = form.body.filter((e: any) => e.isRequired);
    expect(required.length).toBeGreaterThan(0);
    for (const input of required) expect(input.errorMessage).toBe(fr('error.required'));

    // A refused submission: the errors heading in French too.
    const submit = form.actions[0];
    const bad = await exchange(activities.actionExecute(user, t.connector.url, { ...submit.data, name: 'Fatou Diallo', organization: 'Sénégal Numérique', category: 'academia', country: 'Atlantide', timeZone: 'Africa/Dakar' }));
    expect(bad.response.body!.value.body[0]).toMatchObject({ text: fr('teams.form_errors'), color: 'Attention' });

    const unknown = await exchange(activities.actionExecute(user, t.connector.url, { openForm: 'no-such-form' }, 'openForm'));
    expect(cardText(unknown.response.body!.value)).toContain(fr('teams.form_unknown'));
  });
});
