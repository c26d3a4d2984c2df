// A message typed while a question is open that is a command: a command that only reads runs and
// the question is asked again; any other asks first "You are in the middle of X. Stop it and
// start Y?" (kept in the flow's stored state, so the answer may come after a restart). Text the
// question itself takes (one of its options, an edit at a summary) stays its answer; in a
// question that takes any text (a name, a title) a command typed alone interrupts, a short
// command with arguments ("join access") asks first, and a longer text is the answer.
import type { OutgoingMessage } from '../../core/messages';
import type { FlowState } from '../../core/ports';
import type { ConversationContext } from '../context';
import type { Router } from '../router';
import { turnCommandAliases, yesOrNo } from '../understanding/words';
import { INTERRUPT_KEY } from './flow';
import { clip } from './inputs';
import type { FlowEngine } from './flow-engine';

/** At most this many words make a command with arguments read as a command in a free-text question. */
const SHORT_COMMAND_WORDS = 3;

export type RunCommand = (ctx: ConversationContext, text: string) => Promise<OutgoingMessage[]>;

export class Interruptions {
  constructor(private readonly router: Router, private readonly flows: FlowEngine, private readonly run: RunCommand) {}

  /**
   * The replies when `text` interrupts the question (or answers "stop it?"), else null: the text is
   * the question's answer. `asCommand`: the text is a command for certain (an App Home button, a
   * tab), never an answer: only whether it reads or would start another flow counts.
   */
  async handle(ctx: ConversationContext, state: FlowState, text: string, asCommand = false): Promise<OutgoingMessage[] | null> {
    const waiting = state.answers[INTERRUPT_KEY];
    if (typeof waiting === 'string' && !asCommand) {
      const stop = yesOrNo(text, ctx.t);
      if (stop === true) {
        await this.flows.stop(state);
        return [{ text: ctx.t('interrupt.dropped') }, ...(await this.run(ctx, waiting))];
      }
      const kept = await this.flows.remember(state, INTERRUPT_KEY, undefined, ctx);
      if (stop === false) return [{ text: ctx.t('interrupt.kept') }, ...this.flows.resume(kept ?? state, ctx).slice(1)];
      // Something else: the question stays, and the text is read afresh.
      if (kept) state = kept;
    }
    const routed = this.router.route(text, turnCommandAliases(ctx));
    if (routed.kind !== 'command') return null;
    const certain = asCommand || routed.command.neverAnAnswer?.(routed.args, ctx.t) === true;
    if (!certain && this.flows.takesAsAnswer(state, text, ctx)) return null;
    // A question that takes any text: a command with more words is read as the answer, unless it
    // is short enough to be the command ("join access" as a name): then it asks, never stores.
    const freeText = !certain && this.flows.takesFreeText(state);
    if (routed.args !== '' && freeText && text.trim().split(/\s+/).length > SHORT_COMMAND_WORDS) return null;
    const readOnly = typeof routed.command.readOnly === 'function' ? routed.command.readOnly(routed.args) : routed.command.readOnly;
    if (readOnly && !(freeText && routed.args !== '')) return [...(await this.run(ctx, text)), ...this.flows.resume(state, ctx)];
    if (routed.command.name === state.flow && routed.args === '') return this.flows.resume(state, ctx);
    const saved = await this.flows.remember(state, INTERRUPT_KEY, text, ctx);
    if (!saved) return this.flows.resume(state, ctx);
    return [{
      text: ctx.t('interrupt.ask', { flow: state.flow.replace(/-/g, '_'), command: clip(text) }),
      choices: { options: [{ label: ctx.t('input.yes'), value: 'yes', style: 'primary' }, { label: ctx.t('input.no'), value: 'no' }] },
    }];
  }
}
