// `leave <group>`: asks for confirmation, removes the membership and tells the secretariat.
import type { ConversationContext } from '../context';
import { withNextSteps } from '../next-steps';
import type { FlowDefinition } from '../flow/flow';
import type { Command } from '../router';
import { groupTitle } from './application-message';
import { tellSecretariat } from './delivery';
import { memberName, resolveGroup } from './groups-text';
import type { MembershipOptions } from './options';

export const LEAVE_FLOW = 'leave';

export const leaveCommand: Command = {
  name: 'leave',
  summary: 'command.leave',
  usage: 'leave <group>',
  async run(ctx, args) {
    const resolved = resolveGroup(ctx, args, 'leave <group>');
    if (!resolved.ok) return resolved.replies;
    const group = resolved.value;
    const mine = await ctx.repositories.memberships.ofMember(ctx.member.id);
    if (!mine.some((m) => m.groupKey === group.key)) return [{ text: ctx.t('leave.not_member', { group: group.name }), tone: 'error' }];
    return ctx.startFlow(LEAVE_FLOW, { group: group.key });
  },
};

export function leaveFlow(options: MembershipOptions): FlowDefinition {
  return {
    id: LEAVE_FLOW,
    confirm: false,
    steps: [
      {
        id: 'sure',
        input: 'yes-no',
        label: 'leave.sure.label',
        prompt: (ctx: ConversationContext, answers) => ctx.t('leave.sure.prompt', { group: groupTitle(ctx, String(answers.group)) }),
      },
    ],
    async complete(ctx, answers) {
      const groupKey = String(answers.group);
      const group = groupTitle(ctx, groupKey);
      if (answers.sure !== true) return [{ text: ctx.t('leave.kept', { group }) }];
      const removed = await ctx.repositories.memberships.remove(ctx.member.id, groupKey, {
        at: ctx.now,
        actor: `member:${ctx.member.id}`,
        action: 'membership.left',
        subject: ctx.member.id,
        details: { group: groupKey },
      });
      if (!removed) return [{ text: ctx.t('leave.not_member', { group }), tone: 'error' }];
      const leaver = ctx.member;
      await tellSecretariat(ctx, options, (reader) => ({
        text: reader.t('leave.secretariat', { name: memberName(reader, leaver), organization: leaver.organization ?? reader.t('me.none'), group: groupTitle(reader, groupKey) }),
      }));
      return [withNextSteps(ctx, { text: ctx.t('leave.done', { group }), tone: 'success' }, 'next.after_leave', ['groups'])];
    },
  };
}
