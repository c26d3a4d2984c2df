// The conversation layer's entry point: one incoming message in, the replies out.
// Platform-neutral; adapters call it after verifying and parsing a request.
import { coalitionIn, type Coalition } from '../core/coalition/coalition';
import type { CountryRegistry } from '../core/countries/country-registry';
import type { Clock } from '../core/clock';
import { identify, newcomerOf, type RoleSeed } from '../core/members/identify';
import { languageButtons } from '../core/members/locale';
import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingMessage, Platform } from '../core/messages';
import type { AdmittedTurn, ChatPort, FlowState, Identity, Repositories } from '../core/ports';
import { withoutControlCharacters } from '../core/text/control-characters';
import { translator } from './catalog/catalog';
import { greet, isGreeting } from './commands/greeting';
import { helpCommand } from './commands/help';
import { languageChoices, languageCommand } from './commands/language';
import { defaultHomeSections, type HomeSection } from './home';
import { meCommand } from './commands/me';
import type { ConversationContext, Links } from './context';
import type { FormOpening, Home, InboundPort, Turn, TurnResult, Who } from './inbound-port';
import type { FlowDefinition } from './flow/flow';
import { controlWord, FlowEngine, type FlowObserver } from './flow/flow-engine';
import { commandWord, turnCommandAliases } from './understanding/words';
import { Interruptions } from './flow/interruptions';
import { profileFlow } from './flows/profile';
import { meetingCommands, rescheduleFlow } from './meetings/commands';
import { scheduleFlow } from './meetings/schedule-flow';
import { scheduleCommand } from './meetings/schedule-command';
import { membershipCommands, membershipFlows } from './membership';
import { pledgeCommands, pledgeFlow } from './pledges/commands';
import { claimCommands } from './pledges/claim';
import { updateFlow } from './pledges/update-flow';
import { checkInCommand, checkInFlow } from './pledges/check-in';
import { RateLimit } from './rate-limit';
import { Router, type Command } from './router';
import { EmailLookups } from './email-lookups';

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
  /** Told when work a turn left for after its answer fails (an email lookup's write); nothing by default. */
  afterTurnFailed?: (error: unknown) => void;
}

/** Limits what one message can make the bot parse; longer text is refused whole (never cut), and the member is told. */
const MAX_INPUT = 4000;

export class Bot implements InboundPort {
  readonly router: Router;
  readonly flows: FlowEngine;
  private readonly interruptions: Interruptions;
  private readonly rateLimit?: RateLimit;
  private readonly emailLookups: EmailLookups;
  /** Turns being answered now. */
  private inFlight = 0;

  constructor(private readonly deps: BotDependencies) {
    this.emailLookups = new EmailLookups(deps.repositories.members, deps.clock, deps.afterTurnFailed, () => this.inFlight > 0);
    if (deps.rateLimitPerMinute) this.rateLimit = new RateLimit(deps.rateLimitPerMinute);
    const membership = { secretariatChannels: deps.secretariatChannels ?? [] };
    const flows = [profileFlow, scheduleFlow, rescheduleFlow, ...membershipFlows(deps.coalition, membership), pledgeFlow, updateFlow, checkInFlow, ...(deps.flows ?? [])];
    this.flows = new FlowEngine(deps.repositories.flows, flows, deps.flowObserver);
    const commands: Command[] = [
      helpCommand(() => this.router.commands),
      meCommand,
      languageCommand,
      flowCommand('profile', 'command.profile', ['register'], { firstSteps: true }),
      ...membershipCommands(),
      ...meetingCommands,
      scheduleCommand,
      ...pledgeCommands,
      ...claimCommands(membership),
      checkInCommand,
      ...(deps.commands ?? []),
    ];
    this.router = new Router(commands);
    this.interruptions = new Interruptions(this.router, this.flows, (ctx, text) => this.run(ctx, text));
  }

  /** Resolves once what turns left for after their answer (an email lookup) is done: before the database closes. */
  settled(): Promise<void> {
    return this.emailLookups.settled();
  }

  /** One turn through the inbound port (dedupe, identify once, flow step or command, replies). */
  async turn(turn: Turn): Promise<TurnResult> {
    this.inFlight++;
    try {
      return await this.answerTurn(turn);
    } finally {
      this.inFlight--;
    }
  }

  private async answerTurn(turn: Turn): Promise<TurnResult> {
    // A delivery seen before does nothing; a new one is recorded with the turn's read.
    let admitted: AdmittedTurn | undefined;
    if (turn.deliveryId) {
      // An unknown identity is created by the same statement (a first contact is one round trip too).
      const newcomer = newcomerOf(turn, this.languages);
      const recorded = await this.deps.repositories.members.admitAndFindForTurn(this.deliveryKey(turn.platform, turn.deliveryId), this.deps.clock.now(), turn.platform, turn.user.externalId, turn.conversation, newcomer);
      if (!recorded.fresh) return { replies: [], duplicate: true, changed: false };
      admitted = recorded;
    }
    const limited = this.limited(turn);
    if (limited) {
      await turn.formChecked?.(null);
      return { replies: limited, changed: false };
    }
    const { ctx, identity } = await this.identified(turn, turn, admitted);
    const result = turn.form ? await this.submit(ctx, turn.form, turn.formChecked) : { replies: turn.command !== undefined ? await this.runCommand(ctx, turn.command) : await this.answer(ctx) };
    const flowOpen = turn.inChannel ? (await this.flows.active(ctx)) !== null : undefined;
    const replies = inReaderLocale(ctx, result.replies);
    // A reply says its reader's language, the one chosen in this turn included (`language fr`).
    const locale = replies.at(-1)?.locale ?? ctx.member.locale;
    if (turn.lookupEmail && identity.email === null) this.emailLookups.ask(identity, turn.lookupEmail);
    return { ...result, replies, changed: result.replies.some((r) => r.tone === 'success'), locale, ...(flowOpen !== undefined ? { flowOpen } : {}) };
  }

  /** A message, a button or a form: the replies (the same turn as `turn`, for callers that need only them). */
  async handle(incoming: IncomingMessage): Promise<OutgoingMessage[]> {
    return (await this.turn(incoming)).replies;
  }

  /**
   * Runs one command (an App Home button, a tab): a flow in progress never reads it as its answer,
   * and it interrupts as a typed command does: one that only reads runs and the question is asked
   * again; one that starts another flow asks first whether to stop the one in progress.
   */
  async command(incoming: IncomingMessage, text: string): Promise<OutgoingMessage[]> {
    return (await this.turn({ ...incoming, command: text })).replies;
  }

  async admit(platform: Platform, deliveryId: string): Promise<boolean> {
    return this.deps.repositories.processedEvents.firstSeen(this.deliveryKey(platform, deliveryId), this.deps.clock.now());
  }

  /** The key a delivery is recorded under: ids are the platforms', a very long one kept as its digest (the key stays bounded). */
  private deliveryKey(platform: Platform, deliveryId: string): string {
    const id = deliveryId.length > 200 ? `sha256:${createHash('sha256').update(deliveryId).digest('base64url')}` : deliveryId;
    return `${platform}:${id}`;
  }

  private async answer(ctx: ConversationContext): Promise<OutgoingMessage[]> {
    const text = inputText(ctx.incoming);
    const state = await this.flows.active(ctx);
    // Refused whole rather than cut: a clipped answer would be stored as if it were complete.
    if (text.length > MAX_INPUT) return [tooLong(ctx), ...(state ? this.flows.resume(state, ctx) : [])];
    if (state) {
      if (text === '') return this.flows.resume(state, ctx);
      const replies = (await this.duringFlow(ctx, state, text)) ?? (await this.interruptions.handle(ctx, state, text));
      if (replies) return replies;
      return this.flows.answer(state, text, ctx);
    }
    if (text === '') return [{ text: ctx.t('welcome', { bot: ctx.coalition.botName, coalition: ctx.coalition.name }), ...(ctx.member.localeChosen ? {} : languageOffer(ctx)) }];
    // A question's own words with no question open (a second press of Confirm, say): said plainly.
    const control = controlWord(text, ctx.t);
    if (control) return [{ text: ctx.t(NO_QUESTION[control]) }];
    if (isGreeting(text)) return greet(ctx);
    return this.run(ctx, text);
  }

  private async runCommand(ctx: ConversationContext, text: string): Promise<OutgoingMessage[]> {
    const clean = withoutControlCharacters(text).trim();
    if (clean.length > MAX_INPUT) return [tooLong(ctx)];
    const state = await this.flows.active(ctx);
    const replies = state && ((await this.duringFlow(ctx, state, clean)) ?? (await this.interruptions.handle(ctx, state, clean, true)));
    return replies || this.run(ctx, clean);
  }

  /**
   * The one way a form is submitted: checked (errors per field, nothing saved), `checked` told,
   * then completed. A crafted or stale submission (no such form, or one refused now) is told why.
   */
  private async submit(ctx: ConversationContext, form: NonNullable<IncomingMessage['form']>, checked?: Turn['formChecked']): Promise<{ replies: OutgoingMessage[]; formErrors?: Record<string, string> }> {
    const refused = await this.formRefused(form.id, ctx);
    if (refused) {
      await checked?.(null);
      return { replies: refused };
    }
    const result = await this.flows.checkForm(form.id, form.values, ctx);
    if (!result.ok) {
      await checked?.(result.errors);
      return { replies: [{ text: Object.entries(result.errors).map(([field, error]) => `${field}: ${error}`).join('\n'), tone: 'error' }], formErrors: result.errors };
    }
    await checked?.(null);
    return { replies: await this.flows.completeForm(form.id, result.answers, ctx) };
  }

  /** A command that acts on the flow in progress (`pledge` offering its draft), or null. */
  private async duringFlow(ctx: ConversationContext, state: FlowState, text: string): Promise<OutgoingMessage[] | null> {
    const routed = this.router.route(text, turnCommandAliases(ctx));
    if (routed.kind !== 'command' || !routed.command.duringFlow) return null;
    return routed.command.duringFlow(ctx, routed.args, { id: state.flow, resume: () => this.flows.resume(state, ctx) });
  }

  /** The member's overview (an App Home, a tab): one list of messages per section, in order. */
  async home(who: Who): Promise<Home> {
    const ctx = await this.context(who);
    const sections = [...defaultHomeSections, ...(this.deps.homeSections ?? [])];
    return {
      sections: await Promise.all(sections.map(async (section) => inReaderLocale(ctx, await section(ctx)))),
      commands: this.router.commands.map((c) => c.name),
      forms: this.flows.ids().filter((id) => this.flows.hasForm(id)),
      locale: ctx.member.locale,
    };
  }

  async form(who: Who, flowId: string): Promise<FormOpening> {
    if (!this.flows.hasForm(flowId)) return { kind: 'unknown' };
    const ctx = await this.context(who);
    const refusal = await this.flows.formRefusal(flowId, ctx);
    if (refusal) return { kind: 'refused', text: refusal, locale: ctx.member.locale };
    return { kind: 'form', form: await this.flows.form(flowId, ctx), locale: ctx.member.locale };
  }

  async welcome(who: Who): Promise<OutgoingMessage> {
    const { repositories, coalition, clock } = this.deps;
    const { input, defaults } = newcomerOf({ ...who, reachable: true }, this.languages);
    const { member } = await repositories.members.upsertByIdentity(input, clock.now(), defaults);
    const t = translator(member.locale);
    const theirs = coalitionIn(coalition, member.locale);
    const languages = member.localeChosen ? [] : languageButtons(coalition.languages);
    return { text: t('welcome', { bot: theirs.botName, coalition: theirs.name }), locale: member.locale, ...(languages.length > 1 ? { choices: { options: languages } } : {}) };
  }

  async removed(who: Pick<Who, 'platform' | 'user'>): Promise<void> {
    await this.deps.repositories.members.markUnreachable(who.platform, who.user.externalId, this.deps.clock.now());
  }

  async storedAddress(platform: Platform, externalId: string): Promise<string | null> {
    return (await this.deps.repositories.members.findByIdentity(platform, externalId))?.identity.address ?? null;
  }

  async storedLocale(platform: Platform, externalId: string): Promise<string | null> {
    return (await this.deps.repositories.members.findByIdentity(platform, externalId))?.member.locale ?? null;
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
    const routed = this.router.route(text, turnCommandAliases(ctx));
    if (routed.kind === 'unknown') {
      const lines = [ctx.t('router.unknown', { word: routed.word })];
      // The suggestion in the member's words; its button sends the English name, understood in every language.
      const suggestion = routed.suggestion && commandWord(ctx.t, routed.suggestion);
      lines.push(suggestion ? ctx.t('router.did_you_mean', { suggestion }) : ctx.t('router.see_help'));
      return [{ text: lines.join(' '), tone: 'error', ...(routed.suggestion ? { choices: { options: [{ label: suggestion!, value: routed.suggestion }] } } : {}) }];
    }
    if (!Router.allowed(routed.command, ctx)) {
      const role = ctx.t(routed.command.role === 'chair' ? 'role.chair' : 'role.secretariat');
      return [{ text: ctx.t('router.role_required', { role, command: commandWord(ctx.t, routed.command.name) }), tone: 'error' }];
    }
    return routed.command.run(ctx, routed.args);
  }

  private async context(who: IncomingMessage): Promise<ConversationContext> {
    return (await this.identified(who)).ctx;
  }

  /** The coalition's languages, as identify and newcomerOf take them. */
  private get languages(): { locale: string; languages: readonly string[] } {
    return { locale: this.deps.coalition.defaultLocale, languages: this.deps.coalition.languages };
  }

  /** Identity, member and roles read once for the turn, then handed through it (see identify). */
  private async identified(incoming: IncomingMessage, turn?: Pick<Turn, 'reachable'>, admitted?: AdmittedTurn): Promise<{ ctx: ConversationContext; identity: Identity }> {
    const { repositories, coalition, countries, clock, chat, links } = this.deps;
    const now = clock.now();
    const { member, roles, flow, identity } = await identify(repositories, { ...incoming, reachable: turn?.reachable }, now, {
      ...this.languages,
      seeds: this.deps.roleSeeds ?? [],
      ...(admitted ? { read: admitted.read, created: admitted.created } : {}),
    });
    let turnFlow = flow;
    const ctx: ConversationContext = {
      // The coalition's texts in the member's language, as the catalog's.
      member, roles, incoming, coalition: coalitionIn(coalition, member.locale), countries: countries.inLanguage(member.locale), repositories, chat, links, now,
      t: translator(member.locale),
      takeTurnFlow: () => {
        const taken = turnFlow;
        turnFlow = undefined;
        return taken;
      },
      startFlow: (flowId, seed) => this.flows.start(flowId, ctx, seed),
    };
    return { ctx, identity };
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
export function flowCommand(flowId: string, summary: Command['summary'], aliases: string[] = [], extra: Pick<Command, 'firstSteps'> = {}): Command {
  return {
    name: flowId,
    aliases,
    summary,
    ...extra,
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
