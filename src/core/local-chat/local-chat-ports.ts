// What the local web chat keeps: each local user's conversation, both directions, so the page
// shows it again after a reload, a switch of user or a restart, and what the bot sent on its
// own (reminders, notices) waits in the database, not in one process's memory. src/db implements it.
import type { OutgoingMessage } from '../messages';

/** How many messages are kept per local user; older ones are deleted as new ones arrive. */
export const LOCAL_CHAT_HISTORY_LIMIT = 200;
/** Days a local chat message is kept at most (the retention job deletes older ones). */
export const LOCAL_CHAT_RETENTION_DAYS = 30;

export type LocalChatEntry =
  | { id: number; at: Date; from: 'member'; text: string }
  | { id: number; at: Date; from: 'bot'; proactive: boolean; message: OutgoingMessage };

export interface LocalChatHistory {
  /** Stores what the member sent (as the page shows it) and returns its id. */
  addMemberMessage(user: string, text: string, at: Date): Promise<number>;
  /**
   * Stores the bot's replies to a member's message, in order. With `toMessage` (the id of what
   * the member sent), only while that message is still stored: a turn that forgot the member
   * (forget me) leaves nothing behind.
   */
  addReplies(user: string, messages: OutgoingMessage[], at: Date, toMessage?: number): Promise<void>;
  /** Stores a message the bot sends on its own (named `deliveryKey` when given); it waits until read. Returns its id. */
  addProactive(user: string, message: OutgoingMessage, at: Date, deliveryKey?: string): Promise<number>;
  /** The id of the message sent to `user` as `deliveryKey` since `since`, or null. */
  findDelivery(user: string, deliveryKey: string, since: Date): Promise<number | null>;
  /**
   * Replaces a message the bot sent on its own while nobody has read it yet and returns true;
   * false when it was read (or is gone), so the caller sends the new version as a new message.
   */
  replaceUnread(user: string, id: number, message: OutgoingMessage): Promise<boolean>;
  /** The newest `limit` messages of `user` (with an id above `after`, when given), oldest first; marks those the bot sent on its own as read. */
  read(user: string, options: { limit: number; after?: number }, now: Date): Promise<LocalChatEntry[]>;
  /** The messages the bot sent on its own to `user` that nobody has read yet, oldest first; marks them read. */
  takeUnread(user: string, now: Date): Promise<LocalChatEntry[]>;
  /** Local users with stored messages, the most recently active first. */
  users(limit: number): Promise<string[]>;
  /** Deletes messages stored before `before`; returns how many. */
  deleteBefore(before: Date): Promise<number>;
}
