// Who may see and change a meeting, and finding one by the short id members type.
import type { Meeting } from '../../core/meetings/meeting-ports';
import type { ConversationContext } from '../context';

export const shortId = (meeting: Meeting) => meeting.id.slice(0, 8);

export function isSecretariat(ctx: ConversationContext): boolean {
  return ctx.roles.some((r) => r.role === 'secretariat');
}

export function chairs(ctx: ConversationContext, group: string): boolean {
  return isSecretariat(ctx) || ctx.roles.some((r) => r.role === 'chair' && r.scope === group);
}

/** Working groups the member belongs to (or chairs). */
export async function myGroups(ctx: ConversationContext): Promise<string[]> {
  const member = (await ctx.repositories.memberships.ofMember(ctx.member.id)).map((m) => m.groupKey);
  const chaired = ctx.coalition.focusAreas.filter((a) => chairs(ctx, a.key)).map((a) => a.key);
  return [...new Set([...member, ...chaired])];
}

export async function canSee(ctx: ConversationContext, meeting: Meeting): Promise<boolean> {
  return isSecretariat(ctx) || (await myGroups(ctx)).includes(meeting.group);
}

export function groupName(ctx: ConversationContext, key: string): string {
  const area = ctx.coalition.focusAreas.find((a) => a.key === key);
  return area?.workingGroup.name ?? key;
}

/** The scheduled meeting whose id starts with what the member typed (at least 4 characters). */
export async function findMeeting(ctx: ConversationContext, typed: string): Promise<Meeting | null> {
  const prefix = typed.trim().toLowerCase();
  if (prefix.length < 4) return null;
  const matches = (await ctx.repositories.meetings.scheduled()).filter((m) => m.id.startsWith(prefix));
  return matches.length === 1 ? matches[0] : null;
}
