// Runs flows: asks the current step, checks answers, moves on, and persists the
// state after every change so that a restart or another replica continues it.
import { isBotError } from '../../core/errors';
import type { Form, FormField, OutgoingMessage } from '../../core/messages';
import type { FlowState, FlowStateRepository } from '../../core/ports';
import { withoutControlCharacters } from '../../core/text/control-characters';
import type { ConversationContext } from '../context';
import { controlWord, editTarget, isWord, yesOrNo } from '../understanding/words';
import { COMPLETING_KEY, CONFIRM_STEP, EDITING_KEY, INTERRUPT_KEY, isOptional, SUGGESTION_KEY, type Answers, type FlowDefinition, type ParseResult, type StepDefinition } from './flow';
import { matchChoice, parseByKind, validate } from './inputs';
import { applicableSteps, choicesOf, withoutReserved } from './steps';
import { editedStep, recheckProblem, summaryMessage } from './summary';

/** What happens to flows, for counting (metrics); the conversation layer knows no metrics library. */
export type FlowOutcome = 'started' | 'completed' | 'abandoned';
export interface FlowObserver {
  flow(flowId: string, outcome: FlowOutcome): void;
}
const noObserver: FlowObserver = { flow: () => undefined };

/** How long a completion in progress holds the flow against a second confirm (a crashed one is then retried). */
const COMPLETING_HOLD_MS = 2 * 60_000;

export { controlWord };

export class FlowEngine {
  private readonly flows = new Map<string, FlowDefinition>();

  constructor(private readonly repository: FlowStateRepository, flows: FlowDefinition[], private readonly observer: FlowObserver = noObserver) {
    for (const flow of flows) this.flows.set(flow.id, flow);
  }

  /** Every flow's id (so counters can start at zero). */
  ids(): string[] {
    return [...this.flows.keys()];
  }

  has(flowId: string): boolean {
    return this.flows.has(flowId);
  }

  /** True for a flow that can be filled in as a form (a Slack modal, a Teams card, the local chat's form). */
  hasForm(flowId: string): boolean {
    return this.flows.get(flowId)?.form !== false && this.flows.has(flowId);
  }

  active(ctx: ConversationContext): Promise<FlowState | null> {
    const read = ctx.takeTurnFlow?.();
    return read !== undefined ? Promise.resolve(read) : this.repository.get(ctx.member.id, ctx.incoming.conversation);
  }

  /** Starts a flow (replacing any other in this conversation) and asks its first question. */
  async start(flowId: string, ctx: ConversationContext, seed: Answers = {}): Promise<OutgoingMessage[]> {
    const flow = this.flow(flowId);
    const first = this.nextIndex(flow, -1, seed, ctx);
    const existing = await this.active(ctx);
    const state = await this.repository.save(
      { memberId: ctx.member.id, conversation: ctx.incoming.conversation, flow: flow.id, step: this.stepIdAt(flow, first), answers: seed, startedAt: ctx.now },
      existing ? existing.version : null,
      ctx.now,
    );
    // A flow replaced by another (or by itself: "start over") is abandoned.
    if (existing) this.observer.flow(existing.flow, 'abandoned');
    this.observer.flow(flow.id, 'started');
    const intro: OutgoingMessage[] = flow.intro ? [{ text: flow.intro(ctx) }] : [];
    return [...intro, this.ask(flow, state, ctx)];
  }

  /** Asks the current question again (after a restart, or when the member wanders off). */
  resume(state: FlowState, ctx: ConversationContext): OutgoingMessage[] {
    return [{ text: ctx.t('flow.resumed') }, this.ask(this.flow(state.flow), state, ctx)];
  }

  /** Handles one answer (typed, or a button's value) for the active flow. */
  async answer(state: FlowState, raw: string, ctx: ConversationContext): Promise<OutgoingMessage[]> {
    const flow = this.flow(state.flow);
    if (this.completing(state, ctx)) return [{ text: ctx.t('flow.saving') }];
    const control = controlWord(raw, ctx.t);
    if (control === 'cancel') {
      await this.stop(state);
      return [{ text: ctx.t('flow.cancelled') }];
    }
    if (state.step === CONFIRM_STEP) return this.atConfirm(flow, state, raw, ctx);

    const index = flow.steps.findIndex((s) => s.id === state.step);
    const step = flow.steps[index];
    // What a question kept for its next answer (a suggestion, a command waiting) ends with it.
    const answers = { ...state.answers, [SUGGESTION_KEY]: undefined, [INTERRUPT_KEY]: undefined };
    if (control === 'back') {
      const previous = this.previousIndex(flow, index, state.answers, ctx);
      if (previous < 0) return [{ text: ctx.t('flow.at_first_step'), tone: 'error' }, this.ask(flow, state, ctx)];
      return this.moveTo(flow, state, flow.steps[previous].id, dropUndefined(answers), ctx);
    }
    if (control === 'skip') {
      if (!isOptional(step, state.answers, ctx)) return [{ text: ctx.t('flow.cannot_skip'), tone: 'error' }, this.ask(flow, state, ctx)];
      return this.advance(flow, state, index, { ...answers, [step.id]: null }, ctx);
    }
    // "Did you mean Tanzania?" answered yes: the suggestion is the answer; no: the question again.
    const suggested = state.answers[SUGGESTION_KEY];
    let text = raw;
    if (typeof suggested === 'string') {
      const yes = yesOrNo(raw, ctx.t);
      if (yes === false) return this.moveTo(flow, state, step.id, dropUndefined(answers), ctx, ctx.t('flow.suggestion_declined'));
      if (yes === true) text = suggested;
    }
    const checked = this.check(step, text, state.answers, ctx);
    if (!checked.ok) return this.refuse(flow, state, checked, ctx);
    return this.advance(flow, state, index, { ...answers, [step.id]: checked.value }, ctx);
  }

  /** A refused answer: the reason (with Yes / No when it suggests another answer), then the question again. */
  private async refuse(flow: FlowDefinition, state: FlowState, refused: Extract<ParseResult, { ok: false }>, ctx: ConversationContext): Promise<OutgoingMessage[]> {
    const had = state.answers[SUGGESTION_KEY] !== undefined;
    if (!refused.suggestion && !had) return [{ text: refused.error, tone: 'error' }, this.ask(flow, state, ctx)];
    const saved = await this.remember(state, SUGGESTION_KEY, refused.suggestion, ctx);
    const yesNo = refused.suggestion ? { choices: { options: [{ label: ctx.t('input.yes'), value: 'yes' }, { label: ctx.t('input.no'), value: 'no' }] } } : {};
    return [{ text: refused.error, tone: 'error', ...yesNo }, this.ask(flow, saved ?? state, ctx)];
  }

  /**
   * Keeps (or, with undefined, forgets) one reserved value in the stored state, so that it
   * survives a restart; returns the state as stored, or null when another request changed it.
   */
  async remember(state: FlowState, key: typeof SUGGESTION_KEY | typeof INTERRUPT_KEY, value: unknown, ctx: ConversationContext): Promise<FlowState | null> {
    const answers = dropUndefined({ ...state.answers, [key]: value });
    try {
      return await this.repository.save({ ...state, answers }, state.version, ctx.now);
    } catch (error) {
      if (!isBotError(error, 'FLOW.STALE')) throw error;
      return null;
    }
  }

  /** Stops the flow in progress without saving anything (counted as abandoned). */
  async stop(state: FlowState): Promise<void> {
    await this.repository.delete(state.memberId, state.conversation);
    this.observer.flow(state.flow, 'abandoned');
  }

  /**
   * True when the text is an answer the current question itself takes (one of its options, an
   * edit at a summary), so that it is never read as a command typed in between.
   */
  takesAsAnswer(state: FlowState, text: string, ctx: ConversationContext): boolean {
    const flow = this.flows.get(state.flow);
    if (!flow) return false;
    if (state.step === CONFIRM_STEP) return editTarget(text, ctx.t) !== null || isWord(text, ctx.t, 'confirm');
    const step = flow.steps.find((s) => s.id === state.step);
    const choices = step && choicesOf(step, ctx, state.answers);
    return Boolean(choices && matchChoice(text, choices));
  }

  /** True when the current question takes any text (a name, a title): only a bare command interrupts it. */
  takesFreeText(state: FlowState): boolean {
    const step = this.flows.get(state.flow)?.steps.find((s) => s.id === state.step);
    return Boolean(step && step.input === 'text' && !step.choices);
  }

  /**
   * The whole flow as one form (Slack modal, Teams card), built from the same steps. A step
   * that depends on another step's answer (a follow-up) is a field too, optional in the form
   * with a hint saying when it is needed; submitForm requires it when it applies.
   */
  async form(flowId: string, ctx: ConversationContext): Promise<Form> {
    const flow = this.flow(flowId);
    const seed = (await flow.formSeed?.(ctx)) ?? {};
    const fields: FormField[] = [];
    for (const [index, s] of flow.steps.entries()) {
      const trigger = s.when && !s.when(seed, ctx) ? this.trigger(flow, index, seed, ctx) : null;
      if (s.when && !s.when(seed, ctx) && !trigger) continue;
      fields.push({
        id: s.id,
        label: ctx.t(s.label),
        kind: s.input === 'text' && s.multiline ? 'textarea' : s.input,
        required: !isOptional(s, seed, ctx) && !trigger,
        choices: choicesOf(s, ctx, seed),
        initial: s.current?.(ctx) ?? undefined,
        ...hint(s.formHint?.(ctx), trigger && ctx.t('flow.form_follow_up', { answer: trigger.answer, field: ctx.t(trigger.step.label) })),
      });
    }
    return { id: flow.id, title: flow.intro ? flow.intro(ctx) : flow.id, submitLabel: ctx.t('flow.confirm'), fields };
  }

  /** Why this member cannot fill in the flow's form now, or null. */
  async formRefusal(flowId: string, ctx: ConversationContext): Promise<string | null> {
    return (await this.flow(flowId).formRefusal?.(ctx)) ?? null;
  }

  /**
   * Checks a submitted form with each step's parser and schema. Errors name the field;
   * nothing is saved unless every field is valid.
   */
  async submitForm(flowId: string, values: Record<string, string | string[]>, ctx: ConversationContext): Promise<{ ok: true; replies: OutgoingMessage[] } | { ok: false; errors: Record<string, string> }> {
    const checked = await this.checkForm(flowId, values, ctx);
    return checked.ok ? { ok: true, replies: await this.completeForm(flowId, checked.answers, ctx) } : checked;
  }

  /** The checks of submitForm without completing: an adapter can answer in time, then complete. */
  async checkForm(flowId: string, values: Record<string, string | string[]>, ctx: ConversationContext): Promise<{ ok: true; answers: Answers } | { ok: false; errors: Record<string, string> }> {
    const flow = this.flow(flowId);
    const answers: Answers = { ...((await flow.formSeed?.(ctx)) ?? {}) };
    const errors: Record<string, string> = {};
    const missing: string[] = [];
    for (const step of flow.steps) {
      if (step.when && !step.when(answers, ctx)) continue;
      const value = values[step.id];
      const raw = Array.isArray(value) ? value.join(', ') : (value ?? '').trim();
      if (raw === '') {
        answers[step.id] = null;
        if (!isOptional(step, answers, ctx)) missing.push(step.id);
        continue;
      }
      const checked = this.check(step, raw, answers, ctx);
      if (checked.ok) answers[step.id] = checked.value;
      else errors[step.id] = checked.error;
    }
    // The flow's rules on the whole record name what a field lacks more precisely than "needed".
    for (const problem of flow.recheck?.(ctx, answers) ?? []) errors[problem.step] ??= problem.error;
    for (const id of missing) errors[id] ??= ctx.t('error.required');
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    return { ok: true, answers };
  }

  /** Completes a checked form; a form counts as a flow started and completed in one. */
  async completeForm(flowId: string, answers: Answers, ctx: ConversationContext): Promise<OutgoingMessage[]> {
    const replies = await this.flow(flowId).complete(ctx, answers);
    this.observer.flow(flowId, 'started');
    this.observer.flow(flowId, 'completed');
    return replies;
  }

  /**
   * Saves a chat flow's result. The stored state is first marked as completing (a versioned
   * write: of two confirms at once, one wins and the other is told it is being saved); if saving
   * fails (the database went away) the state is put back as it was, so no answer is lost, and
   * only once the result is saved is the state deleted.
   */
  private async finish(flow: FlowDefinition, state: FlowState, answers: Answers, ctx: ConversationContext): Promise<OutgoingMessage[]> {
    let claimed: FlowState;
    try {
      claimed = await this.repository.save({ ...state, answers: { ...state.answers, [COMPLETING_KEY]: ctx.now.getTime() } }, state.version, ctx.now);
    } catch (error) {
      if (!isBotError(error, 'FLOW.STALE')) throw error;
      return [{ text: ctx.t('flow.saving') }];
    }
    let replies: OutgoingMessage[];
    try {
      replies = await this.complete(flow, answers, ctx);
    } catch (error) {
      // Best effort: when the database is down this fails too, and the mark expires instead.
      await this.repository.save({ ...claimed, answers: state.answers }, claimed.version, ctx.now).catch(() => undefined);
      throw error;
    }
    // Saved: a failure to delete the state now must not report the save as failed.
    await this.repository.delete(state.memberId, state.conversation).catch(() => undefined);
    return replies;
  }

  /** True while another request is saving this flow's result (within the hold). */
  private completing(state: FlowState, ctx: ConversationContext): boolean {
    const since = state.answers[COMPLETING_KEY];
    return typeof since === 'number' && ctx.now.getTime() - since < COMPLETING_HOLD_MS;
  }

  /** Completes a chat flow; counted once the completion succeeded. */
  private async complete(flow: FlowDefinition, answers: Answers, ctx: ConversationContext): Promise<OutgoingMessage[]> {
    const replies = await flow.complete(ctx, withoutReserved(answers));
    this.observer.flow(flow.id, 'completed');
    return replies;
  }

  /** The earlier step and answer that make step `index` apply, when one answer of a step with choices does. */
  private trigger(flow: FlowDefinition, index: number, seed: Answers, ctx: ConversationContext): { step: StepDefinition; answer: string } | null {
    const step = flow.steps[index];
    for (const earlier of flow.steps.slice(0, index)) {
      const options: { value: unknown; label: string }[] =
        earlier.input === 'yes-no'
          ? [{ value: true, label: ctx.t('input.yes') }, { value: false, label: ctx.t('input.no') }]
          : (choicesOf(earlier, ctx, seed) ?? []).map((c) => ({ value: earlier.input === 'multi-choice' ? [c.value] : c.value, label: c.label }));
      const hit = options.find((o) => step.when!({ ...seed, [earlier.id]: o.value }, ctx));
      if (hit) return { step: earlier, answer: hit.label };
    }
    return null;
  }

  private check(step: StepDefinition, typed: string, answers: Answers, ctx: ConversationContext) {
    // Form fields arrive here without passing Bot.handle: cleaned the same way.
    const raw = withoutControlCharacters(typed);
    const parsed = step.parse ? step.parse(raw, ctx, answers) : parseByKind(step.input, raw, choicesOf(step, ctx, answers) ?? [], ctx.t, step.yesNo);
    return parsed.ok ? validate(step.schema?.(ctx, answers), parsed.value, raw, ctx.t) : parsed;
  }

  private async atConfirm(flow: FlowDefinition, state: FlowState, raw: string, ctx: ConversationContext): Promise<OutgoingMessage[]> {
    const control = controlWord(raw, ctx.t);
    if (control === 'confirm') {
      // The summary may have been stored before a rule changed, or edited since: asked again, not saved.
      if (recheckProblem(flow, state.answers, ctx)) return this.moveTo(flow, state, CONFIRM_STEP, state.answers, ctx);
      return this.finish(flow, state, state.answers, ctx);
    }
    if (control === 'back') {
      const last = this.previousIndex(flow, flow.steps.length, state.answers, ctx);
      return this.moveTo(flow, state, flow.steps[last].id, state.answers, ctx);
    }
    const edit = editTarget(raw, ctx.t);
    if (edit) {
      const target = editedStep(flow, state.answers, edit, ctx);
      if (target) return this.moveTo(flow, state, target.id, { ...state.answers, [EDITING_KEY]: true }, ctx);
      const fields = applicableSteps(flow, state.answers, ctx).map((s) => ctx.t(s.label)).join(', ');
      return [{ text: ctx.t('flow.edit_which', { input: edit.trim().slice(0, 60), fields }), tone: 'error' }, this.ask(flow, state, ctx)];
    }
    return [{ text: ctx.t('flow.confirm_prompt'), tone: 'error' }, this.ask(flow, state, ctx)];
  }

  private async advance(flow: FlowDefinition, state: FlowState, index: number, answers: Answers, ctx: ConversationContext): Promise<OutgoingMessage[]> {
    const editing = answers[EDITING_KEY] === true;
    // After an edit, a step the new answer brings in (and not yet answered) is asked before the summary.
    const next = editing ? this.nextUnanswered(flow, index, answers, ctx) : this.nextIndex(flow, index, answers, ctx);
    if (next >= flow.steps.length && !flow.confirm) return this.finish(flow, state, answers, ctx);
    const cleaned = editing ? { ...answers, [EDITING_KEY]: undefined } : answers;
    return this.moveTo(flow, state, this.stepIdAt(flow, next), dropUndefined(cleaned), ctx);
  }

  private async moveTo(flow: FlowDefinition, state: FlowState, stepId: string, answers: Answers, ctx: ConversationContext, before?: string): Promise<OutgoingMessage[]> {
    // Instead of a summary that breaks a rule, the answer to fix is asked again, then the summary.
    const problem = stepId === CONFIRM_STEP ? recheckProblem(flow, answers, ctx) : null;
    const step = problem ? problem.step : stepId;
    const next = problem ? { ...answers, [EDITING_KEY]: true } : answers;
    try {
      const saved = await this.repository.save({ ...state, step, answers: next }, state.version, ctx.now);
      if (problem) {
        const field = ctx.t(flow.steps.find((s) => s.id === problem.step)!.label);
        return [{ text: ctx.t('flow.fix_first', { field, error: problem.error }), tone: 'error' }, this.ask(flow, saved, ctx)];
      }
      return [...(before ? [{ text: before }] : []), this.ask(flow, saved, ctx)];
    } catch (error) {
      if (!isBotError(error, 'FLOW.STALE')) throw error;
      const current = await this.active(ctx);
      if (!current) return [{ text: ctx.t('flow.cancelled') }];
      return [{ text: ctx.t('flow.stale') }, this.ask(this.flow(current.flow), current, ctx)];
    }
  }

  private ask(flow: FlowDefinition, state: FlowState, ctx: ConversationContext): OutgoingMessage {
    if (state.step === CONFIRM_STEP) return summaryMessage(flow, state.answers, ctx);
    const step = flow.steps.find((s) => s.id === state.step)!;
    const current = step.current?.(ctx);
    const choices = choicesOf(step, ctx, state.answers);
    const lines = [step.prompt(ctx, state.answers)];
    if (current && !choices) lines.push(ctx.t('flow.current', { value: current }));
    lines.push(ctx.t(isOptional(step, state.answers, ctx) ? 'flow.controls' : 'flow.controls_required'));
    const options = choices ?? (current ? [{ label: current, value: current }] : undefined);
    return { text: lines.join('\n'), ...(options ? { choices: { options, multiple: step.input === 'multi-choice' } } : {}) };
  }

  private nextIndex(flow: FlowDefinition, from: number, answers: Answers, ctx: ConversationContext): number {
    for (let i = from + 1; i < flow.steps.length; i++) if (!flow.steps[i].when || flow.steps[i].when!(answers, ctx)) return i;
    return flow.steps.length;
  }

  private nextUnanswered(flow: FlowDefinition, from: number, answers: Answers, ctx: ConversationContext): number {
    for (let i = this.nextIndex(flow, from, answers, ctx); i < flow.steps.length; i = this.nextIndex(flow, i, answers, ctx)) {
      if (!(flow.steps[i].id in answers)) return i;
    }
    return flow.steps.length;
  }

  private previousIndex(flow: FlowDefinition, from: number, answers: Answers, ctx: ConversationContext): number {
    for (let i = from - 1; i >= 0; i--) if (!flow.steps[i].when || flow.steps[i].when!(answers, ctx)) return i;
    return -1;
  }

  private stepIdAt(flow: FlowDefinition, index: number): string {
    return index >= flow.steps.length ? CONFIRM_STEP : flow.steps[index].id;
  }

  private flow(id: string): FlowDefinition {
    const flow = this.flows.get(id);
    if (!flow) throw new Error(`Unknown flow ${id}`);
    return flow;
  }
}

function hint(...parts: (string | null | undefined)[]): { hint?: string } {
  const text = parts.filter(Boolean).join(' ');
  return text ? { hint: text } : {};
}

function dropUndefined(answers: Answers): Answers {
  return Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined));
}
