// What a flow's steps offer and which of them apply to the answers so far.
import type { Choice } from '../../core/messages';
import type { ConversationContext } from '../context';
import { COMPLETING_KEY, EDITING_KEY, INTERRUPT_KEY, SUGGESTION_KEY, type Answers, type FlowDefinition, type StepDefinition } from './flow';

/** The options a step offers as buttons (its own, or yes and no), none for a question without options. */
export function choicesOf(step: StepDefinition, ctx: ConversationContext, answers: Answers): Choice[] | undefined {
  if (step.choices) {
    const choices = step.choices(ctx, answers);
    return choices.length > 0 ? choices : undefined; // a question without options shows no empty button row
  }
  if (step.input === 'yes-no') return [{ label: ctx.t('input.yes'), value: 'yes' }, { label: ctx.t('input.no'), value: 'no' }];
  return undefined;
}

export function applicableSteps(flow: FlowDefinition, answers: Answers, ctx: ConversationContext): StepDefinition[] {
  return flow.steps.filter((s) => !s.when || s.when(answers, ctx));
}

/** The member's answers without the engine's own bookkeeping keys. */
export function withoutReserved(answers: Answers): Answers {
  const { [EDITING_KEY]: _editing, [COMPLETING_KEY]: _completing, [SUGGESTION_KEY]: _suggestion, [INTERRUPT_KEY]: _interrupt, ...rest } = answers;
  return rest;
}
