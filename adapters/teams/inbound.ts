// Bot Framework activity -> the neutral IncomingMessage: who (tenant + AAD object id),
// which conversation, and what they said (mention stripped), chose (card button) or
// submitted (card form). Card data is checked here; SDK types stop at this file.
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import type { IncomingMessage } from '../../src/core/messages';
import { teamsConversationKey } from './address';

/** What a card button or form sent, from Action.Submit (`value`) or Action.Execute (`data`). */
export type CardInput =
  | { kind: 'action'; action: string | string[] }
  | { kind: 'form'; id: string; values: Record<string, string | string[]> }
  | { kind: 'open-form'; id: string }
  | { kind: 'invalid'; reason: string };

const short = z.string().max(2000);
const cardData = z.union([
  z.object({ action: short }).passthrough(),
  z.object({ form: z.string().min(1).max(64) }).passthrough(),
  z.object({ openForm: z.string().min(1).max(64) }).passthrough(),
  z.object({ chosen: z.enum(['one', 'many']), choice: z.string().max(10000).optional() }).passthrough(),
]);

const RESERVED = new Set(['form', 'msteams']);

export function parseCardData(data: unknown): CardInput {
  const parsed = cardData.safeParse(data);
  if (!parsed.success) return { kind: 'invalid', reason: 'card data without action, form or choice' };
  const d = parsed.data as Record<string, unknown>;
  if (typeof d.form === 'string') {
    const values: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(d)) {
      if (RESERVED.has(key)) continue;
      if (typeof value === 'string' && value.length <= 10000) values[key] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') values[key] = String(value);
      else return { kind: 'invalid', reason: `form field ${key.slice(0, 64)} is not text` };
    }
    return { kind: 'form', id: d.form, values };
  }
  if (typeof d.openForm === 'string') return { kind: 'open-form', id: d.openForm };
  if (typeof d.action === 'string') return { kind: 'action', action: d.action };
  const choice = typeof d.choice === 'string' ? d.choice : '';
  if (choice.trim() === '') return { kind: 'invalid', reason: 'nothing was chosen' };
  return { kind: 'action', action: d.chosen === 'many' ? choice.split(',').map((s) => s.trim()).filter(Boolean) : choice };
}

/** The message text without the bot's own @mention (Teams puts `<at>Name</at>` in it). */
export function stripBotMention(activity: Partial<Activity>): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  for (const entity of activity.entities ?? []) {
    if (entity.type !== 'mention') continue;
    const mentioned = (entity as { mentioned?: { id?: string } }).mentioned;
    const mentionText = (entity as { text?: string }).text;
    if (mentioned?.id === botId && typeof mentionText === 'string' && mentionText) text = text.split(mentionText).join(' ');
  }
  return text.replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
}

export function tenantOf(activity: Partial<Activity>): string | undefined {
  return activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
}

/** Every tenant id the activity names, in its conversation and its channel data. */
export function tenantsNamedBy(activity: Partial<Activity>): string[] {
  const named = [activity.conversation?.tenantId, (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id];
  return named.filter((t): t is string => typeof t === 'string' && t !== '');
}

/** "tenant:aadObjectId", falling back to the channel account id when AAD gives none. */
export function externalIdOf(activity: Partial<Activity>): string {
  const user = activity.from?.aadObjectId ?? activity.from?.id ?? '';
  return `${tenantOf(activity) ?? 'no-tenant'}:${user}`;
}

export function isPersonal(activity: Partial<Activity>): boolean {
  return (activity.conversation?.conversationType ?? 'personal') === 'personal';
}

/** The card input an activity carries: a message's `value` or an Action.Execute invoke's data. */
export function cardInputOf(activity: Partial<Activity>): CardInput | undefined {
  if (activity.type === 'invoke') {
    const action = (activity.value as { action?: { type?: string; verb?: string; data?: unknown } } | undefined)?.action;
    if (!action || action.type !== 'Action.Execute') return { kind: 'invalid', reason: 'an invoke without an Action.Execute' };
    const data = action.data && typeof action.data === 'object' ? action.data : {};
    const withVerb = 'action' in data || 'form' in data || 'openForm' in data || 'chosen' in data || !action.verb ? data : { ...data, action: action.verb };
    return parseCardData(withVerb);
  }
  if (activity.value !== undefined && activity.value !== null) return parseCardData(activity.value);
  return undefined;
}

export interface InboundContext {
  /** The flow-state key (the personal chat's conversation id). */
  conversationId: string;
  directAddress?: string;
  email?: string;
  emailVerified?: boolean;
}

export function toIncoming(activity: Partial<Activity>, input: CardInput | undefined, context: InboundContext): IncomingMessage {
  const base: IncomingMessage = {
    platform: 'teams',
    user: {
      externalId: externalIdOf(activity),
      ...(activity.from?.name ? { displayName: activity.from.name } : {}),
      ...(context.email ? { email: context.email, emailVerified: context.emailVerified ?? false } : {}),
    },
    conversation: teamsConversationKey(context.conversationId),
    ...(context.directAddress ? { directAddress: context.directAddress } : {}),
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
  if (input?.kind === 'action') return { ...base, action: input.action };
  if (input?.kind === 'form') return { ...base, form: { id: input.id, values: input.values } };
  return { ...base, text: stripBotMention(activity) };
}
