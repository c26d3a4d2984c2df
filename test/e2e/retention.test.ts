// The retention job on the whole app with a FakeClock, on both databases: an unfinished flow
// untouched for longer than FLOW_RETENTION_DAYS is deleted (its answers with it), a younger
// one is kept; expired link codes go, live ones stay; old delivery records go; local chat
// messages older than LOCAL_CHAT_RETENTION_DAYS (30) go, younger ones stay.
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { tableRows } from '../support/table-counts';

const DAY = 24 * 3600_000;

describeEachDatabase('retention', (getUrl) => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    url = getUrl();
    t = await startTestApp(url, '2026-10-01T09:00:00Z', { FLOW_RETENTION_DAYS: '30' });
  });
  afterAll(() => t.stop());

  const flows = async () => (await tableRows(url, 'FlowState')).map((r) => String(r.answers));
  const codes = async () => (await tableRows(url, 'LinkCode')).map((r) => String(r.code)).sort();

  it('deletes drafts untouched for longer than the retention period, and expired link codes, once', async () => {
    // Day 0: ann starts her profile and gives her name, then leaves.
    await t.say('ann', { text: 'profile' });
    await t.say('ann', { text: 'Ann Abandoned-Draft' });
    const repos = t.app.database.repositories;
    await repos.processedEvents.firstSeen('slack:event:Ev-old', t.clock.now());

    // Day 25: bob starts his; a link code is made that expires in 10 minutes, another in 10 days.
    t.clock.advance(25 * DAY);
    await t.say('bob', { text: 'profile' });
    await t.say('bob', { text: 'Bob Recent-Draft' });
    const [someone] = await tableRows(url, 'Member');
    await repos.linkCodes.create('EXPIRES-SOON', String(someone.id), 'local:ann', new Date(t.clock.now().getTime() + 10 * 60_000));
    const other = (await tableRows(url, 'Member')).find((m) => m.id !== someone.id)!;
    await repos.linkCodes.create('STILL-VALID', String(other.id), 'local:bob', new Date(t.clock.now().getTime() + 10 * DAY));
    // A link waiting for confirmation expires with its code.
    await repos.linkCodes.openPending({
      ownerId: String(someone.id),
      ownerIdentity: 'local:ann',
      claimerId: String(other.id),
      claimerIdentity: 'local:bob',
      expiresAt: new Date(t.clock.now().getTime() + 10 * 60_000),
    });
    expect((await flows()).join()).toContain('Ann Abandoned-Draft');
    const chat = async () => (await tableRows(url, 'LocalChatMessage')).map((r) => `${String(r.user)}: ${String(r.body)}`);
    const annSaid = (await chat()).filter((line) => line.startsWith('ann: '));
    expect(annSaid.join('\n')).toContain('Ann Abandoned-Draft');

    // Day 30 + 1 hour: ann's draft is past 30 days, bob's is 5 days old; the first code expired.
    t.clock.advance(5 * DAY + 3600_000);
    const result = await t.app.runRetention();
    expect(result).toMatchObject({ flows: 1, linkCodes: 2, processedEvents: 1, localChatMessages: annSaid.length });
    // Ann's conversation (day 0) is past 30 days and gone; Bob's (day 25) stays.
    expect((await chat()).filter((line) => line.startsWith('ann: '))).toEqual([]);
    expect((await chat()).join('\n')).toContain('Bob Recent-Draft');
    expect(await tableRows(url, 'PendingLink')).toEqual([]);
    const left = await flows();
    expect(left.join()).not.toContain('Ann Abandoned-Draft');
    expect(left.join()).toContain('Bob Recent-Draft');
    expect(await codes()).toEqual(['STILL-VALID']);
    expect((await tableRows(url, 'ProcessedEvent')).map((r) => r.key)).not.toContain('slack:event:Ev-old');

    // Nothing more to delete on the next run; ann starts afresh, bob continues where he was.
    expect(await t.app.runRetention()).toEqual({ flows: 0, linkCodes: 0, processedEvents: 0, jobLeases: 0, localChatMessages: 0 });
    expect((await t.say('ann', { text: '' })).map((r) => r.text).join()).toMatch(/Welcome/);
    expect((await t.say('bob', { text: '' })).map((r) => r.text).join()).toMatch(/organization/);
  });
});
