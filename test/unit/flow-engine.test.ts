import { z } from 'zod';
import { translator } from '../../src/conversation/catalog/catalog';
import type { ConversationContext } from '../../src/conversation/context';
import type { Answers, FlowDefinition } from '../../src/conversation/flow/flow';
import { FlowEngine } from '../../src/conversation/flow/flow-engine';
import { MemoryFlowStates } from '../support/memory-flow-states';

const completed: Answers[] = [];
/** When set, the next completion fails with it (the database going away mid-save). */
let failNextCompletion: Error | null = null;

const testFlow: FlowDefinition = {
  id: 'test',
  confirm: true,
  intro: () => 'Intro',
  steps: [
    { id: 'title', input: 'text', label: 'profile.name.label', prompt: () => 'Title?', schema: () => z.string().min(5).max(20) },
    { id: 'amount', input: 'number', label: 'profile.organization.label', prompt: () => 'Amount?', schema: () => z.number().min(0) },
    {
      id: 'kind',
      input: 'choice',
      label: 'profile.category.label',
      prompt: () => 'Kind?',
      choices: () => [
        { label: 'Financial', value: 'financial' },
        { label: 'Policy', value: 'policy' },
      ],
    },
    { id: 'detail', input: 'text', label: 'profile.country.label', prompt: () => 'Detail?', when: (a) => a.kind === 'financial' },
    { id: 'agree', input: 'yes-no', label: 'profile.time_zone.label', prompt: () => 'Agree?' },
    { id: 'email', input: 'text', label: 'profile.email.label', prompt: () => 'Email?', optional: true, schema: () => z.string().email() },
  ],
  async complete(_ctx, answers) {
    await new Promise((r) => setImmediate(r)); // a save takes a moment: two confirms overlap
    if (failNextCompletion) {
      const error = failNextCompletion;
      failNextCompletion = null;
      throw error;
    }
    completed.push(answers);
    return [{ text: 'done' }];
  },
};

function setup() {
  const repo = new MemoryFlowStates();
  const events: string[] = [];
  const engine = new FlowEngine(repo, [testFlow], { flow: (flow, outcome) => events.push(`${flow} ${outcome}`) });
  const ctx = {
    member: { id: 'm1' },
    incoming: { conversation: 'c1' },
    t: translator('en'),
    now: new Date('2026-11-29T10:00:00Z'),
  } as unknown as ConversationContext;
  const say = async (text: string) => {
    const state = await engine.active(ctx);
    if (!state) throw new Error('no active flow');
    return engine.answer(state, text, ctx);
  };
  return { repo, engine, ctx, say, events };
}

beforeEach(() => (completed.length = 0));

async function toSummary(engine: FlowEngine, ctx: ConversationContext, say: (text: string) => Promise<unknown>) {
  await engine.start('test', ctx);
  for (const answer of ['A good title', '12', 'policy', 'no', 'skip']) await say(answer);
}

describe('FlowEngine', () => {
  it('saves a flow once when confirm arrives twice at the same moment', async () => {
    const { engine, ctx, say, repo } = setup();
    await toSummary(engine, ctx, say);
    const state = (await engine.active(ctx))!;
    const [a, b] = await Promise.all([engine.answer(state, 'confirm', ctx), engine.answer(state, 'confirm', ctx)]);
    expect([a, b].map((r) => r[0].text).sort()).toEqual(['Your answers are being saved: one moment, you\'ll get the confirmation.', 'done']);
    expect(completed).toHaveLength(1);
    expect(repo.rows.size).toBe(0);
  });

  it('keeps every answer when saving the result fails, and saves it on the next confirm', async () => {
    const { engine, ctx, say, repo, events } = setup();
    await toSummary(engine, ctx, say);
    failNextCompletion = new Error('database unavailable');
    await expect(say('confirm')).rejects.toThrow('database unavailable');
    const kept = (await engine.active(ctx))!;
    expect(kept.step).toBe('$confirm');
    expect(kept.answers).toEqual({ title: 'A good title', amount: 12, kind: 'policy', agree: false, email: null });
    expect(completed).toHaveLength(0);
    expect(await say('confirm')).toEqual([{ text: 'done' }]);
    expect(completed).toEqual([{ title: 'A good title', amount: 12, kind: 'policy', agree: false, email: null }]);
    expect(repo.rows.size).toBe(0);
    expect(events.filter((e) => e.endsWith('completed'))).toEqual(['test completed']);
  });

  it('holds a flow marked as being saved, and lets a crashed save be confirmed again after the hold', async () => {
    const { engine, ctx, say, repo } = setup();
    await toSummary(engine, ctx, say);
    const state = (await engine.active(ctx))!;
    // A save that began and never finished (its process died): the mark stays in the state.
    await repo.save({ ...state, answers: { ...state.answers, $completing: ctx.now.getTime() } }, state.version, ctx.now);
    expect(await say('confirm')).toEqual([{ text: 'Your answers are being saved: one moment, you\'ll get the confirmation.' }]);
    expect(completed).toHaveLength(0);
    const later = { ...ctx, now: new Date(ctx.now.getTime() + 3 * 60_000) } as ConversationContext;
    expect(await engine.answer((await engine.active(ctx))!, 'confirm', later)).toEqual([{ text: 'done' }]);
    expect(completed).toEqual([{ title: 'A good title', amount: 12, kind: 'policy', agree: false, email: null }]);
  });

  it('asks each step in order, stores answers and completes after confirm', async () => {
    const { engine, ctx, say, repo } = setup();
    const first = await engine.start('test', ctx);
    expect(first.map((m) => m.text)).toEqual(['Intro', expect.stringContaining('Title?')]);
    expect((await say('A good title'))[0].text).toContain('Amount?');
    expect((await say('2,500'))[0].text).toContain('Kind?');
    const detail = await say('financial');
    expect(detail[0].text).toContain('Detail?');
    expect((await say('Some detail'))[0].text).toContain('Agree?');
    expect((await say('yes'))[0].text).toContain('Email?');
    const summary = await say('skip');
    expect(summary[0].title).toBe('Please check your answers.');
    expect(summary[0].fields).toContainEqual({ label: 'Email', value: '(skipped)' });
    expect(summary[0].fields).toContainEqual({ label: 'Stakeholder category', value: 'Financial' });
    expect(summary[0].choices?.options.map((o) => o.value)).toEqual(expect.arrayContaining(['confirm', 'edit title']));
    expect(await say('confirm')).toEqual([{ text: 'done' }]);
    expect(completed).toEqual([{ title: 'A good title', amount: 2500, kind: 'financial', detail: 'Some detail', agree: true, email: null }]);
    expect(repo.rows.size).toBe(0);
  });

  it('answers a wrong input with a specific error and asks the same question again', async () => {
    const { engine, ctx, say } = setup();
    await engine.start('test', ctx);
    const short = await say('abc');
    expect(short[0]).toMatchObject({ tone: 'error', text: 'That is too short: at least 5 characters, please.' });
    expect(short[1].text).toContain('Title?');
    await say('Long enough');
    expect((await say('lots'))[0].text).toBe('"lots" is not a number I can read.');
    expect((await say('-3'))[0].text).toBe('The smallest value allowed is 0.');
    await say('10');
    const badChoice = await say('bananas');
    expect(badChoice[0].text).toBe('"bananas" is not one of the options. Choose one of: Financial, Policy.');
    expect((await say('2'))[0].text).toContain('Agree?'); // by number; policy skips the conditional step
    expect((await say('perhaps'))[0].text).toBe('Please answer yes or no.');
    await say('no');
    expect((await say('not-an-email'))[0].text).toBe('"not-an-email" doesn\'t look like an email address (name@example.org).');
  });

  it('refuses to skip a required step', async () => {
    const { engine, ctx, say } = setup();
    await engine.start('test', ctx);
    const replies = await say('skip');
    expect(replies[0]).toMatchObject({ tone: 'error', text: "This question can't be skipped." });
    expect(replies[1].text).toContain('Title?');
  });

  it('goes back to the previous applicable step, skipping conditional ones', async () => {
    const { engine, ctx, say } = setup();
    await engine.start('test', ctx);
    expect((await say('back'))[0].text).toBe('This is the first question.');
    await say('Long enough');
    await say('5');
    await say('Policy');
    expect((await say('back'))[0].text).toContain('Kind?');
    await say('Policy');
    const state = await engine.active(ctx);
    expect(state?.step).toBe('agree');
    expect((await say('back'))[0].text).toContain('Kind?'); // "detail" does not apply to policy
  });

  it('cancel deletes the state and completes nothing', async () => {
    const { engine, ctx, say, repo } = setup();
    await engine.start('test', ctx);
    await say('Long enough');
    expect(await say('cancel')).toEqual([{ text: 'Cancelled. Nothing was saved.' }]);
    expect(repo.rows.size).toBe(0);
    expect(completed).toHaveLength(0);
  });

  it('edits one answer from the summary and returns to the summary', async () => {
    const { engine, ctx, say } = setup();
    await engine.start('test', ctx);
    for (const answer of ['Long enough', '5', 'Policy', 'yes', 'a@b.org']) await say(answer);
    expect((await say('edit Name'))[0].text).toContain('Title?');
    const summary = await say('Better title');
    expect(summary[0].fields).toContainEqual({ label: 'Name', value: 'Better title' });
    await say('confirm');
    expect(completed[0]).toEqual({ title: 'Better title', amount: 5, kind: 'policy', agree: true, email: 'a@b.org' });
  });

  it('continues from the stored step in a new engine (as after a restart)', async () => {
    const { engine, ctx, repo } = setup();
    await engine.start('test', ctx);
    await engine.answer((await engine.active(ctx))!, 'Long enough', ctx);
    const restarted = new FlowEngine(repo, [testFlow]);
    const state = (await restarted.active(ctx))!;
    expect(state.step).toBe('amount');
    expect(restarted.resume(state, ctx)[1].text).toContain('Amount?');
  });

  it('a stale answer (the state moved on elsewhere) re-asks the current question', async () => {
    const { engine, ctx, say } = setup();
    await engine.start('test', ctx);
    const stale = (await engine.active(ctx))!;
    await say('Long enough'); // another replica answered first
    const replies = await engine.answer(stale, 'Other title', ctx);
    expect(replies[0].text).toContain('came in twice');
    expect(replies[1].text).toContain('Amount?');
  });

  it('checks a whole form with the same rules and names each bad field', async () => {
    const { engine, ctx } = setup();
    const bad = await engine.submitForm('test', { title: 'abc', amount: 'x', kind: 'Policy', agree: 'yes', email: '' }, ctx);
    expect(bad).toEqual({
      ok: false,
      errors: { title: 'That is too short: at least 5 characters, please.', amount: '"x" is not a number I can read.' },
    });
    const good = await engine.submitForm('test', { title: 'Long enough', amount: '7', kind: 'financial', detail: 'd', agree: 'no', email: '' }, ctx);
    expect(good).toEqual({ ok: true, replies: [{ text: 'done' }] });
    expect(completed[0]).toEqual({ title: 'Long enough', amount: 7, kind: 'financial', detail: 'd', agree: false, email: null });
  });

  it('tells its observer when flows start, complete or are abandoned, forms included', async () => {
    const { engine, ctx, say, events } = setup();
    await engine.start('test', ctx);
    await say('cancel');
    await engine.start('test', ctx);
    await say('A good title');
    await engine.start('test', ctx); // starting over abandons the draft
    expect(events).toEqual(['test started', 'test abandoned', 'test started', 'test abandoned', 'test started']);
    events.length = 0;
    for (const answer of ['A good title', '1', 'policy', 'no', 'skip']) await say(answer);
    expect(events).toEqual([]);
    await say('confirm');
    expect(events).toEqual(['test completed']);
    events.length = 0;
    await engine.submitForm('test', { title: 'abc' }, ctx);
    expect(events).toEqual([]);
    await engine.submitForm('test', { title: 'Long enough', amount: '7', kind: 'policy', agree: 'no', email: '' }, ctx);
    expect(events).toEqual(['test started', 'test completed']);
  });

  it('builds a form from the steps; a follow-up is an optional field saying when it is needed, and required when it applies', async () => {
    const { engine, ctx } = setup();
    const form = await engine.form('test', ctx);
    expect(form.fields.map((f) => [f.id, f.kind, f.required])).toEqual([
      ['title', 'text', true],
      ['amount', 'number', true],
      ['kind', 'choice', true],
      ['detail', 'text', false],
      ['agree', 'yes-no', true],
      ['email', 'text', false],
    ]);
    expect(form.fields.find((f) => f.id === 'detail')!.hint).toBe('Needed when you answer Financial to "Stakeholder category".');
    const missing = await engine.submitForm('test', { title: 'Long enough', amount: '7', kind: 'financial', detail: '', agree: 'no', email: '' }, ctx);
    expect(missing).toEqual({ ok: false, errors: { detail: 'An answer is needed here.' } });
    const notNeeded = await engine.submitForm('test', { title: 'Long enough', amount: '7', kind: 'policy', detail: '', agree: 'no', email: '' }, ctx);
    expect(notNeeded.ok).toBe(true);
  });
});
