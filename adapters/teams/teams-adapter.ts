// The Teams adapter: one CloudAdapter for the receiver and the ChatPort, and the turn
// logic that ties them together. Personal chat and channel @mentions run the same
// commands; a flow always lives in the member's personal chat, so a mention in a channel
// is answered there (privately: `me` shows an email) with a one-line note in the thread.
import { ActivityTypes, CloudAdapter, TeamsInfo, type Activity, type TurnContext } from 'botbuilder';
import type { Clock } from '../../src/core/clock';
import type { Coalition } from '../../src/core/coalition/coalition';
import { isBotError } from '../../src/core/errors';
import type { OutgoingMessage } from '../../src/core/messages';
import type { MemberRepository } from '../../src/core/ports';
import { translator, type Translate } from '../../src/conversation/catalog/catalog';
import type { InboundPort, Turn } from '../../src/conversation/inbound-port';
import type { Handler, HttpServer } from '../../src/http/server';
import type { Logger } from '../../src/logger';
import { createTeamsAuthentication } from './authentication';
import { decodeTeamsAddress, encodeTeamsAddress, type TeamsAddress } from './address';
import { cardInputOf, externalIdOf, isPersonal, tenantOf, tenantsNamedBy, toIncoming, type CardInput } from './inbound';
import { cardActivity, TeamsOutbound } from './outbound';
import { TEAMS_LIMITS, TeamsSendLimiter, type RateLimitOptions } from './rate-limit';
import { teamsReceiver, TenantRefused } from './receiver';
import { CARD_CONTENT_TYPE, card, formElements, renderCards, renderCombined, type AdaptiveCard } from './render';
import { NO_ALLOWED_TENANTS, type TeamsConnection } from './connection';
import { addsTheBot, removesTheBot, welcomeCard } from './welcome';
import { ReaderLanguages } from '../../src/conversation/inbound-port';

export interface TeamsAdapterOptions {
  port: InboundPort;
  /** For the outbound side: a personal chat that refuses delivery marks its identity unreachable. */
  members: MemberRepository;
  coalition: Coalition;
  clock: Clock;
  log: Logger;
  settings: TeamsConnection;
  limits?: RateLimitOptions;
}

type Reply = { kind: 'messages'; messages: OutgoingMessage[] } | { kind: 'card'; card: AdaptiveCard };

export class TeamsAdapter {
  readonly outbound: TeamsOutbound;
  readonly authenticated: boolean;
  private readonly adapter: CloudAdapter;
  private readonly limiter: TeamsSendLimiter;
  private readonly t: Translate;
  /** The card chrome (buttons, notices, a form's errors) in each member's language. */
  private readonly languages: ReaderLanguages;
  private readonly allowedTenants: Set<string>;

  constructor(private readonly options: TeamsAdapterOptions) {
    const { settings } = options;
    this.authenticated = Boolean(settings.appId);
    if (this.authenticated && settings.allowedTenants.length === 0) throw new Error(NO_ALLOWED_TENANTS);
    this.allowedTenants = new Set(settings.allowedTenants.map((t) => t.toLowerCase()));
    this.adapter = new CloudAdapter(createTeamsAuthentication(settings, { reuseConnectorClients: true }));
    this.limiter = new TeamsSendLimiter(options.limits ?? TEAMS_LIMITS);
    this.t = translator(options.coalition.defaultLocale);
    this.languages = new ReaderLanguages(options.coalition.defaultLocale);
    this.outbound = new TeamsOutbound({
      adapter: this.adapter,
      appId: settings.appId,
      limiter: this.limiter,
      members: options.members,
      clock: options.clock,
      authenticated: this.authenticated,
      t: this.t,
    });
  }

  register(server: HttpServer): void {
    server.route('POST', '/api/messages', this.receiver());
  }

  /** What answers POST /api/messages. */
  receiver(): Handler {
    return teamsReceiver({ adapter: this.adapter, authenticated: this.authenticated, logic: (ctx) => this.onTurn(ctx) });
  }

  private async onTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.channelId && activity.channelId !== 'msteams' && activity.channelId !== 'emulator') return;
    // Before anything is read or written: another tenant's admin controls its users' names and
    // emails, and could install the app there.
    if (this.allowedTenants.size > 0) {
      // Every tenant the activity names (conversation and channel data) must be allowed.
      const named = tenantsNamedBy(activity);
      if (named.length === 0 || !named.every((t) => this.allowedTenants.has(t.toLowerCase()))) throw new TenantRefused(named.find((t) => !this.allowedTenants.has(t.toLowerCase())));
    }
    if (activity.type === ActivityTypes.ConversationUpdate) return this.onConversationUpdate(context);
    if (activity.type === ActivityTypes.Invoke) {
      // Other invokes stay unanswered: the CloudAdapter then replies 501.
      if (activity.name !== 'adaptiveCard/action') return;
      const reply = await this.answer(context, cardInputOf(activity));
      // The invoke is answered with one card; what would make it too large for Teams follows as messages.
      const [answerCard, ...more] = reply.kind === 'card' ? [reply.card] : renderCombined(reply.messages, this.reader(activity));
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value: answerCard } },
      });
      for (const c of more) await this.replyInTurn(context, cardActivity(c));
      return;
    }
    if (activity.type !== ActivityTypes.Message) return;
    const reply = await this.answer(context, cardInputOf(activity));
    const cards = reply.kind === 'card' ? [reply.card] : reply.messages.flatMap((m) => renderCards(m, this.reader(activity)));
    for (const c of cards) await this.replyInTurn(context, cardActivity(c));
  }

  /**
   * Runs the turn through the bot; in a channel the answer goes to the personal chat. While
   * the database is unavailable the answer, in the turn itself, says so (Bot Framework does
   * not redeliver, and an error status would only show the member a failure).
   */
  private async answer(context: TurnContext, input: CardInput | undefined): Promise<Reply> {
    try {
      return await this.answerTurn(context, input);
    } catch (error) {
      if (!isBotError(error, 'DB.UNAVAILABLE')) throw error;
      this.options.log.warn({ err: error }, 'database unavailable');
      return { kind: 'messages', messages: [{ text: this.reader(context.activity)('error.temporarily_unavailable'), tone: 'error' }] };
    }
  }

  private async answerTurn(context: TurnContext, input: CardInput | undefined): Promise<Reply> {
    const activity = context.activity;
    if (input?.kind === 'invalid') {
      // No turn runs: the member's stored language (one read), else the last seen, else their Teams client's.
      const id = externalIdOf(activity);
      const t = translator(await this.languages.read(id, activity.locale, () => this.options.port.storedLocale('teams', id)));
      return { kind: 'messages', messages: [{ text: t('teams.card_invalid', { reason: input.reason }), tone: 'error' }] };
    }
    const personal = isPersonal(activity);
    const userAddress = this.userAddress(activity);
    // In a channel, the answer goes to the personal chat: the stored one, or a new one.
    const chat = personal ? { ...userAddress, conversationId: activity.conversation.id, conversationType: 'personal' as const } : await this.personalChatOf(await this.options.port.storedAddress('teams', externalIdOf(activity)), userAddress);
    const turn: Turn = {
      ...toIncoming(activity, input, { conversationId: chat.conversationId, directAddress: encodeTeamsAddress(chat) }),
      // Bot Framework may deliver an activity again: answered once.
      ...(activity.id ? { deliveryId: `activity:${activity.conversation.id}:${activity.id}` } : {}),
      // A message in the personal chat shows the member can be reached there again.
      reachable: personal,
      lookupEmail: () => this.rosterEmail(context),
    };
    const reply = await this.run(turn, input);
    if (personal) return reply;
    const address = encodeTeamsAddress(chat);
    if (reply.kind === 'card') await this.outbound.sendCard(address, reply.card);
    else for (const message of reply.messages) await this.outbound.send(address, message);
    return { kind: 'messages', messages: [{ text: this.reader(activity)('teams.answered_in_chat') }] };
  }

  private async run(turn: Turn, input: CardInput | undefined): Promise<Reply> {
    const { port } = this.options;
    if (input?.kind === 'open-form') {
      const opening = await port.form(turn, input.id);
      this.languages.remember(turn.user.externalId, opening.locale);
      const t = this.languages.translatorFor(turn.user.externalId, turn.locale);
      if (opening.kind === 'unknown') return { kind: 'messages', messages: [{ text: t('teams.form_unknown'), tone: 'error' }] };
      if (opening.kind === 'refused') return { kind: 'messages', messages: [{ text: opening.text, tone: 'error' }] };
      const form = formElements(opening.form, t);
      return { kind: 'card', card: card(form.body, form.actions) };
    }
    const result = await port.turn(turn);
    this.languages.remember(turn.user.externalId, result.locale);
    if (result.duplicate) return { kind: 'messages', messages: [] };
    if (input?.kind === 'form' && result.formErrors) {
      // The same form again, with what was entered and each field's error.
      const opening = await port.form(turn, input.id);
      if (opening.kind !== 'form') return { kind: 'messages', messages: result.replies };
      const values = Object.fromEntries(Object.entries(input.values).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
      const t = translator(opening.locale);
      const form = formElements(opening.form, t, { values, errors: result.formErrors });
      return { kind: 'card', card: card([{ type: 'TextBlock', text: t('teams.form_errors'), wrap: true, color: 'Attention' }, ...form.body], form.actions) };
    }
    return { kind: 'messages', messages: result.replies };
  }

  private async onConversationUpdate(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (removesTheBot(activity) && isPersonal(activity) && activity.from) {
      await this.options.port.removed({ platform: 'teams', user: { externalId: externalIdOf(activity) } });
      return;
    }
    if (!addsTheBot(activity)) return;
    let welcome: OutgoingMessage | undefined;
    if (isPersonal(activity) && activity.from) {
      // Installed in personal scope: keep the reference so the bot can write first later.
      const address = encodeTeamsAddress({ ...this.userAddress(activity), conversationId: activity.conversation.id, conversationType: 'personal' });
      welcome = await this.options.port.welcome({
        platform: 'teams',
        user: { externalId: externalIdOf(activity), ...(activity.from.name ? { displayName: activity.from.name } : {}) },
        conversation: address,
        directAddress: address,
        // The member's Teams language: the welcome is written in it (when the coalition has it).
        ...(activity.locale ? { locale: activity.locale } : {}),
      });
    }
    else if (activity.conversation.conversationType === 'channel') {
      // Installed in a team: operators need this address to have the digest posted there.
      const channelId = (activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? activity.conversation.id.split(';')[0];
      const address = encodeTeamsAddress({ conversationId: channelId, serviceUrl: activity.serviceUrl, tenantId: tenantOf(activity), botId: activity.recipient?.id, conversationType: 'channel' });
      this.options.log.info({ address }, 'installed in a team: this address posts to its channel (DIGEST_TEAMS_CONVERSATION)');
    }
    await this.replyInTurn(context, cardActivity(welcomeCard(this.options.coalition, this.t, welcome)));
  }

  /** The adapter's own words for the sender: the language the bot last gave for them, else their Teams client's. */
  private reader(activity: Activity): Translate {
    return this.languages.translatorFor(externalIdOf(activity), activity.locale);
  }

  /** What is needed to open a personal chat with the sender. */
  private userAddress(activity: Activity): TeamsAddress {
    return {
      serviceUrl: activity.serviceUrl,
      tenantId: tenantOf(activity),
      botId: activity.recipient?.id,
      userId: activity.from?.id,
      externalId: externalIdOf(activity),
    };
  }

  /** The sender's personal chat: the stored one, or a new one (Teams returns the existing chat). */
  private async personalChatOf(stored: string | null, userAddress: TeamsAddress): Promise<TeamsAddress & { conversationId: string }> {
    if (stored) {
      try {
        const decoded = decodeTeamsAddress(stored);
        if (decoded.conversationId && decoded.conversationType === 'personal') return { ...decoded, conversationId: decoded.conversationId };
      } catch {
        // an unreadable stored address is replaced below
      }
    }
    return this.outbound.openPersonalChat(userAddress);
  }

  /**
   * The member's email or UPN from the Teams roster (the bot asks it after answering). Never
   * "verified": a tenant's admin sets the mail attribute to anything, Entra does not check it,
   * so it must not link this identity to another member by itself.
   */
  private async rosterEmail(context: TurnContext): Promise<string | undefined> {
    try {
      const member = await TeamsInfo.getMember(context, context.activity.from.id);
      const email = member.email ?? member.userPrincipalName;
      return email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : undefined;
    } catch (error) {
      this.options.log.debug({ err: error }, 'Teams roster lookup failed; continuing without an email');
      return undefined;
    }
  }

  private async replyInTurn(context: TurnContext, activity: Partial<Activity>): Promise<void> {
    const a = context.activity;
    await this.limiter.run({ conversation: a.conversation.id, tenant: tenantOf(a) ?? '' }, () => context.sendActivity(activity));
  }
}
