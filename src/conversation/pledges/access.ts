// Finding a pledge by the number a member typed, and who may see or change it.
import type { OutgoingMessage } from '../../core/messages';
import type { Pledge } from '../../core/pledges/pledge-ports';
import { isSecretariat } from '../meetings/access';
import type { ConversationContext } from '../context';

export function pledgeNumber(typed: string): number | null {
  const m = /^#?(\d{1,9})$/.exec(typed.trim());
  return m ? Number(m[1]) : null;
}

export function mayChange(ctx: ConversationContext, pledge: Pledge): boolean {
  return pledge.memberId === ctx.member.id || isSecretariat(ctx);
}

/** The pledge the member may work on, or the reply saying why not. */
export async function ownPledge(ctx: ConversationContext, typed: string, example: string): Promise<{ pledge: Pledge } | { replies: OutgoingMessage[] }> {
  const number = pledgeNumber(typed);
  if (number === null) return { replies: [{ text: ctx.t('pledge.number_needed', { example }), tone: 'error' }] };
  const pledge = await ctx.repositories.pledges.get(number);
  if (!pledge) return { replies: [{ text: ctx.t('pledge.not_found', { number }), tone: 'error' }] };
  if (!mayChange(ctx, pledge)) return { replies: [{ text: ctx.t('pledge.not_yours', { number }), tone: 'error' }] };
  return { pledge };
}
