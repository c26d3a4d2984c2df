// One Slack turn through the inbound port, and where its replies go: in the member's DM every
// reply is a message; elsewhere (a channel, a mention, a slash command there) a flow continues
// in the DM with a pointer where the member asked, and a one-off answer is shown only to them.
import type { RespondFn } from '@slack/bolt';
import type { OutgoingMessage } from '../../src/core/messages';
import type { MessageId, Translate } from '../../src/conversation/catalog/catalog';
import type { InboundPort, Turn, TurnResult } from '../../src/conversation/inbound-port';
import type { ReaderLanguages } from '../../src/conversation/inbound-port';
import type { HomeTab } from './home';
import { incoming, type SlackActor } from './inbound';
import type { SlackChatPort } from './outbound';
import { asBlocks, renderReplies } from './render';
import type { UserDirectory } from './user-directory';

/** Slack takes up to 5 messages through one response_url (within 30 minutes). */
const RESPONSE_URL_MESSAGES = 5;

/** Where a turn came from, which decides where its replies go. */
export type Origin = { kind: 'dm'; channel: string } | { kind: 'channel'; channel: string; respond?: RespondFn };

/** What a listener hands over: the input, and the delivery id when the payload has one. */
export type TurnInput = Pick<Turn, 'text' | 'action' | 'form' | 'command' | 'deliveryId' | 'formChecked'>;

export class SlackTurns {
  constructor(private readonly deps: { port: InboundPort; chat: SlackChatPort; users: UserDirectory; home: HomeTab; languages: ReaderLanguages }) {}

  /** Runs the turn, answers where it belongs and refreshes the App Home when something changed. */
  async run(who: SlackActor, origin: Origin, input: TurnInput): Promise<TurnResult> {
    const profile = await this.deps.users.lookup(who.user);
    const result = await this.deps.port.turn({ ...incoming(who, profile, {}), ...input, inChannel: origin.kind === 'channel' });
    this.deps.languages.remember(who.user, result.locale);
    await this.answer(who, origin, result);
    await this.deps.home.refresh(who, result.changed);
    return result;
  }

  /** The adapter's own words for this member: the language the bot last gave, else their Slack language. */
  translatorFor(who: SlackActor): Translate {
    return this.deps.languages.translatorFor(who.user, this.deps.users.cached(who.user).locale);
  }

  /** Replies to the member's DM, one message each. */
  async toDm(who: SlackActor, replies: OutgoingMessage[]): Promise<void> {
    const dm = await this.deps.chat.dmChannel(who.user);
    for (const reply of replies) await this.deps.chat.post(dm, reply);
  }

  /** An error line in the member's DM, in their language; Slack being unreachable too is only logged (by the caller). */
  async tell(who: SlackActor, id: MessageId): Promise<void> {
    try {
      await this.toDm(who, [{ text: this.translatorFor(who)(id), tone: 'error' }]);
    } catch {
      // Slack itself is unreachable: the log line is all that can be done.
    }
  }

  private async answer(who: SlackActor, origin: Origin, result: TurnResult): Promise<void> {
    const { replies } = result;
    if (replies.length === 0) return;
    if (origin.kind === 'dm') {
      for (const reply of replies) await this.deps.chat.post(origin.channel, reply);
      return;
    }
    if (result.flowOpen) {
      await this.toDm(who, replies);
      await this.ephemeral(who, origin, [{ text: this.translatorFor(who)('slack.continue_in_dm') }]);
      return;
    }
    await this.ephemeral(who, origin, replies);
  }

  /**
   * Only the member sees it: the replies joined into as few messages as Slack takes (block ids
   * kept unique). A response_url takes 5 messages; a longer answer goes to the DM instead.
   */
  private async ephemeral(who: SlackActor, origin: Extract<Origin, { kind: 'channel' }>, replies: OutgoingMessage[]): Promise<void> {
    const t = this.translatorFor(who);
    const messages = renderReplies(replies, t);
    if (messages.length > RESPONSE_URL_MESSAGES) {
      await this.toDm(who, replies);
      return this.ephemeral(who, origin, [{ text: t('slack.continue_in_dm') }]);
    }
    const respond = origin.respond;
    if (respond) {
      for (const m of messages) await respond({ response_type: 'ephemeral', replace_original: false, text: m.text, blocks: asBlocks(m.blocks) });
      return;
    }
    try {
      for (const m of messages) await this.deps.chat.postEphemeral(origin.channel, who.user, m);
    } catch {
      // The bot is not in that channel: the DM always works.
      await this.toDm(who, replies);
    }
  }
}
