// Every prompt of the conversational flows (profile, pledge, join, schedule) answered with
// emoji, right-to-left text, control characters, a long text and a 10,000-character wall,
// through the local chat. What the bot promises for each answer:
// - refused: a specific message (which answer, what is allowed; a message over 4,000
//   characters is refused whole, never cut) and the same question asked again; the next
//   valid answer continues the flow;
// - accepted: stored without control characters (removed: C0 except tab and newline, DEL,
//   C1) and not cut; `back` returns to the same question.
// Once every flow is confirmed, no stored text anywhere holds a control character.
import type { OutgoingMessage } from '../../src/core/messages';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { storedStrings } from '../support/table-counts';
import { localMember } from '../support/local-members';
import { CONTROL, CONTROL_CHARACTERS, EMOJI, RIGHT_TO_LEFT, WALL } from './inputs';

jest.setTimeout(180_000);

type Answer = { text?: string; action?: string | string[] };

const ODD: { name: string; text: string }[] = [
  { name: 'emoji', text: EMOJI },
  { name: 'right-to-left text', text: RIGHT_TO_LEFT },
  { name: 'control characters', text: CONTROL },
  { name: 'control characters around a plausible answer', text: '\u0007KEN\u0000' },
  { name: 'a long text (3,000 characters)', text: 'Long answer. '.repeat(231).slice(0, 3000) },
  { name: 'a 10,000-character text', text: WALL },
];

const EVIDENCE = 'We have connected 120 rural schools in three provinces since 2021 and train teachers.';

/** From the flow's command to its summary; each answer answers the question before it. */
const FLOWS: { name: string; user: string; completeProfile: boolean; script: Answer[] }[] = [
  { name: 'profile', user: 'odd-profile', completeProfile: false, script: [{ text: 'profile' }, { text: 'Ann Example' }, { text: 'Example Org' }, { action: 'private_sector' }, { text: 'KEN' }, { text: 'Africa/Nairobi' }, { text: 'skip' }] },
  {
    name: 'pledge',
    user: 'odd-pledge',
    completeProfile: true,
    script: [
      { text: 'pledge' }, { action: 'access' }, { text: 'Schools online in the Sahel' }, { text: 'Connect 500 rural schools to broadband with solar-powered sites.' }, { action: 'financial' }, { text: '2.5m' },
      { text: 'Niger, Mali, Fiji' }, { action: ['women_and_girls', 'schools_and_students'] }, { action: ['4', '9'] }, { text: '2027' }, { text: '2029' },
    ],
  },
  { name: 'join', user: 'odd-join', completeProfile: true, script: [{ text: 'join adoption' }, { text: EVIDENCE }, { text: 'no' }, { text: 'no' }, { text: 'yes' }] },
  {
    name: 'schedule',
    user: 'demo-chair',
    completeProfile: true,
    script: [{ text: 'schedule' }, { action: 'access' }, { text: 'Access WG call' }, { action: 'Europe/Zurich' }, { text: '2026-12-01 14:00' }, { text: '1h30' }, { text: 'https://meet.example.org/access' }, { text: 'skip' }, { action: 'weekly' }],
  },
];

const question = (replies: OutgoingMessage[]) => {
  const last = replies[replies.length - 1];
  return `${last?.title ?? ''}\n${last?.text ?? ''}`;
};
const clean = (text: string) => text.replace(/\r\n?/g, '\n').replace(new RegExp(CONTROL_CHARACTERS.source, 'g'), '').trim();

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describeEachDatabase('odd answers to every prompt', (getUrl) => {
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    url = getUrl();
    t = await startTestApp(url, '2026-11-29T10:00:00Z');
  });
  afterAll(async () => {
    await t?.stop();
  });

  function memberId(user: string, completeProfile: boolean): Promise<string> {
    return localMember(t, user, { complete: completeProfile });
  }

  for (const flow of FLOWS) {
    it(`${flow.name}: each odd answer is refused specifically or stored clean and whole, and the flow goes on`, async () => {
      const id = await memberId(flow.user, flow.completeProfile);
      const stored = async () => (await t.app.database.repositories.flows.get(id, `local:${flow.user}`))?.answers ?? {};
      const problems: string[] = [];
      let replies = await t.say(flow.user, flow.script[0]);
      for (let i = 1; i < flow.script.length; i++) {
        const asked = question(replies);
        for (const odd of ODD) {
          const where = `${flow.name}, answer ${i} (${asked.trim().split('\n')[0].slice(0, 50)}), ${odd.name}`;
          const answer = await t.say(flow.user, { text: odd.text });
          if (answer[0].tone === 'error') {
            const said = answer[0].text;
            if (/Something went wrong|isn't valid: |Invalid input|String must contain/.test(said) || said.trim() === '') problems.push(`${where}: refused without a specific message: ${said}`);
            if (odd.text.length > 4000 && !said.includes('at most 4,000 characters')) problems.push(`${where}: a message over 4,000 characters refused without saying so: ${said}`);
            if (question(answer) !== asked) problems.push(`${where}: the question is not asked again after the refusal`);
          } else {
            const values = strings(await stored());
            if (values.some((v) => CONTROL_CHARACTERS.test(v))) problems.push(`${where}: stored with control characters`);
            const expected = clean(odd.text);
            if (expected.length > 100 && !values.some((v) => v === expected)) problems.push(`${where}: accepted but not stored whole`);
            if (odd.text.length > 4000) problems.push(`${where}: a message over 4,000 characters was accepted`);
            const back = await t.say(flow.user, { text: 'back' });
            if (question(back) !== asked) problems.push(`${where}: back does not return to the question (${question(back).slice(0, 80)})`);
          }
        }
        replies = await t.say(flow.user, flow.script[i]);
        if (replies.some((r) => r.tone === 'error')) problems.push(`${flow.name}, answer ${i}: the valid answer was refused after the odd ones: ${replies.map((r) => r.text).join(' / ')}`);
      }
      expect(problems).toEqual([]);
      expect(replies[replies.length - 1].title).toBe('Please check your answers.');
      const done = await t.say(flow.user, { action: 'confirm' });
      expect(done[0].tone).toBe('success');
    });
  }

  it('stores no control character anywhere after all of that', async () => {
    const dirty = (await storedStrings(url)).filter((s) => strings(tryJson(s.value)).some((v) => CONTROL_CHARACTERS.test(v)));
    expect(dirty.map((d) => `${d.table}.${d.column}: ${JSON.stringify(d.value).slice(0, 120)}`)).toEqual([]);
  });
});

/** JSON columns hold escaped control characters: read them as what they encode. */
function tryJson(text: string): unknown {
  try {
    return [text, JSON.parse(text)];
  } catch {
    return text;
  }
}
