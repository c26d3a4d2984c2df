// The ChatPort for "teams:" addresses: proactive messages through the stored conversation
// reference (continueConversationAsync), a new personal chat when only the user is known
// (createConversationAsync), updates in place (updateActivity). Every call goes through the
// rate limiter; a 403 marks the member's Teams identity unreachable.
import { ActivityTypes, type CloudAdapter, type ConversationParameters, type ConversationReference, type TurnContext } from 'botbuilder';
import { BotError, isBotError } from '../../src/core/errors';
import type { OutgoingMessage } from '../../src/core/messages';
import type { ChatPort, MemberRepository } from '../../src/core/ports';
import type { Clock } from '../../src/core/clock';
import { translator, type Translate } from '../../src/conversation/catalog/catalog';
import { decodeTeamsAddress, type TeamsAddress } from './address';
import { isLoopbackUrl } from './receiver';
import { CARD_CONTENT_TYPE, renderCards, type AdaptiveCard } from './render';
import type { TeamsSendLimiter } from './rate-limit';

/** Where the Bot Framework's channel token is for (the public cloud). */
export const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

export function cardActivity(card: AdaptiveCard) {
  return { type: ActivityTypes.Message, attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }] };
}

export function conversationReference(address: TeamsAddress & { conversationId: string }): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: address.serviceUrl,
    conversation: { id: address.conversationId, tenantId: address.tenantId, conversationType: address.conversationType ?? 'personal', isGroup: address.conversationType !== 'personal' && address.conversationType !== undefined, name: '' },
    ...(address.botId ? { bot: { id: address.botId, name: '' } } : {}),
    ...(address.userId ? { user: { id: address.userId, name: '' } } : {}),
  };
}

export interface TeamsOutboundOptions {
  adapter: CloudAdapter;
  appId?: string;
  limiter: TeamsSendLimiter;
  members: MemberRepository;
  clock: Clock;
  /** Unauthenticated mode: only loopback serviceUrls are answered. */
  authenticated: boolean;
  t?: Translate;
}

export class TeamsOutbound implements ChatPort {
  private readonly t: Translate;

  constructor(private readonly options: TeamsOutboundOptions) {
    this.t = options.t ?? translator('en');
  }

  /** One card, or several in order when the message is over what Teams takes; the ref is the last (it carries the actions). */
  async send(address: string, message: OutgoingMessage): Promise<{ ref: string }> {
    let sent = { ref: '' };
    for (const c of renderCards(message, this.t)) sent = await this.sendCard(address, c);
    return sent;
  }

  /** Sends a card as it is (a form, a welcome); `send` renders a neutral message first. */
  async sendCard(address: string, content: AdaptiveCard): Promise<{ ref: string }> {
    const target = this.target(address);
    return this.guarded(target, async () => {
      const personal = target.conversationId ? { ...target, conversationId: target.conversationId } : await this.openPersonalChat(target);
      const id = await this.inConversation(personal, (ctx) => ctx.sendActivity(cardActivity(content)).then((r) => r?.id ?? ''));
      return { ref: id };
    });
  }

  async update(address: string, ref: string, message: OutgoingMessage): Promise<void> {
    const target = this.target(address);
    if (!target.conversationId) throw new BotError('INPUT.INVALID', 'a Teams message can be updated only in a known conversation', {});
    const conversationId = target.conversationId;
    // The message takes the first card; what no longer fits follows it as new messages.
    const [first, ...rest] = renderCards(message, this.t);
    await this.guarded(target, () => this.inConversation({ ...target, conversationId }, (ctx) => ctx.updateActivity({ ...cardActivity(first), id: ref }).then(() => undefined)));
    for (const c of rest) await this.sendCard(address, c);
  }

  /** Opens (or finds: Teams returns the existing one) the personal chat with a user. */
  async openPersonalChat(target: TeamsAddress): Promise<TeamsAddress & { conversationId: string }> {
    if (!target.userId) throw new BotError('INPUT.INVALID', 'a Teams address without a conversation or a user', {});
    this.checkServiceUrl(target.serviceUrl);
    let conversationId = '';
    await this.options.limiter.run({ conversation: `user:${target.userId}`, tenant: target.tenantId ?? '' }, () =>
      this.options.adapter.createConversationAsync(
        this.options.appId ?? '',
        'msteams',
        target.serviceUrl,
        this.options.authenticated ? BOT_FRAMEWORK_AUDIENCE : '',
        {
          isGroup: false,
          bot: { id: target.botId ?? '', name: '' },
          members: [{ id: target.userId!, name: '' }],
          tenantId: target.tenantId,
          channelData: target.tenantId ? { tenant: { id: target.tenantId } } : undefined,
          // No first activity: the chat is created empty, the message follows in it.
        } satisfies Partial<ConversationParameters> as ConversationParameters,
        async (ctx) => {
          conversationId = ctx.activity.conversation.id;
        },
      ),
    );
    return { ...target, conversationId, conversationType: 'personal' };
  }

  /** Runs `logic` in a proactive turn of the conversation, within the limits. */
  private async inConversation<T>(address: TeamsAddress & { conversationId: string }, logic: (ctx: TurnContext) => Promise<T>): Promise<T> {
    this.checkServiceUrl(address.serviceUrl);
    let result: T | undefined;
    await this.options.limiter.run({ conversation: address.conversationId, tenant: address.tenantId ?? '' }, () =>
      this.options.adapter.continueConversationAsync(this.options.appId ?? '', conversationReference(address), async (ctx) => {
        // The continuation activity has a made-up id: send as a new message, not a reply to it.
        ctx.onSendActivities(async (_ctx, sending, next) => {
          for (const activity of sending) delete activity.replyToId;
          return next();
        });
        result = await logic(ctx);
      }),
    );
    return result as T;
  }

  private async guarded<T>(target: TeamsAddress, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isBotError(error, 'PLATFORM.UNREACHABLE') && target.externalId) {
        await this.options.members.markUnreachable('teams', target.externalId, this.options.clock.now());
      }
      throw error;
    }
  }

  private target(address: string): TeamsAddress {
    const target = decodeTeamsAddress(address);
    this.checkServiceUrl(target.serviceUrl);
    return target;
  }

  private checkServiceUrl(serviceUrl: string): void {
    if (!this.options.authenticated && !isLoopbackUrl(serviceUrl)) {
      throw new BotError('PLATFORM.NOT_SUPPORTED', 'Teams runs unauthenticated (no MICROSOFT_APP_ID): only a loopback serviceUrl is answered', {});
    }
  }
}

