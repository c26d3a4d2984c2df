// `update pledge <number>`: the owner (or the secretariat) changes one field, asked with
// the same question and checked with the same schema as in `pledge`; the change is kept
// in the pledge's history.
import type { Pledge, PledgeField } from '../../core/pledges/pledge-ports';
import type { ConversationContext } from '../context';
import { isOptional, type Answers, type FlowDefinition, type ParseResult, type StepDefinition } from '../flow/flow';
import { parseByKind, validate } from '../flow/inputs';
import { mayChange } from './access';
import { pledgeProblemsOf, pledgeStep, pledgeSteps } from './pledge-steps';

export const UPDATE_FLOW = 'pledge-update';

/** The answers an update starts from: the pledge as stored, so dependent checks (end ≥ start) hold. */
export function updateSeed(pledge: Pledge): Answers {
  const { id, focusArea, pillar, title, description, type, valueUsd, countries, beneficiaries, sdgs, startYear, endYear } = pledge;
  return { pledgeId: id, focusArea, pillar, title, description, type, valueUsd, countries, beneficiaries, sdgs, startYear, endYear };
}

const target = (answers: Answers): StepDefinition => pledgeStep(String(answers.field))!;

function check(step: StepDefinition, raw: string, ctx: ConversationContext, answers: Answers): ParseResult {
  const parsed = step.parse ? step.parse(raw, ctx, answers) : parseByKind(step.input, raw, step.choices?.(ctx, answers) ?? [], ctx.t);
  return parsed.ok ? validate(step.schema?.(ctx, answers), parsed.value, raw, ctx.t) : parsed;
}

export function displayValue(step: StepDefinition, value: unknown, ctx: ConversationContext, answers: Answers): string {
  if (value === null || value === undefined) return ctx.t('flow.skipped');
  if (step.display) return step.display(value, ctx, answers);
  const choices = step.choices?.(ctx, answers) ?? [];
  const label = (v: unknown) => choices.find((c) => c.value === v)?.label ?? String(v);
  return Array.isArray(value) ? value.map(label).join(', ') : label(value);
}

export const updateFlow: FlowDefinition = {
  id: UPDATE_FLOW,
  confirm: false,
  // Which pledge comes from `update pledge <number>`; a form could not say.
  form: false,
  steps: [
    {
      id: 'field',
      input: 'choice',
      label: 'pledge.update.field.label',
      prompt: (ctx) => ctx.t('pledge.update.field.prompt'),
      choices: (ctx, answers) => pledgeSteps.filter((s) => !s.when || s.when(answers, ctx)).map((s) => ({ label: ctx.t(s.label), value: s.id })),
    },
    {
      id: 'value',
      input: 'text',
      label: 'pledge.update.value.label',
      optional: (answers, ctx) => isOptional(target(answers), answers, ctx),
      prompt: (ctx, answers) => target(answers).prompt(ctx, answers),
      choices: (ctx, answers) => target(answers).choices?.(ctx, answers) ?? [],
      parse: (raw, ctx, answers) => check(target(answers), raw, ctx, answers),
    },
  ],
  async complete(ctx, answers) {
    const number = Number(answers.pledgeId);
    const pledge = await ctx.repositories.pledges.get(number);
    if (!pledge) return [{ text: ctx.t('pledge.not_found', { number }), tone: 'error' }];
    if (!mayChange(ctx, pledge)) return [{ text: ctx.t('pledge.not_yours', { number }), tone: 'error' }];
    const field = String(answers.field) as PledgeField;
    const value = answers.value ?? null;
    if (JSON.stringify(pledge[field]) === JSON.stringify(value)) return [{ text: ctx.t('pledge.update.unchanged') }];
    // The whole pledge after the change, checked by the same rules as a new one.
    const [problem] = pledgeProblemsOf(ctx, { ...updateSeed(pledge), [field]: value });
    if (problem?.step === 'valueUsd' && field === 'type') return [{ text: ctx.t('pledge.update.value_needed', { number }), tone: 'error' }];
    if (problem) return [{ text: ctx.t('pledge.update.refused', { number, field: ctx.t(pledgeStep(problem.step)!.label), error: problem.error }), tone: 'error' }];
    await ctx.repositories.pledges.updateField(number, field, value as never, ctx.member.id, ctx.now);
    const step = target(answers);
    return [{ text: ctx.t('pledge.update.done', { number, field: ctx.t(step.label), value: displayValue(step, value, ctx, answers) }), tone: 'success' }];
  },
};
