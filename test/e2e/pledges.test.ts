// Pledges through the local chat with the whole app in process: every kind of wrong
// answer, back/skip/cancel, edit before confirm, drafts, update with history, status
// changes and totals checked against the stored rows.
import type { OutgoingMessage } from '../../src/core/messages';
import { describeEachDatabase } from '../support/databases';
import { startBot } from '../support/bot-process';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { localMember } from '../support/local-members';

const all = (replies: OutgoingMessage[]) => replies.map((r) => [r.title, r.text, ...(r.fields ?? []).map((f) => `${f.label}: ${f.value}`)].join('\n')).join('\n');
const field = (m: OutgoingMessage, label: string) => m.fields?.find((f) => f.label === label)?.value;

describeEachDatabase('pledges', (getUrl) => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp(getUrl(), '2026-11-29T10:00:00Z');
  });
  afterEach(async () => {
    await t.stop();
  });

  function member(user: string, complete = true) {
    return localMember(t, user, { complete });
  }

  /** Answers every question of a valid pledge; returns the summary. */
  async function answerAll(user: string, answers: { type?: string; value?: string; countries?: string; title?: string } = {}) {
    expect(all(await t.say(user, { text: 'pledge' }))).toContain('Which focus area is the pledge in?');
    await t.say(user, { action: 'access' });
    await t.say(user, { text: answers.title ?? 'Schools online in the Sahel' });
    await t.say(user, { text: 'Connect 500 rural schools to broadband with solar-powered sites.' });
    await t.say(user, { action: answers.type ?? 'financial' });
    await t.say(user, { text: answers.value ?? '2.5m' });
    await t.say(user, { text: answers.countries ?? 'Niger, Mali, Fiji' });
    await t.say(user, { action: ['women_and_girls', 'schools_and_students'] });
    await t.say(user, { action: ['4', '9'] });
    await t.say(user, { text: '2027' });
    const summary = await t.say(user, { text: '2029' });
    expect(summary[0].title).toBe('Please check your answers.');
    return summary[0];
  }

  function pledgeNumber(replies: OutgoingMessage[]): number {
    const m = /pledge is number (\d+)/.exec(all(replies));
    expect(m).not.toBeNull();
    return Number(m![1]);
  }

  it('catches every kind of wrong answer with a specific error and asks again; back, skip and cancel work', async () => {
    await member('ann');
    expect(all(await t.say('ann', { text: 'pledge' }))).toContain("Let's log your pledge for ann Networks.");
    expect(all(await t.say('ann', { text: 'Moonshots' }))).toContain('"Moonshots" is not one of the options');
    await t.say('ann', { text: 'Access' });
    const short = await t.say('ann', { text: 'Wifi' });
    expect(short[0]).toMatchObject({ tone: 'error', text: 'That is too short: at least 5 characters, please.' });
    expect(short[1].text).toContain('A short title');
    await t.say('ann', { text: 'Schools online' });
    expect((await t.say('ann', { text: 'Too short text' }))[0].text).toBe('That is too short: at least 20 characters, please.');
    expect(all(await t.say('ann', { text: 'back' }))).toContain('A short title');
    await t.say('ann', { text: 'Schools online in the Sahel' });
    await t.say('ann', { text: 'Connect 500 rural schools to broadband with solar-powered sites.' });
    expect(all(await t.say('ann', { text: 'Financial' }))).toContain('needed for a financial pledge');
    expect((await t.say('ann', { text: 'skip' }))[0].text).toBe("This question can't be skipped.");
    expect((await t.say('ann', { text: 'a lot of money' }))[0].text).toContain('"a lot of money" is not an amount I can read');
    expect((await t.say('ann', { text: '-5m' }))[0].text).toBe("A value can't be negative: give the amount in US dollars, for example 2.5m.");
    expect(all(await t.say('ann', { text: 'USD 2.5 million' }))).toContain('In which countries');
    const unknown = await t.say('ann', { text: 'Niger, Mlai' });
    expect(unknown[0].text).toBe('I don\'t know the country "Mlai". Did you mean Mali?');
    const saidBack = all(await t.say('ann', { text: 'Niger, Mali, Fiji' }));
    expect(saidBack).toContain('Niger, Mali, Fiji: 3 countries, of which 2 LDCs, 2 LLDCs and 1 SIDS.');
    await t.say('ann', { text: 'Women and girls, Youth' });
    expect((await t.say('ann', { text: '4, 18' }))[0].text).toContain('"18" is not a goal');
    await t.say('ann', { text: '4, 5' });
    expect((await t.say('ann', { text: 'soon' }))[0].text).toContain('"soon" is not a year');
    await t.say('ann', { text: '2028' });
    expect((await t.say('ann', { text: '2027' }))[0].text).toBe("The end year can't be before the start year (2028).");
    expect((await t.say('ann', { text: '2031' }))[0].text).toBe("The coalition's horizon is 2030: give 2030 or earlier.");
    const summary = (await t.say('ann', { text: '2030' }))[0];
    expect(field(summary, 'Estimated value (USD)')).toBe('$2,500,000');
    expect(field(summary, 'SDGs')).toBe('4 Quality education, 5 Gender equality');
    expect(all(await t.say('ann', { text: 'cancel' }))).toContain('Cancelled. Nothing was saved.');
    expect(await t.app.database.prisma.pledge.count()).toBe(0);

    // An optional value can be skipped for a non-financial pledge.
    await t.say('ann', { text: 'pledge' });
    await t.say('ann', { action: 'adoption' });
    await t.say('ann', { text: 'Digital skills for youth' });
    await t.say('ann', { text: 'Train 10,000 young people in digital skills.' });
    expect(all(await t.say('ann', { action: 'programmatic' }))).toContain('Type back, skip or cancel.');
    expect(all(await t.say('ann', { text: 'skip' }))).toContain('In which countries');
  });

  it('edits before confirming, gives a pledge number, lists and shows it', async () => {
    const annId = await member('ann');
    const summary = await answerAll('ann', { type: 'programmatic', value: '750k' });
    expect(summary.choices?.options.map((o) => o.value)).toContain('edit type');
    expect(all(await t.say('ann', { action: 'edit type' }))).toContain('What kind of pledge is it?');
    const back = (await t.say('ann', { action: 'financial' }))[0];
    expect(field(back, 'Type')).toBe('Financial');
    expect(all(await t.say('ann', { action: 'edit valueUsd' }))).toContain('needed for a financial pledge');
    expect(field((await t.say('ann', { text: '1.2bn' }))[0], 'Estimated value (USD)')).toBe('$1,200,000,000');
    const saved = await t.say('ann', { action: 'confirm' });
    expect(saved[0].tone).toBe('success');
    const number = pledgeNumber(saved);

    const row = await t.app.database.prisma.pledge.findUniqueOrThrow({ where: { id: number } });
    expect(row).toMatchObject({ memberId: annId, entity: 'ann Networks', sector: 'private_sector', focusArea: 'access', type: 'financial', valueUsd: 1.2e9, startYear: 2027, endYear: 2029, status: 'announced' });
    expect(JSON.parse(row.countries)).toEqual(['NER', 'MLI', 'FJI']);
    expect(JSON.parse(row.sdgs)).toEqual([4, 9]);
    expect(row.nextCheckInAt?.toISOString()).toBe('2027-11-29T10:00:00.000Z');

    expect(all(await t.say('ann', { text: 'pledges' }))).toContain(`${number}. Schools online in the Sahel (announced)`);
    const shown = (await t.say('ann', { text: `pledge ${number}` }))[0];
    expect(shown.title).toBe(`Pledge ${number}: Schools online in the Sahel`);
    expect(field(shown, 'Pledging entity')).toBe('ann Networks');
    expect(field(shown, 'Sector')).toBe('Private Sector');
    await member('bob');
    expect(all(await t.say('bob', { text: `pledge ${number}` }))).toContain('is not yours');
    expect(all(await t.say('bob', { text: 'pledge 999' }))).toContain('There is no pledge number 999.');
  });

  it('a financial pledge cannot be saved without a value: edit type → programmatic, skip the value, type → financial asks for it', async () => {
    await member('ann');
    await answerAll('ann');
    await t.say('ann', { action: 'edit type' });
    await t.say('ann', { action: 'programmatic' });
    expect(all(await t.say('ann', { action: 'edit valueUsd' }))).toContain('Type back, skip or cancel.');
    expect(field((await t.say('ann', { text: 'skip' }))[0], 'Estimated value (USD)')).toBe('(skipped)');
    await t.say('ann', { action: 'edit type' });
    // Back to financial: instead of a summary with "(skipped)", the value is asked for, naming it.
    const asked = await t.say('ann', { action: 'financial' });
    expect(asked[0]).toMatchObject({ tone: 'error', text: 'Before this can be saved, Estimated value (USD) needs another answer: A Financial pledge needs its estimated value in US dollars, for example 2.5m.' });
    expect(asked[1].text).toContain('needed for a financial pledge');
    expect((await t.say('ann', { text: 'skip' }))[0].text).toBe("This question can't be skipped.");
    const summary = (await t.say('ann', { text: '3m' }))[0];
    expect(field(summary, 'Estimated value (USD)')).toBe('$3,000,000');
    expect(field(summary, 'Type')).toBe('Financial');
    expect((await t.say('ann', { action: 'confirm' }))[0].tone).toBe('success');
    expect(await t.app.database.prisma.pledge.findMany({ select: { type: true, valueUsd: true } })).toEqual([{ type: 'financial', valueUsd: 3e6 }]);
  });

  it('confirm checks every rule again: a draft stored before breaking one is asked again, not saved', async () => {
    await member('ann');
    await answerAll('ann');
    // A draft stored by an earlier version of the bot (or edited in the database): value gone.
    const state = await t.app.database.prisma.flowState.findFirstOrThrow();
    const answers = JSON.parse(state.answers);
    await t.app.database.prisma.flowState.update({ where: { id: state.id }, data: { answers: JSON.stringify({ ...answers, valueUsd: null, endYear: 2099 }) } });
    const replies = await t.say('ann', { action: 'confirm' });
    expect(replies[0]).toMatchObject({ tone: 'error', text: expect.stringContaining('Estimated value (USD) needs another answer') });
    expect(await t.app.database.prisma.pledge.count()).toBe(0);
    // The next rule broken is asked for before the summary is shown again.
    const end = await t.say('ann', { text: '1m' });
    expect(end[0]).toMatchObject({ tone: 'error', text: "Before this can be saved, End year needs another answer: The coalition's horizon is 2030: give 2030 or earlier." });
    await t.say('ann', { text: '2030' });
    expect((await t.say('ann', { action: 'confirm' }))[0].tone).toBe('success');
    expect(await t.app.database.prisma.pledge.findMany({ select: { valueUsd: true, endYear: true } })).toEqual([{ valueUsd: 1e6, endYear: 2030 }]);
  });

  it('update pledge checks the whole pledge after the change', async () => {
    await member('ann');
    await answerAll('ann', { type: 'programmatic', value: 'skip' });
    const number = pledgeNumber(await t.say('ann', { action: 'confirm' }));
    await t.say('ann', { text: `update pledge ${number}` });
    await t.say('ann', { action: 'type' });
    expect((await t.say('ann', { action: 'financial' }))[0]).toMatchObject({ tone: 'error', text: expect.stringContaining('needs a value') });
    await t.say('ann', { text: `update pledge ${number}` });
    await t.say('ann', { action: 'startYear' });
    expect((await t.say('ann', { text: '2030' }))[0].text).toBe("The start year can't be after the end year (2029).");
    expect((await t.app.database.prisma.pledge.findUniqueOrThrow({ where: { id: number } })).type).toBe('programmatic');
  });

  it('needs a complete profile first', async () => {
    await member('carl', false);
    const replies = await t.say('carl', { text: 'pledge' });
    expect(all(replies)).toContain('Your profile comes first');
    expect(await t.app.database.prisma.flowState.findFirst({ where: { flow: 'pledge' } })).toBeNull();
  });

  it('`pledge` during a draft offers resume or start over', async () => {
    await member('ann');
    await t.say('ann', { text: 'pledge' });
    await t.say('ann', { action: 'access' });
    await t.say('ann', { text: 'Schools online' });
    const offer = await t.say('ann', { text: 'pledge' });
    expect(offer[0].text).toBe('You have a pledge in progress. Resume it or start over?');
    expect(offer[0].choices?.options.map((o) => o.value)).toEqual(['pledge resume', 'pledge start over']);
    expect(all(await t.say('ann', { action: 'pledge resume' }))).toContain('Describe what you commit to do');
    const state = await t.app.database.prisma.flowState.findFirstOrThrow({ where: { flow: 'pledge' } });
    expect(JSON.parse(state.answers)).toMatchObject({ focusArea: 'access', title: 'Schools online' });
    // A button outside the flow (the Slack App Home's "pledge") offers the draft too, never drops it.
    const fromHome = await t.app.bot.command({ platform: 'local', user: { externalId: 'ann' }, conversation: 'local:ann' }, 'pledge');
    expect(fromHome[0].text).toBe('You have a pledge in progress. Resume it or start over?');
    expect(all(await t.app.bot.command({ platform: 'local', user: { externalId: 'ann' }, conversation: 'local:ann' }, 'pledge resume'))).toContain('Describe what you commit to do');
    await t.say('ann', { text: 'pledge' });
    expect(all(await t.say('ann', { action: 'pledge start over' }))).toContain('Which focus area is the pledge in?');
    const fresh = await t.app.database.prisma.flowState.findFirstOrThrow({ where: { flow: 'pledge' } });
    expect(JSON.parse(fresh.answers)).toEqual({});
  });

  it('updates a field with the same checks and keeps the history; status changes need a withdrawal reason', async () => {
    await member('ann');
    await answerAll('ann');
    const number = pledgeNumber(await t.say('ann', { action: 'confirm' }));

    expect(all(await t.say('ann', { text: `update pledge ${number}` }))).toContain('Which field do you want to change?');
    expect(all(await t.say('ann', { action: 'endYear' }))).toContain('In which year does it end');
    expect((await t.say('ann', { text: '2026' }))[0].text).toBe("The end year can't be before the start year (2027).");
    expect((await t.say('ann', { text: '2030' }))[0]).toMatchObject({ tone: 'success', text: expect.stringContaining('End year is now 2030') });
    await t.say('ann', { text: `update pledge ${number}` });
    const titlePrompt = await t.say('ann', { action: 'title' });
    expect(titlePrompt[0].text).toContain('A short title');
    expect(titlePrompt[0].choices).toBeUndefined();
    await t.say('ann', { text: 'Schools online across the Sahel' });

    await member('bob');
    expect(all(await t.say('bob', { text: `update pledge ${number}` }))).toContain('is not yours');
    expect(all(await t.say('demo-secretariat', { text: `update pledge ${number}` }))).toContain('Which field');
    await t.say('demo-secretariat', { text: 'cancel' });

    const events = await t.app.database.prisma.pledgeEvent.findMany({ where: { pledgeId: number }, orderBy: { at: 'asc' } });
    expect(events.map((e) => [e.kind, e.field, e.oldValue, e.newValue])).toEqual([
      ['created', null, null, 'announced'],
      ['field', 'endYear', '2029', '2030'],
      ['field', 'title', 'Schools online in the Sahel', 'Schools online across the Sahel'],
    ]);

    await t.say('ann', { text: `update pledge ${number}` });
    await t.say('ann', { action: 'valueUsd' });
    await t.say('ann', { text: '3000000' });
    await t.say('ann', { text: `update pledge ${number}` });
    await t.say('ann', { action: 'countries' });
    await t.say('ann', { text: 'Niger' });
    expect(all(await t.say('ann', { text: `pledge status ${number} withdrawn` }))).toContain('Withdrawing needs a reason');
    expect(all(await t.say('ann', { text: `pledge status ${number} in_progress` }))).toContain(`Pledge ${number} is now in progress.`);
    expect(all(await t.say('ann', { text: `pledge status ${number} in_progress` }))).toContain('is already in progress');
    expect(all(await t.say('ann', { text: `pledge status ${number} withdrawn funding moved elsewhere` }))).toContain('is now withdrawn');
    expect(all(await t.say('ann', { text: `pledge status ${number} completed` }))).toContain("is withdrawn: it can't become completed");
    const row = await t.app.database.prisma.pledge.findUniqueOrThrow({ where: { id: number } });
    expect(row.status).toBe('withdrawn');
    const last = await t.app.database.prisma.pledgeEvent.findFirstOrThrow({ where: { pledgeId: number, newValue: 'withdrawn' } });
    expect(last).toMatchObject({ kind: 'status', oldValue: 'in_progress', reason: 'funding moved elsewhere' });
    const shown = (await t.say('ann', { text: `pledge ${number}` }))[0];
    // In words, dates in the member's language: never stored values or status keys.
    const history = field(shown, 'History')!.split('\n');
    expect(history[0]).toMatch(/^Nov 29, 2026: announced$/);
    expect(history).toContain('Nov 29, 2026: End year: 2029 → 2030');
    expect(history).toContain('Nov 29, 2026: Title: Schools online in the Sahel → Schools online across the Sahel');
    expect(history).toContain('Nov 29, 2026: Status: announced → in progress');
    expect(history).toContain('Nov 29, 2026: Status: in progress → withdrawn (reason: funding moved elsewhere)');
    expect(history).toContain('Nov 29, 2026: Estimated value (USD): $2,500,000 → $3,000,000');
    expect(history).toContain('Nov 29, 2026: Countries: Niger, Mali, Fiji → Niger');
    expect(history.join('\n')).not.toMatch(/in_progress|"|\[/);
  });

  it('asks each owner for a yearly check-in when it is due, stores the answer, and asks again after 14 days when unanswered', async () => {
    await member('ann');
    await member('bob');
    await answerAll('ann');
    const annPledge = pledgeNumber(await t.say('ann', { action: 'confirm' }));
    await answerAll('bob');
    const bobPledge = pledgeNumber(await t.say('bob', { action: 'confirm' }));
    await answerAll('bob', { title: 'A pledge withdrawn later' });
    const withdrawn = pledgeNumber(await t.say('bob', { action: 'confirm' }));
    await t.say('bob', { text: `pledge status ${withdrawn} withdrawn plans changed` });
    expect(all(await t.say('ann', { text: `check in ${annPledge}` }))).toContain(`No progress check-in is open for pledge ${annPledge}: the next one is due on 2027-11-29.`);

    t.clock.set('2027-11-29T09:59:00Z');
    await t.app.tickPledgeCheckIns();
    expect(await t.inbox('ann')).toEqual([]);

    t.clock.set('2027-11-29T10:00:30Z');
    await t.app.tickPledgeCheckIns();
    await t.app.tickPledgeCheckIns();
    const [ask, ...more] = await t.inbox('ann');
    expect(more).toEqual([]);
    expect(ask.title).toBe(`Progress check-in: pledge ${annPledge}`);
    expect(ask.text).toContain('yearly update on "Schools online in the Sahel" (year 1)');
    expect(ask.choices?.options.map((o) => o.label)).toEqual(['On track', 'At risk', 'Off track']);
    expect(await t.inbox('bob')).toHaveLength(1); // the withdrawn pledge is not asked about

    expect(all(await t.say('ann', { action: `check in ${annPledge} at_risk` }))).toContain('what has been done');
    expect((await t.say('ann', { text: 'Slow.' }))[0].text).toBe('That is too short: at least 10 characters, please.');
    await t.say('ann', { text: '120 schools connected; permits delayed the rest.' });
    expect((await t.say('ann', { text: '-3' }))[0].text).toContain("can't be negative");
    expect((await t.say('ann', { text: '500k' }))[0]).toMatchObject({ tone: 'success', text: `Thank you: the progress of pledge ${annPledge} for year 1 is saved (At risk).` });
    const stored = await t.app.database.prisma.pledgeCheckIn.findFirstOrThrow({ where: { pledgeId: annPledge } });
    expect(stored).toMatchObject({ year: 1, light: 'at_risk', narrative: '120 schools connected; permits delayed the rest.', valueDelivered: 500_000 });
    expect(stored.answeredAt?.toISOString()).toBe('2027-11-29T10:00:30.000Z');
    expect(field((await t.say('ann', { text: `pledge ${annPledge}` }))[0], 'Check-ins')).toBe('Year 1: At risk: 120 schools connected; permits delayed the rest.');

    t.clock.set('2027-12-13T10:00:00Z'); // 13 days and 23.5 hours later
    await t.app.tickPledgeCheckIns();
    expect(await t.inbox('bob')).toEqual([]);
    t.clock.set('2027-12-13T10:01:00Z');
    await t.app.tickPledgeCheckIns();
    await t.app.tickPledgeCheckIns();
    const reasked = await t.inbox('bob');
    expect(reasked).toHaveLength(1);
    expect(reasked[0].text).toContain(`A reminder: the yearly update on "Schools online in the Sahel" (year 1) is still open`);
    expect(await t.inbox('ann')).toEqual([]); // answered: not asked again
    const open = await t.app.database.prisma.pledgeCheckIn.findFirstOrThrow({ where: { pledgeId: bobPledge } });
    expect(open).toMatchObject({ year: 1, answeredAt: null, light: null });

    t.clock.set('2028-11-29T10:00:30Z');
    await t.app.tickPledgeCheckIns();
    expect((await t.inbox('ann')).map((m) => m.text)).toEqual([expect.stringContaining('(year 2)')]);
    expect(await t.app.database.prisma.pledgeCheckIn.count({ where: { pledgeId: withdrawn } })).toBe(0);
  });

  it('totals match the stored rows', async () => {
    await member('ann');
    await member('bob');
    await answerAll('ann', { value: '2,500,000', countries: 'Niger' });
    await t.say('ann', { action: 'confirm' });
    await answerAll('bob', { type: 'policy', value: 'skip', countries: 'global' });
    await t.say('bob', { action: 'confirm' });
    await answerAll('bob', { value: '1m', countries: 'Fiji' });
    await t.say('bob', { action: 'confirm' });

    const rows = await t.app.database.prisma.pledge.findMany();
    expect(rows).toHaveLength(3);
    const usd = rows.reduce((sum, r) => sum + (r.valueUsd ?? 0), 0);
    expect(usd).toBe(3_500_000);
    const totals = (await t.say('carl', { text: 'pledge totals' }))[0];
    expect(totals.text).toBe('3 pledges worth $3,500,000');
    expect(field(totals, 'By focus area')).toBe('Access: 3 pledges, $3,500,000');
    expect(field(totals, 'By type')).toBe('Financial: 2 pledges, $3,500,000\nPolicy: 1 pledge, $0');
    expect(field(totals, 'Targeting LDCs')).toBe('1 pledge (33%), $2,500,000 (71% of the value)');
    expect(field(totals, 'Targeting LLDCs')).toBe('1 pledge (33%), $2,500,000 (71% of the value)');
    expect(field(totals, 'Targeting SIDS')).toBe('1 pledge (33%), $1,000,000 (29% of the value)');
  });
});

describeEachDatabase('pledge drafts across a restart', (getUrl) => {
  it('a process killed mid-pledge is followed by one that continues the same draft', async () => {
    const databaseUrl = getUrl();
    const first = await startBot({ DATABASE_URL: databaseUrl });
    try {
      for (const text of ['profile', 'Dana Diallo', 'Sahel Connect', 'private_sector', 'SEN', 'Africa/Dakar', 'skip', 'confirm']) await first.say('dana', { text });
      await first.say('dana', { text: 'pledge' });
      await first.say('dana', { text: 'access' });
      await first.say('dana', { text: 'Schools online in the Sahel' });
      const atType = await first.say('dana', { text: 'Connect 500 rural schools to broadband with solar-powered sites.' });
      expect(all(atType.replies)).toContain('What kind of pledge is it?');
    } finally {
      await first.stop('SIGKILL');
    }

    const second = await startBot({ DATABASE_URL: databaseUrl });
    try {
      const offer = await second.say('dana', { text: 'pledge' });
      expect(offer.replies[0].text).toBe('You have a pledge in progress. Resume it or start over?');
      expect(all((await second.say('dana', { action: 'pledge resume' })).replies)).toContain('What kind of pledge is it?');
      await second.say('dana', { text: 'policy' });
      await second.say('dana', { text: 'skip' });
      await second.say('dana', { text: 'Senegal, Gambia' });
      await second.say('dana', { text: 'Youth' });
      await second.say('dana', { text: '4' });
      await second.say('dana', { text: '2027' });
      const summary = (await second.say('dana', { text: '2028' })).replies[0];
      expect(field(summary, 'Title')).toBe('Schools online in the Sahel');
      expect(field(summary, 'Countries')).toBe('Senegal, Gambia: 2 countries, of which 2 LDCs, 0 LLDCs and 0 SIDS.');
      expect(all((await second.say('dana', { action: 'confirm' })).replies)).toMatch(/Your pledge is number \d+/);
    } finally {
      await second.stop();
    }
  });
});
