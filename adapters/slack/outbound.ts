// The ChatPort for "slack:" addresses: a user address opens (once) the DM with them,
// a conversation address is posted to directly. Rate-limited calls are waited out and
// retried by the Web API client (HTTP 429 + Retry-After), never dropped. A message sent with a
// delivery key carries it as message metadata, so findSent can tell after a crash whether it
// went out (conversations.history, im:history).
import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;
import type { OutgoingMessage } from '../../src/core/messages';
import type { ChatPort, SendOptions } from '../../src/core/ports';
import type { Translate } from '../../src/conversation/catalog/catalog';
import { isUserId, messageRef, parseMessageRef, parseSlackAddress } from './address';
import { toBotError } from './errors';
import { renderMessages, wireBlocks, type SlackMessage } from './render';

/** The metadata event type of messages sent with a delivery key. */
export const DELIVERY_EVENT = 'coalition_delivery';
/** Pages of history read when looking for a delivery (a DM since a reminder fell due is short). */
const HISTORY_PAGES = 5;

export class SlackChatPort implements ChatPort {
  /** user id -> the DM channel with the bot; conversations.open returns the same one every time. */
  private readonly dms = new Map<string, string>();

  constructor(private readonly client: WebClient, private readonly t: Translate) {}

  /** The DM channel with a user, opened on first use. */
  async dmChannel(userId: string): Promise<string> {
    const known = this.dms.get(userId);
    if (known) return known;
    const opened = await this.call('conversations.open', () => this.client.conversations.open({ users: userId }));
    const channel = (opened.channel as { id?: string } | undefined)?.id;
    if (!channel) throw toBotError(new Error('no channel in the answer'), 'conversations.open');
    this.dms.set(userId, channel);
    return channel;
  }

  async send(address: string, message: OutgoingMessage, options: SendOptions = {}): Promise<{ ref: string }> {
    const channel = await this.channelOf(address);
    const metadata = options.deliveryKey ? { event_type: DELIVERY_EVENT, event_payload: { delivery_key: options.deliveryKey } } : undefined;
    return { ref: await this.post(channel, message, metadata) };
  }

  /** The bot's own message carrying `deliveryKey`, posted to the address since `since`. */
  async findSent(address: string, deliveryKey: string, since: Date): Promise<{ ref: string } | null> {
    const channel = await this.channelOf(address);
    const oldest = (since.getTime() / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const answer = await this.call('conversations.history', () =>
        this.client.conversations.history({ channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) }),
      );
      for (const m of answer.messages ?? []) {
        const metadata = m.metadata as { event_type?: string; event_payload?: Record<string, unknown> } | undefined;
        if (metadata?.event_type === DELIVERY_EVENT && metadata.event_payload?.delivery_key === deliveryKey) return { ref: messageRef(channel, String(m.ts)) };
      }
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!answer.has_more || !cursor) return null;
    }
    return null;
  }

  private async channelOf(address: string): Promise<string> {
    const { id } = parseSlackAddress(address);
    return isUserId(id) ? this.dmChannel(id) : id;
  }

  /** The message takes the update; what no longer fits in one message follows it as new messages. */
  async update(_address: string, ref: string, message: OutgoingMessage): Promise<void> {
    const { channel, ts } = parseMessageRef(ref);
    const [first, ...rest] = renderMessages(message, this.t);
    await this.call('chat.update', () => this.client.chat.update({ channel, ts, text: first.text, blocks: wireBlocks(first.blocks) }));
    for (const part of rest) await this.postOne(channel, part);
  }

  /**
   * Posts to a conversation (several messages when one would be over Slack's limits); returns
   * the reference of the last, which carries the buttons and the delivery metadata.
   */
  async post(channel: string, message: OutgoingMessage, metadata?: { event_type: string; event_payload: Record<string, string> }): Promise<string> {
    const parts = renderMessages(message, this.t);
    let ref = '';
    for (const [i, part] of parts.entries()) ref = await this.postOne(channel, part, i === parts.length - 1 ? metadata : undefined);
    return ref;
  }

  private async postOne(channel: string, part: SlackMessage, metadata?: { event_type: string; event_payload: Record<string, string> }): Promise<string> {
    const posted = await this.call('chat.postMessage', () => this.client.chat.postMessage({ channel, text: part.text, blocks: wireBlocks(part.blocks), ...(metadata ? { metadata } : {}) }));
    return messageRef(String(posted.channel ?? channel), String(posted.ts));
  }

  /** Shown only to `user` in `channel` (already rendered and within Slack's limits). */
  async postEphemeral(channel: string, user: string, rendered: SlackMessage): Promise<void> {
    await this.call('chat.postEphemeral', () => this.client.chat.postEphemeral({ channel, user, text: rendered.text, blocks: wireBlocks(rendered.blocks) }));
  }

  private async call<T>(method: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toBotError(error, method);
    }
  }
}
