// Group arguments as members type them, and the answers when one cannot be found.
import { findGroup, splitGroupArgument, type GroupLookup, type GroupRef } from '../../core/membership/group-lookup';
import type { OutgoingMessage } from '../../core/messages';
import type { Member } from '../../core/ports';
import type { ConversationContext } from '../context';
import { localUsage } from '../understanding/words';

export type Resolved<T> = { ok: true; value: T } | { ok: false; replies: OutgoingMessage[] };

export function lookupReply(ctx: ConversationContext, raw: string, lookup: GroupLookup): OutgoingMessage[] {
  if (lookup.kind === 'ambiguous') {
    return [{ text: ctx.t('groups.ambiguous', { input: raw, groups: lookup.candidates.map((g) => g.area).join(', ') }), tone: 'error', choices: { options: lookup.candidates.map((g) => ({ label: g.area, value: g.key })) } }];
  }
  const all = ctx.coalition.focusAreas.map((a) => a.name).join(', ');
  const text = lookup.kind === 'unknown' && lookup.suggestion
    ? ctx.t('groups.unknown_suggest', { input: raw, suggestion: lookup.suggestion.area })
    : ctx.t('groups.unknown', { input: raw, groups: all });
  return [{ text, tone: 'error' }];
}

/** The group named by the whole argument, or the reply saying why there is none. */
export function resolveGroup(ctx: ConversationContext, raw: string, usage: string): Resolved<GroupRef> {
  if (!raw.trim()) return { ok: false, replies: [{ text: ctx.t('groups.which', { usage: localUsage(ctx.t, usage) }), tone: 'error' }] };
  const lookup = findGroup(ctx.coalition, raw);
  return lookup.kind === 'group' ? { ok: true, value: lookup.group } : { ok: false, replies: lookupReply(ctx, raw.trim(), lookup) };
}

/** "<group> <rest>": the group and what follows it. */
export function resolveGroupAndRest(ctx: ConversationContext, args: string, usage: string): Resolved<{ group: GroupRef; rest: string }> {
  if (!args.trim()) return { ok: false, replies: [{ text: ctx.t('groups.which', { usage: localUsage(ctx.t, usage) }), tone: 'error' }] };
  const { lookup, rest } = splitGroupArgument(ctx.coalition, args);
  if (lookup.kind !== 'group') return { ok: false, replies: lookupReply(ctx, args.trim().split(/\s+/)[0], lookup) };
  return { ok: true, value: { group: lookup.group, rest } };
}

export function categoryName(ctx: ConversationContext, key: string | null): string {
  return (key && ctx.coalition.stakeholderCategories.find((c) => c.key === key)?.name) || ctx.t('me.none');
}

export function memberName(ctx: ConversationContext, member: Pick<Member, 'name' | 'id'> | null): string {
  return member?.name ?? ctx.t('membership.unnamed');
}

/** Dates in the reader's locale and time zone. */
export function formatDate(ctx: ConversationContext, date: Date): string {
  const timeZone = ctx.member.timeZone ?? ctx.coalition.defaultTimeZone;
  return new Intl.DateTimeFormat(ctx.member.locale, { dateStyle: 'medium', timeZone }).format(date);
}
