// Slack addresses: "slack:<team>:<id>", where the id is a user (U…/W…: reached through
// the DM the bot opens with them) or a conversation (C…/G…/D…: posted to directly).
// Only this adapter reads them; the core stores and passes them along.
import { BotError } from '../../src/core/errors';

export interface SlackAddress {
  team: string;
  /** A user id (U…, W…) or a conversation id (C…, G…, D…). */
  id: string;
}

const ID = /^[A-Z0-9]{2,32}$/;

export function slackAddress(team: string, id: string): string {
  return `slack:${team}:${id}`;
}

export function parseSlackAddress(address: string): SlackAddress {
  const [platform, team, id, ...rest] = address.split(':');
  if (platform !== 'slack' || rest.length > 0 || !team || !id || !ID.test(team) || !ID.test(id)) {
    throw new BotError('INPUT.INVALID', `not a Slack address: ${address.slice(0, 80)}`);
  }
  return { team, id };
}

export function isUserId(id: string): boolean {
  return id.startsWith('U') || id.startsWith('W');
}

/** A posted message: the conversation it is in and its timestamp. */
export function messageRef(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

export function parseMessageRef(ref: string): { channel: string; ts: string } {
  const [channel, ts] = ref.split(':');
  if (!channel || !ts || !ID.test(channel) || !/^\d+\.\d+$/.test(ts)) throw new BotError('INPUT.INVALID', `not a Slack message reference: ${ref.slice(0, 80)}`);
  return { channel, ts };
}
