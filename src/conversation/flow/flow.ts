// A flow is an ordered list of steps; each step asks one question, parses the answer
// by its input kind and checks it with a zod schema. Written once for every platform.
import type { ZodTypeAny } from 'zod';
import type { Choice, OutgoingMessage } from '../../core/messages';
import type { MessageId } from '../catalog/catalog';
import type { ConversationContext } from '../context';

export type InputKind = 'text' | 'number' | 'choice' | 'multi-choice' | 'date' | 'countries' | 'yes-no';

export type Answers = Record<string, unknown>;

/**
 * A parsed answer, or why it was refused. A refusal may carry the answer it suggests instead
 * ("Did you mean Tanzania?"): the text to read in its place when the member answers yes.
 */
export type ParseResult = { ok: true; value: unknown } | { ok: false; error: string; suggestion?: string };

export interface StepDefinition {
  id: string;
  input: InputKind;
  /** Short name of the answer, for summaries, "edit" and form labels. */
  label: MessageId;
  prompt: (ctx: ConversationContext, answers: Answers) => string;
  choices?: (ctx: ConversationContext, answers: Answers) => Choice[];
  /** Turns typed text into a value; defaults to the input kind's parser. */
  parse?: (raw: string, ctx: ConversationContext, answers: Answers) => ParseResult;
  /** Checks the parsed value; the first issue becomes the member's error message. */
  schema?: (ctx: ConversationContext, answers: Answers) => ZodTypeAny;
  /** May be skipped; a function when that depends on earlier answers (a value required for one type only). */
  optional?: boolean | ((answers: Answers, ctx: ConversationContext) => boolean);
  /** The step is asked only when this holds for the answers so far. */
  when?: (answers: Answers, ctx: ConversationContext) => boolean;
  /** The value already known (e.g. the stored profile), offered as a one-tap answer. */
  current?: (ctx: ConversationContext) => string | null | undefined;
  /** How an answer reads back in the summary. */
  display?: (value: unknown, ctx: ConversationContext, answers: Answers) => string;
  multiline?: boolean;
  /** For a question with options: the option a plain "yes" or "no" stands for ("no" to "Does it repeat?"). */
  yesNo?: { yes?: string; no?: string };
  /** Shown under the field when the step is part of a form (the prompt speaks to a chat). */
  formHint?: (ctx: ConversationContext) => string;
}

export interface FlowDefinition {
  id: string;
  intro?: (ctx: ConversationContext) => string;
  steps: StepDefinition[];
  /** Show every answer with Edit choices and wait for "confirm" before completing. */
  confirm: boolean;
  complete: (ctx: ConversationContext, answers: Answers) => Promise<OutgoingMessage[]>;
  /**
   * The answers a form of this flow starts from, as its command would seed the chat flow
   * (e.g. which groups the member may still join); absent = none.
   */
  formSeed?: (ctx: ConversationContext) => Promise<Answers>;
  /**
   * Rules on the answers as a whole (a value a type needs, an end year after the start), checked
   * again whenever the summary would be shown, at confirm and on a submitted form: each step to
   * ask again and why, the first to fix first; empty when every rule holds.
   */
  recheck?: (ctx: ConversationContext, answers: Answers) => { step: string; error: string }[];
  /** Why the form cannot be filled in now (a profile to complete first, nothing left to choose); null when it can. */
  formRefusal?: (ctx: ConversationContext) => Promise<string | null>;
  /** False for a flow that continues a command's choice (which pledge, which meeting): it has no form. */
  form?: boolean;
}

export function isOptional(step: StepDefinition, answers: Answers, ctx: ConversationContext): boolean {
  return typeof step.optional === 'function' ? step.optional(answers, ctx) : step.optional === true;
}

export const CONFIRM_STEP = '$confirm';
/** Reserved answer key: the member is changing one answer from the summary. */
export const EDITING_KEY = '$editing';
/** Set (to the time in ms) while a request saves the flow's result: a second confirm waits for it. */
export const COMPLETING_KEY = '$completing';
/** Reserved answer key: the answer a refusal suggested ("Did you mean Tanzania?"), taken by a "yes". */
export const SUGGESTION_KEY = '$suggestion';
/** Reserved answer key: a command typed during the flow, waiting for "stop this and start that?". */
export const INTERRUPT_KEY = '$interrupt';
