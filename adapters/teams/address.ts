// Teams addresses: "teams:<base64url of JSON>", the least a proactive message needs to
// rebuild a ConversationReference (conversation id, serviceUrl, tenant, the bot's id), or,
// when only the user is known, the user's id to open a personal chat with.
import { z } from 'zod';
import { BotError } from '../../src/core/errors';

export interface TeamsAddress {
  /** Conversation id; absent when only the user is known (a chat is created first). */
  conversationId?: string;
  serviceUrl: string;
  tenantId?: string;
  /** The bot's channel account id ("28:<app id>"). */
  botId?: string;
  /** The user's channel account id ("29:..."), to create a personal chat. */
  userId?: string;
  conversationType?: 'personal' | 'channel' | 'groupChat';
  /** The member's identity ("tenant:aadObjectId"), to mark it unreachable on a 403. */
  externalId?: string;
}

const schema = z
  .object({
    conversationId: z.string().min(1).max(512).optional(),
    serviceUrl: z.string().url().max(512),
    tenantId: z.string().max(128).optional(),
    botId: z.string().max(256).optional(),
    userId: z.string().max(256).optional(),
    conversationType: z.enum(['personal', 'channel', 'groupChat']).optional(),
    externalId: z.string().max(300).optional(),
  })
  .strict()
  .refine((a) => a.conversationId || a.userId, { message: 'a conversation id or a user id is needed' });

const PREFIX = 'teams:';

export function encodeTeamsAddress(address: TeamsAddress): string {
  const compact = Object.fromEntries(Object.entries(address).filter(([, v]) => v !== undefined && v !== ''));
  return PREFIX + Buffer.from(JSON.stringify(compact), 'utf8').toString('base64url');
}

export function decodeTeamsAddress(address: string): TeamsAddress {
  if (!address.startsWith(PREFIX)) throw new BotError('INPUT.INVALID', 'not a Teams address', {});
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(address.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch (error) {
    throw new BotError('INPUT.INVALID', 'a Teams address that does not decode', {}, { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new BotError('INPUT.INVALID', `a Teams address with ${parsed.error.issues[0].message}`, {});
  return parsed.data;
}

/** The flow-state key of a conversation: the same conversation gives the same key. */
export function teamsConversationKey(conversationId: string): string {
  return `teams:${conversationId}`;
}
