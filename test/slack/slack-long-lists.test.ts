// A long list asked for in a channel: the secretariat's `/p2c applications` with 23 pending
// applications is answered only to them (response_url), ten applications a page with a
// "Show the next 10" button, every application exactly once across the pages. Each message is
// checked against Slack's Block Kit limits as it arrives (unique block ids, at most 50 blocks).
import { describeEachDatabase } from '../support/databases';
import { allText, FakeSlack, type SlackCall } from '../support/fake-slack';
import type { TestApp } from '../support/in-process-app';
import type { SlackSender } from '../support/slack-requests';
import { startSlackTestApp } from '../support/slack-test-app';

const SECRETARY = 'U0SECRET';
const COUNT = 23;
const name = (i: number) => `Applicant ${String(i).padStart(2, '0')}`;

describeEachDatabase('long lists in Slack', (getUrl) => {
  let slack: FakeSlack;
  let t: TestApp;
  let send: SlackSender;

  beforeAll(async () => {
    ({ t, slack, send } = await startSlackTestApp(getUrl(), { SECRETARIAT_SLACK_USERS: SECRETARY }));
    const { repositories } = t.app.database;
    for (let i = 1; i <= COUNT; i++) {
      const at = new Date(t.clock.now().getTime() - (COUNT - i) * 60_000);
      const { member } = await repositories.members.upsertByIdentity({ platform: 'local', externalId: `applicant-${i}`, address: `local:applicant-${i}` }, at, { locale: 'en' });
      await repositories.members.updateProfile(member.id, { name: name(i), organization: `Org ${i}`, category: 'academia', country: 'KEN', timeZone: 'Africa/Nairobi', profileCompletedAt: at });
      const application = await repositories.applications.create({ memberId: member.id, groupKey: 'access', answers: {}, submittedAt: at });
      expect(application).not.toBeNull();
    }
  });
  afterAll(async () => {
    await t?.stop();
    await slack?.stop();
  });

  /** The response_url messages of one slash command, once the one matching `last` has come. */
  async function page(text: string, last: (c: SlackCall) => boolean): Promise<SlackCall[]> {
    const mark = slack.calls.length;
    expect((await send.slash(SECRETARY, text, 'C0GENERAL')).status).toBe(200);
    await slack.waitFor((c) => slack.calls.indexOf(c) >= mark && c.method === 'response_url' && last(c), 30_000, `the answer to ${text}`);
    return slack.since(mark, (c) => c.method === 'response_url');
  }

  /** The applicants named in the messages' headers (one header per application). */
  const namesIn = (calls: SlackCall[]) =>
    calls.flatMap((c) => (c.args.blocks ?? []).filter((b: { type: string }) => b.type === 'header').flatMap((b: { text: { text: string } }) => [...b.text.text.matchAll(/Applicant \d\d/g)].map((m) => m[0])));
  const buttonsIn = (calls: SlackCall[]) =>
    calls.flatMap((c) => (c.args.blocks ?? []).flatMap((b: { elements?: { type: string; value?: string; text?: { text: string } }[] }) => (b.elements ?? []).filter((e) => e.type === 'button')));

  it('pages the pending applications ten at a time, none left out, none twice, each message within Slack\'s limits', async () => {
    const first = await page('applications', (c) => allText(c).includes('13 more waiting'));
    expect(first.every((c) => c.args.response_type === 'ephemeral')).toBe(true);
    expect(allText(first[0])).toContain('23 applications are waiting for a decision; here are 1 to 10');
    const next = buttonsIn(first).filter((b) => b.text?.text === 'Show the next 10');
    expect(next.map((b) => b.value)).toEqual(['applications 2']);
    for (const call of first) {
      const ids = (call.args.blocks as { block_id?: string }[]).map((b) => b.block_id).filter(Boolean);
      expect(new Set(ids).size).toBe(ids.length);
    }

    const second = await page('applications 2', (c) => allText(c).includes('3 more waiting'));
    const third = await page('applications 3', (c) => allText(c).includes(name(COUNT)));
    expect(buttonsIn(third).filter((b) => b.text?.text?.startsWith('Show the next'))).toEqual([]);

    const seen = [...namesIn(first), ...namesIn(second), ...namesIn(third)];
    expect(seen).toEqual(Array.from({ length: COUNT }, (_, i) => name(i + 1)));
  });

  it('answers a page that does not exist with the pages there are', async () => {
    const refused = await page('applications 9', (c) => allText(c).includes('no page 9'));
    expect(allText(refused[0])).toContain('a number from 1 to 3');
  });
});
