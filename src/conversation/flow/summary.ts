// A flow's confirm step: the summary of the answers (a button to confirm, one per answer to
// edit), which answer an `edit …` names, and the flow's whole-answer rule checked before saving.
import type { OutgoingMessage } from '../../core/messages';
import { normalize } from '../../core/text/similarity';
import type { ConversationContext } from '../context';
import { withoutFiller } from '../understanding/words';
import type { Answers, FlowDefinition, StepDefinition } from './flow';
import { uniqueByWords } from './inputs';
import { applicableSteps, choicesOf, withoutReserved } from './steps';

export function summaryMessage(flow: FlowDefinition, answers: Answers, ctx: ConversationContext): OutgoingMessage {
  const steps = applicableSteps(flow, answers, ctx);
  return {
    title: ctx.t('flow.summary'),
    text: ctx.t('flow.confirm_prompt'),
    fields: steps.map((s) => ({ label: ctx.t(s.label), value: display(s, answers[s.id], ctx, answers) })),
    choices: {
      options: [
        { label: ctx.t('flow.confirm'), value: 'confirm', style: 'primary' },
        ...steps.map((s) => ({ label: ctx.t('flow.edit', { field: ctx.t(s.label) }), value: `edit ${s.id}` })),
      ],
    },
  };
}

function display(step: StepDefinition, value: unknown, ctx: ConversationContext, answers: Answers): string {
  if (value === null || value === undefined) return ctx.t('flow.skipped');
  if (step.display) return step.display(value, ctx, answers);
  if (typeof value === 'boolean') return ctx.t(value ? 'input.yes' : 'input.no');
  const choices = choicesOf(step, ctx, {});
  const label = (v: unknown) => choices?.find((c) => c.value === v)?.label ?? String(v);
  return Array.isArray(value) ? value.map(label).join(', ') : label(value);
}

/** The step `edit <what>` names: by the step's id, its whole label, or any word of the label only it has ("edit value"). */
export function editedStep(flow: FlowDefinition, answers: Answers, edit: string, ctx: ConversationContext): StepDefinition | undefined {
  const steps = applicableSteps(flow, answers, ctx);
  // Articles and the like ("edit the title", "modifier le titre") say nothing about which.
  const wanted = withoutFiller(edit, ctx.t);
  return (
    steps.find((s) => [s.id, ctx.t(s.label)].some((k) => normalize(k) === normalize(edit) || withoutFiller(k, ctx.t) === wanted)) ??
    uniqueByWords(wanted, steps, (s) => [withoutFiller(ctx.t(s.label), ctx.t)])
  );
}

/** The flow's whole-answer rule that does not hold, on a step the member can be asked again. */
export function recheckProblem(flow: FlowDefinition, answers: Answers, ctx: ConversationContext): { step: string; error: string } | null {
  const steps = applicableSteps(flow, answers, ctx);
  return (flow.recheck?.(ctx, withoutReserved(answers)) ?? []).find((problem) => steps.some((s) => s.id === problem.step)) ?? null;
}
