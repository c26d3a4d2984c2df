// The ChatPort for "slack:" addresses: a user address opens (once) the DM with them,
// a conversation address is posted to directly. Rate-limited calls are waited out and
// retried by the Web API client (HTTP 429 + Retry-After), never dropped.
import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;
import type { OutgoingMessage } from '../../src/core/messages';
import type { ChatPort } from '../../src/core/ports';
import type { Translate } from '../../src/conversation/catalog/catalog';
import { isUserId, messageRef, parseMessageRef, parseSlackAddress } from './address';
import { toBotError } from './errors';
import { renderMessage, type Block } from './render';

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

  async send(address: string, message: OutgoingMessage): Promise<{ ref: string }> {
    const { id } = parseSlackAddress(address);
    const channel = isUserId(id) ? await this.dmChannel(id) : id;
    return { ref: await this.post(channel, message) };
  }

  async update(_address: string, ref: string, message: OutgoingMessage): Promise<void> {
    const { channel, ts } = parseMessageRef(ref);
    await this.call('chat.update', () => this.client.chat.update({ channel, ts, ...this.rendered(message) }));
  }

  /** Posts to a conversation; returns the message's reference. */
  async post(channel: string, message: OutgoingMessage): Promise<string> {
    const posted = await this.call('chat.postMessage', () => this.client.chat.postMessage({ channel, ...this.rendered(message) }));
    return messageRef(String(posted.channel ?? channel), String(posted.ts));
  }

  /** Shown only to `user` in `channel` (already rendered: several replies in one). */
  async postEphemeral(channel: string, user: string, rendered: { text: string; blocks: Block[] }): Promise<void> {
    await this.call('chat.postEphemeral', () => this.client.chat.postEphemeral({ channel, user, text: rendered.text, blocks: rendered.blocks as never }));
  }

  private rendered(message: OutgoingMessage) {
    const { text, blocks } = renderMessage(message, this.t);
    return { text, blocks: blocks as never };
  }

  private async call<T>(method: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toBotError(error, method);
    }
  }
}
