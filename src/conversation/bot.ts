// The conversation layer's entry point: one incoming message in, the replies out.
// Platform-neutral; adapters call it after verifying and parsing a request.
import { coalitionIn, type Coalition } from '../core/coalition/coalition';
import type { CountryRegistry } from '../core/countries/country-registry';
import type { Clock } from '../core/clock';
import { identify, type RoleSeed } from '../core/members/identify';
import type { IncomingMessage, OutgoingMessage } from '../core/messages';
import type { ChatPort, FlowState, Repositories } from '../core/ports';
import { withoutControlCharacters } from '../core/text/control-characters';
import { normalize } from '../core/text/similarity';
import { translator } from './catalog/catalog';
import { greet, isGreeting } from './commands/greeting';
import { helpCommand } from './commands/help';
import { languageChoices, languageCommand } from './commands/language';
import { defaultHomeSections, type HomeSection } from './home';
import { meCommand } from './commands/me';
import type { ConversationContext, Links } from './context';
import type { FlowDefinition } from './flow/flow';
import { controlWord, FlowEngine, type FlowObserver } from './flow/flow-engine';
import { profileFlow } from './flows/profile';
import { meetingCommands, rescheduleFlow } from './meetings/commands';
import { scheduleFlow } from './meetings/schedule-flow';
import { scheduleCommand } from './meetings/schedule-command';
import { membershipCommands, membershipFlows } from './membership';
import { pledgeCommands, pledgeFlow } from './pledges/commands';
import { updateFlow } from './pledges/update-flow';
import { checkInCommand, checkInFlow } from './pledges/check-in';
import { RateLimit } from './rate-limit';
import { Router, type Command } from './router';

export interface BotDependencies {
  repositories: Repositories;
  coalition: Coalition;
  countries: CountryRegistry;
  clock: Clock;
  /** Sends to other people and channels than the one being answered. */
  chat: ChatPort;
  links: Links;
  /** Roles granted by configuration (the secretariat's platform ids, demo users). */
  roleSeeds?: RoleSeed[];
  /** Commands and flows added by later capabilities. */
  commands?: Command[];
  flows?: FlowDefinition[];
  /** Channel addresses where the secretariat receives applications (encoded by their adapters). */
  secretariatChannels?: string[];
  /** Sections added to the member's overview (home) by later capabilities, after the default ones. */
  homeSections?: HomeSection[];
  /** Told when flows start, complete or are abandoned (metrics); none by default. */
  flowObserver?: FlowObserver;
  /** Messages one person may send in a minute (every platform); unlimited when absent. */
  rateLimitPerMinute?: number;
}

/** Limits what one message can make the bot parse; longer text is refused whole (never cut), and the member is told. */
const MAX_INPUT = 4000;

export class Bot {
  readonly router: Router;
  readonly flows: FlowEngine;
  private readonly rateLimit?: RateLimit;

  constructor(private readonly deps: BotDependencies) {
    if (deps.rateLimitPerMinute) this.rateLimit = new RateLimit(deps.rateLimitPerMinute);
    const membership = { secretariatChannels: deps.secretariatChannels ?? [] };
    const flows = [profileFlow, scheduleFlow, rescheduleFlow, ...membershipFlows(deps.coalition, membership), pledgeFlow, updateFlow, checkInFlow, ...(deps.flows ?? [])];
    this.flows = new FlowEngine(deps.repositories.flows, flows, deps.flowObserver);
    const commands: Command[] = [
      helpCommand(() => this.router.commands),
      meCommand,
      languageCommand,
      flowCommand('profile', 'command.profile', ['register']),
      ...membershipCommands(),
      ...meetingCommands,
      scheduleCommand,
      ...pledgeCommands,
      checkInCommand,
      ...(deps.commands ?? []),
    ];
    this.router = new Router(commands);
  }

  async handle(incoming: IncomingMessage): Promise<OutgoingMessage[]> {
    const limited = this.limited(incoming);
    if (limited) return limited;
    const ctx = await this.context(incoming);
    return inReaderLocale(ctx, await this.turn(ctx, incoming));
  }

  private async turn(ctx: ConversationContext, incoming: IncomingMessage): Promise<OutgoingMessage[]> {
    const text = inputText(incoming);
    const state = await this.flows.active(ctx);
    // Refused whole rather than cut: a clipped answer would be stored as if it were complete.
    if (text.length > MAX_INPUT) return [tooLong(ctx), ...(state ? this.flows.resume(state, ctx) : [])];

    if (incoming.form) {
      const refused = await this.formRefused(incoming.form.id, ctx);
      if (refused) return refused;
      const result = await this.flows.submitForm(incoming.form.id, incoming.form.values, ctx);
      if (result.ok) return result.replies;
      return [{ text: Object.entries(result.errors).map(([field, error]) => `${field}: ${error}`).join('\n'), tone: 'error' }];
    }
    if (state) {
      if (text === '') return this.flows.resume(state, ctx);
      if (normalize(text) === 'help') return [...(await this.run(ctx, 'help')), ...this.flows.resume(state, ctx)];
      const replies = await this.duringFlow(ctx, state, text);
      if (replies) return replies;
      return this.flows.answer(state, text, ctx);
    }
    if (text === '') return [{ text: ctx.t('welcome', { bot: ctx.coalition.botName, coalition: ctx.coalition.name }), ...(ctx.member.localeChosen ? {} : languageOffer(ctx)) }];
    // A question's own words with no question open (a second press of Confirm, say): said plainly.
    const control = controlWord(text);
    if (control) return [{ text: ctx.t(NO_QUESTION[control]) }];
    if (isGreeting(text)) return greet(ctx);
    return this.run(ctx, text);
  }

  /**
   * Runs one command outside any flow (an App Home button, a tab): a flow in progress is not
   * read as its answer. A flow command replaces the flow in progress, as typed commands do.
   */
  async command(incoming: IncomingMessage, text: string): Promise<OutgoingMessage[]> {
    const limited = this.limited(incoming);
    if (limited) return limited;
    const ctx = await this.context(incoming);
    const clean = withoutControlCharacters(text).trim();
    if (clean.length > MAX_INPUT) return [tooLong(ctx)];
    const state = await this.flows.active(ctx);
    const replies = state && (await this.duringFlow(ctx, state, clean));
    return inReaderLocale(ctx, replies || (await this.run(ctx, clean)));
  }

  /** A command that acts on the flow in progress (`pledge` offering its draft), or null. */
  private async duringFlow(ctx: ConversationContext, state: FlowState, text: string): Promise<OutgoingMessage[] | null> {
    const routed = this.router.route(text);
    if (routed.kind !== 'command' || !routed.command.duringFlow) return null;
    return routed.command.duringFlow(ctx, routed.args, { id: state.flow, resume: () => this.flows.resume(state, ctx) });
  }

  /** The member's overview (an App Home, a tab): one list of messages per section, in order. */
  async home(incoming: IncomingMessage): Promise<OutgoingMessage[][]> {
    const ctx = await this.context(incoming);
    const sections = [...defaultHomeSections, ...(this.deps.homeSections ?? [])];
    return Promise.all(sections.map(async (section) => inReaderLocale(ctx, await section(ctx))));
  }

  /** The flow this member is answering in this conversation, if any (adapters choose where to answer). */
  async activeFlow(incoming: IncomingMessage): Promise<string | null> {
    const state = await this.flows.active(await this.context(incoming));
    return state?.flow ?? null;
  }

  /** Why this member cannot fill in the flow's form now (shown instead of the form), or null. */
  async formRefusal(flowId: string, incoming: IncomingMessage): Promise<string | null> {
    return this.flows.formRefusal(flowId, await this.context(incoming));
  }

  /** The form for a flow (Slack modal, Teams card) for this member. */
  async form(flowId: string, incoming: IncomingMessage) {
    return this.flows.form(flowId, await this.context(incoming));
  }

  /**
   * Checks a form submission without acting on it: errors per field (a modal shows them in
   * place), or the completion to run once the platform has had its answer (Slack's 3 s ack).
   */
  async checkForm(incoming: IncomingMessage & { form: NonNullable<IncomingMessage['form']> }): Promise<{ ok: false; errors: Record<string, string> } | { ok: true; complete: () => Promise<OutgoingMessage[]> }> {
    // Over the limit: the form closes and nothing is done; the notice (once) comes as a message.
    const limited = this.limited(incoming);
    if (limited) return { ok: true, complete: async () => limited };
    const ctx = await this.context(incoming);
    // A crafted or stale submission (no such form, or one refused now): closed, and told why in the chat.
    const refused = await this.formRefused(incoming.form.id, ctx);
    if (refused) return { ok: true, complete: async () => refused };
    const checked = await this.flows.checkForm(incoming.form.id, incoming.form.values, ctx);
    if (!checked.ok) return checked;
    return { ok: true, complete: () => this.flows.completeForm(incoming.form.id, checked.answers, ctx) };
  }

  /** Checks a form submission; errors are per field so a modal can show them in place. */
  async submitForm(incoming: IncomingMessage & { form: NonNullable<IncomingMessage['form']> }): Promise<{ ok: true; replies: OutgoingMessage[] } | { ok: false; errors: Record<string, string> }> {
    const limited = this.limited(incoming);
    if (limited) return { ok: true, replies: limited };
    const ctx = await this.context(incoming);
    const refused = await this.formRefused(incoming.form.id, ctx);
    if (refused) return { ok: true, replies: refused };
    return this.flows.submitForm(incoming.form.id, incoming.form.values, ctx);
  }

  /** Why a submitted form is not taken (no such form, or refused for this member now), or null. */
  private async formRefused(flowId: string, ctx: ConversationContext): Promise<OutgoingMessage[] | null> {
    if (!this.flows.hasForm(flowId)) return [{ text: ctx.t('flow.form_unavailable'), tone: 'error' }];
    const refusal = await this.flows.formRefusal(flowId, ctx);
    return refusal ? [{ text: refusal, tone: 'error' }] : null;
  }

  /**
   * Null when this person may send one more message now; else what to answer instead of doing
   * the work: the notice the first time in the window, then nothing.
   */
  private limited(incoming: IncomingMessage): OutgoingMessage[] | null {
    if (!this.rateLimit) return null;
    const identity = `${incoming.platform}:${incoming.user.externalId}`;
    const now = this.deps.clock.now();
    const decision = this.rateLimit.take(identity, now);
    if (decision === 'allowed') return null;
    if (decision === 'silent') return [];
    const t = translator(incoming.locale ?? this.deps.coalition.defaultLocale);
    return [{ text: t('error.rate_limited', { limit: this.deps.rateLimitPerMinute!, seconds: this.rateLimit.secondsLeft(identity, now) }), tone: 'error' }];
  }

  private async run(ctx: ConversationContext, text: string): Promise<OutgoingMessage[]> {
    const routed = this.router.route(text);
    if (routed.kind === 'unknown') {
      const lines = [ctx.t('router.unknown', { word: routed.word })];
      lines.push(routed.suggestion ? ctx.t('router.did_you_mean', { suggestion: routed.suggestion }) : ctx.t('router.see_help'));
      return [{ text: lines.join(' '), tone: 'error', ...(routed.suggestion ? { choices: { options: [{ label: routed.suggestion, value: routed.suggestion }] } } : {}) }];
    }
    if (!Router.allowed(routed.command, ctx)) {
      const role = ctx.t(routed.command.role === 'chair' ? 'role.chair' : 'role.secretariat');
      return [{ text: ctx.t('router.role_required', { role, command: routed.command.name }), tone: 'error' }];
    }
    return routed.command.run(ctx, routed.args);
  }

  private async context(incoming: IncomingMessage): Promise<ConversationContext> {
    const { repositories, coalition, countries, clock, chat, links } = this.deps;
    const now = clock.now();
    const { member, roles } = await identify(repositories, incoming, now, { locale: coalition.defaultLocale, languages: coalition.languages, seeds: this.deps.roleSeeds ?? [] });
    const ctx: ConversationContext = {
      // The coalition's texts in the member's language, as the catalog's.
      member, roles, incoming, coalition: coalitionIn(coalition, member.locale), countries: countries.inLanguage(member.locale), repositories, chat, links, now,
      t: translator(member.locale),
      startFlow: (flowId, seed) => this.flows.start(flowId, ctx, seed),
    };
    return ctx;
  }
}

/**
 * Each reply says its reader's locale, so an adapter writes its own words (a select's
 * placeholder, a form's buttons) in it; a reply that already says one (`language` answering in
 * the new language) keeps it.
 */
function inReaderLocale(ctx: ConversationContext, replies: OutgoingMessage[]): OutgoingMessage[] {
  return replies.map((reply) => (reply.locale ? reply : { ...reply, locale: ctx.member.locale }));
}

/** Until the member has chosen a language: one button per language of the coalition (none with only one). */
export function languageOffer(ctx: ConversationContext): Pick<OutgoingMessage, 'choices'> {
  const options = languageChoices(ctx);
  return options.length > 1 ? { choices: { options } } : {};
}

const NO_QUESTION = {
  cancel: 'flow.nothing_to_cancel',
  confirm: 'flow.nothing_to_confirm',
  back: 'flow.nothing_to_go_back_to',
  skip: 'flow.nothing_to_skip',
} as const;

/** A command whose whole job is to start a flow. */
export function flowCommand(flowId: string, summary: Command['summary'], aliases: string[] = []): Command {
  return {
    name: flowId,
    aliases,
    summary,
    run: (ctx) => ctx.startFlow(flowId),
  };
}

/** What the member sent, without control characters; may be longer than MAX_INPUT (then refused). */
function inputText(incoming: IncomingMessage): string {
  const raw = Array.isArray(incoming.action) ? incoming.action.join(', ') : incoming.action ?? incoming.text ?? '';
  return withoutControlCharacters(raw).trim();
}

function tooLong(ctx: ConversationContext): OutgoingMessage {
  return { text: ctx.t('error.message_too_long', { max: MAX_INPUT }), tone: 'error' };
}
