// A greeting answers with a welcome and the next useful step for this member, through the local
// chat as a newcomer types it: a profile first, then a working group, then meetings and pledges.
// A question's own words (confirm, back, skip) with no question open are answered plainly.
import type { OutgoingMessage } from '../../src/core/messages';
import { isGreeting } from '../../src/conversation/commands/greeting';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';

const texts = (replies: OutgoingMessage[]) => replies.map((r) => r.text).join('\n');
/** The next steps offered (the first reply; a second one may offer the languages until one is chosen). */
const offered = (replies: OutgoingMessage[]) => replies.slice(0, 1).flatMap((r) => r.choices?.options.map((o) => o.value) ?? []);
const EVIDENCE = 'We have connected 120 rural schools in three provinces since 2021 and train teachers.';

describe('what counts as a greeting', () => {
  it.each(['hi', 'Hi!', 'hello', 'Hello there', 'hey', 'Good morning!', 'good  evening', 'HIYA', 'hiii'])('"%s" greets', (text) => {
    expect(isGreeting(text)).toBe(true);
  });
  it.each(['high', 'history', 'help', 'hi pledge totals', 'hello, I want to pledge', 'heyday', 'goodbye', ''])('"%s" does not', (text) => {
    expect(isGreeting(text)).toBe(false);
  });
});

describeEachDatabase('greetings', (getUrl) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(getUrl(), '2026-12-07T09:00:00Z');
  });
  afterAll(async () => {
    await t?.stop();
  });

  const say = (user: string, text: string) => t.say(user, { text });
  const press = (user: string, action: string) => t.say(user, { action });

  it('tells a newcomer, an applicant and a member what comes next', async () => {
    // A newcomer: the profile comes first, offered as a button that starts it.
    let r = await say('gina', 'Hi!');
    expect(texts(r)).toMatch(/^Hello! I am .+, the assistant of the .+\. To begin, introduce yourself/);
    expect(offered(r)).toEqual(['profile', 'help']);
    expect(texts(await press('gina', 'profile'))).toContain('What is your full name?');
    await say('gina', 'Gina Gateway');
    await say('gina', 'Ministry of ICT');
    await press('gina', 'member_state');
    await say('gina', 'TZA');
    await say('gina', 'Africa/Dar_es_Salaam');
    await say('gina', 'skip');
    expect(texts(await press('gina', 'confirm'))).toContain('your profile is saved');
    // Confirm pressed a second time: saved already, not "I don't know".
    expect(texts(await press('gina', 'confirm'))).toBe('There is nothing waiting for your confirmation: what you confirmed is already saved.');
    expect(texts(await say('gina', 'back'))).toContain('There is no question open to go back to.');
    expect(texts(await say('gina', 'Skip'))).toContain('There is no question open to skip.');
    expect(texts(await say('gina', 'cancel'))).toBe('There is nothing to cancel.');

    // With a profile: a working group next.
    r = await say('gina', 'good morning');
    expect(texts(r)).toContain('apply to a working group with join');
    expect(offered(r)).toEqual(['join', 'groups']);

    // With an application waiting: the secretariat decides; meanwhile her groups or a pledge.
    await say('gina', 'join access');
    await say('gina', EVIDENCE);
    await say('gina', 'no');
    await say('gina', 'no');
    await say('gina', 'yes');
    expect(texts(await press('gina', 'confirm'))).toMatch(/sent|secretariat/i);
    r = await say('gina', 'hello');
    expect(texts(r)).toContain('Your application is with the secretariat');
    expect(offered(r)).toEqual(['my groups', 'pledge']);

    // A member: meetings and pledges.
    const list = await say('demo-secretariat', 'applications');
    const card = list.find((m) => m.title?.includes('from Gina Gateway'));
    expect(card).toBeDefined();
    await say('demo-secretariat', `approve ${card!.choices!.options[0].value.split(' ')[1]}`);
    r = await say('gina', 'hey');
    expect(texts(r)).toContain("See your groups' next meetings");
    expect(offered(r)).toEqual(['meetings', 'pledge']);
  });

  it('leaves a question that is open to the flow, and other words to the commands', async () => {
    await say('hal', 'profile');
    // "hello" answers the name question; it is not a greeting there.
    expect(texts(await say('hal', 'hello'))).not.toContain('Hello! I am');
    await say('hal', 'cancel');
    expect(texts(await say('hal', 'hi pledge totals'))).not.toContain('Hello! I am');
  });
});
