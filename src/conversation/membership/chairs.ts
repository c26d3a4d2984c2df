// `chair add <group> <member>` / `chair remove <group> <member>` (secretariat).
import { findMember } from '../../core/membership/member-lookup';
import type { OutgoingMessage } from '../../core/messages';
import type { Member } from '../../core/ports';
import type { ConversationContext } from '../context';
import type { Command } from '../router';
import { tellMember } from './delivery';
import { memberName, resolveGroupAndRest } from './groups-text';

function describe(ctx: ConversationContext, m: Member): string {
  return [memberName(ctx, m), m.organization, m.email, `id ${m.id}`].filter(Boolean).join(', ');
}

async function resolveTarget(ctx: ConversationContext, args: string, usage: string) {
  const resolved = resolveGroupAndRest(ctx, args, usage);
  if (!resolved.ok) return resolved;
  const { group, rest } = resolved.value;
  if (!rest) return { ok: false as const, replies: [{ text: ctx.t('chair.which_member', { usage }), tone: 'error' as const }] };
  const lookup = findMember(await ctx.repositories.members.list(), rest);
  if (lookup.kind === 'unknown') return { ok: false as const, replies: [{ text: ctx.t('chair.unknown_member', { input: rest }), tone: 'error' as const }] };
  if (lookup.kind === 'ambiguous') {
    return { ok: false as const, replies: [{ text: ctx.t('chair.ambiguous_member', { input: rest, candidates: lookup.candidates.map((m) => describe(ctx, m)).join('; ') }), tone: 'error' as const }] };
  }
  return { ok: true as const, value: { group, member: lookup.member } };
}

export const chairAddCommand: Command = {
  name: 'chair add',
  summary: 'command.chair_add',
  usage: 'chair add <group> <member>',
  role: 'secretariat',
  async run(ctx, args): Promise<OutgoingMessage[]> {
    const target = await resolveTarget(ctx, args, 'chair add <group> <member>');
    if (!target.ok) return target.replies;
    const { group, member } = target.value;
    const params = { name: memberName(ctx, member), group: group.name };
    if ((await ctx.repositories.roles.rolesOf(member.id)).some((r) => r.role === 'chair' && r.scope === group.key)) return [{ text: ctx.t('chair.already', params) }];
    await ctx.repositories.roles.grant({ memberId: member.id, role: 'chair', scope: group.key, source: 'chat' });
    await ctx.repositories.audit.record({ at: ctx.now, actor: `member:${ctx.member.id}`, action: 'role.granted', subject: member.id, details: { role: 'chair', scope: group.key, source: 'chat' } });
    await tellMember(ctx, member.id, { text: ctx.t('chair.told_added', { group: group.name }) });
    return [{ text: ctx.t('chair.added', params), tone: 'success' }];
  },
};

export const chairRemoveCommand: Command = {
  name: 'chair remove',
  summary: 'command.chair_remove',
  usage: 'chair remove <group> <member>',
  role: 'secretariat',
  async run(ctx, args): Promise<OutgoingMessage[]> {
    const target = await resolveTarget(ctx, args, 'chair remove <group> <member>');
    if (!target.ok) return target.replies;
    const { group, member } = target.value;
    const params = { name: memberName(ctx, member), group: group.name };
    if (!(await ctx.repositories.roles.revoke(member.id, 'chair', group.key))) return [{ text: ctx.t('chair.not_chair', params), tone: 'error' }];
    await ctx.repositories.audit.record({ at: ctx.now, actor: `member:${ctx.member.id}`, action: 'role.revoked', subject: member.id, details: { role: 'chair', scope: group.key } });
    await tellMember(ctx, member.id, { text: ctx.t('chair.told_removed', { group: group.name }) });
    return [{ text: ctx.t('chair.removed', params), tone: 'success' }];
  },
};
