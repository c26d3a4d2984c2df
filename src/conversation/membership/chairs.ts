// `chair add <group> <member>` / `chair remove <group> <member>` (secretariat).
import { findMember } from '../../core/membership/member-lookup';
import type { OutgoingMessage } from '../../core/messages';
import type { AuditEntry, Member } from '../../core/ports';
import type { ConversationContext } from '../context';
import { localUsage } from '../understanding/words';
import type { Command } from '../router';
import { groupTitle } from './application-message';
import { tellMember } from './delivery';
import { memberName, resolveGroupAndRest } from './groups-text';

function describe(ctx: ConversationContext, m: Member): string {
  return [memberName(ctx, m), m.organization, m.email, `id ${m.id}`].filter(Boolean).join(', ');
}

async function resolveTarget(ctx: ConversationContext, args: string, usage: string) {
  const resolved = resolveGroupAndRest(ctx, args, usage);
  if (!resolved.ok) return resolved;
  const { group, rest } = resolved.value;
  if (!rest) return { ok: false as const, replies: [{ text: ctx.t('chair.which_member', { usage: localUsage(ctx.t, usage) }), tone: 'error' as const }] };
  const lookup = findMember(await ctx.repositories.members.list(), rest);
  if (lookup.kind === 'unknown') return { ok: false as const, replies: [{ text: ctx.t('chair.unknown_member', { input: rest }), tone: 'error' as const }] };
  if (lookup.kind === 'ambiguous') {
    return { ok: false as const, replies: [{ text: ctx.t('chair.ambiguous_member', { input: rest, candidates: lookup.candidates.map((m) => describe(ctx, m)).join('; ') }), tone: 'error' as const }] };
  }
  return { ok: true as const, value: { group, member: lookup.member } };
}

/** What differs between adding and removing a chair; the rest of the command is shared. */
const CHANGES = {
  add: {
    async apply(ctx: ConversationContext, memberId: string, scope: string, audit: AuditEntry): Promise<boolean> {
      if ((await ctx.repositories.roles.rolesOf(memberId)).some((r) => r.role === 'chair' && r.scope === scope)) return false;
      await ctx.repositories.roles.grant({ memberId, role: 'chair', scope, source: 'chat' }, audit);
      return true;
    },
    unchanged: { key: 'chair.already' as const, tone: undefined },
    audit: { action: 'role.granted', details: { source: 'chat' } },
    told: 'chair.told_added' as const,
    done: 'chair.added' as const,
  },
  remove: {
    apply: (ctx: ConversationContext, memberId: string, scope: string, audit: AuditEntry) => ctx.repositories.roles.revoke(memberId, 'chair', scope, audit),
    unchanged: { key: 'chair.not_chair' as const, tone: 'error' as const },
    audit: { action: 'role.revoked', details: {} },
    told: 'chair.told_removed' as const,
    done: 'chair.removed' as const,
  },
};

function chairCommand(action: keyof typeof CHANGES): Command {
  const change = CHANGES[action];
  const usage = `chair ${action} <group> <member>`;
  return {
    name: `chair ${action}`,
    summary: `command.chair_${action}`,
    usage,
    role: 'secretariat',
    async run(ctx, args): Promise<OutgoingMessage[]> {
      const target = await resolveTarget(ctx, args, usage);
      if (!target.ok) return target.replies;
      const { group, member } = target.value;
      const params = { name: memberName(ctx, member), group: group.name };
      // The role change and its audit entry are written together.
      const details = { role: 'chair', scope: group.key, ...change.audit.details };
      const audit: AuditEntry = { at: ctx.now, actor: `member:${ctx.member.id}`, action: change.audit.action, subject: member.id, details };
      if (!(await change.apply(ctx, member.id, group.key, audit))) return [{ text: ctx.t(change.unchanged.key, params), tone: change.unchanged.tone }];
      await tellMember(ctx, member.id, (reader) => ({ text: reader.t(change.told, { group: groupTitle(reader, group.key) }) }));
      return [{ text: ctx.t(change.done, params), tone: 'success' }];
    },
  };
}

export const chairAddCommand = chairCommand('add');
export const chairRemoveCommand = chairCommand('remove');
