// What members, chairs and the secretariat see of the working groups:
// `groups`, `my groups`, `roster <group>`, `composition`.
import { compositionGaps } from '../../core/membership/composition-gaps';
import { groupRefs } from '../../core/membership/group-lookup';
import { canManageGroup, canSeeRoster, isChairOf } from '../../core/membership/roles';
import type { Field } from '../../core/messages';
import type { Member } from '../../core/ports';
import type { Command } from '../router';
import { groupTitle } from './application-message';
import { categoryName, formatDate, memberName, resolveGroup } from './groups-text';

export const groupsCommand: Command = {
  name: 'groups',
  readOnly: true,
  firstSteps: true,
  aliases: ['working groups'],
  summary: 'command.groups',
  async run(ctx) {
    const [all, mine, applications] = await Promise.all([
      ctx.repositories.memberships.all(),
      ctx.repositories.memberships.ofMember(ctx.member.id),
      ctx.repositories.applications.ofMember(ctx.member.id),
    ]);
    const fields: Field[] = groupRefs(ctx.coalition).map((g) => {
      const count = all.filter((m) => m.groupKey === g.key).length;
      const status = mine.some((m) => m.groupKey === g.key)
        ? ctx.t('groups.you_belong')
        : applications.some((a) => a.groupKey === g.key && a.status === 'pending')
          ? ctx.t('groups.you_applied')
          : ctx.t('groups.you_may_join', { key: g.area });
      return { label: g.name, value: `${g.purpose}. ${ctx.t('groups.member_count', { count })} ${status}` };
    });
    return [{ title: ctx.t('groups.title'), text: ctx.t('groups.intro'), fields }];
  },
};

export const myGroupsCommand: Command = {
  name: 'my groups',
  readOnly: true,
  summary: 'command.my_groups',
  async run(ctx) {
    const [mine, applications] = await Promise.all([ctx.repositories.memberships.ofMember(ctx.member.id), ctx.repositories.applications.ofMember(ctx.member.id)]);
    const pending = applications.filter((a) => a.status === 'pending');
    if (mine.length === 0 && pending.length === 0) return [{ text: ctx.t('my_groups.none') }];
    const fields: Field[] = [
      ...mine.map((m) => ({
        label: groupTitle(ctx, m.groupKey),
        value: [ctx.t('my_groups.member_since', { date: formatDate(ctx, m.joinedAt) }), isChairOf(ctx.roles, m.groupKey) ? ctx.t('my_groups.chair') : ''].filter(Boolean).join(' '),
      })),
      ...pending.map((a) => ({ label: groupTitle(ctx, a.groupKey), value: ctx.t('my_groups.pending', { date: formatDate(ctx, a.submittedAt), id: a.id }) })),
    ];
    return [{ title: ctx.t('my_groups.title'), text: '', fields }];
  },
};

export const rosterCommand: Command = {
  name: 'roster',
  readOnly: true,
  aliases: ['members'],
  summary: 'command.roster',
  usage: 'roster <group>',
  async run(ctx, args) {
    const resolved = resolveGroup(ctx, args, 'roster <group>');
    if (!resolved.ok) return resolved.replies;
    const group = resolved.value;
    const memberships = await ctx.repositories.memberships.ofGroup(group.key);
    const isMember = memberships.some((m) => m.memberId === ctx.member.id);
    if (!canSeeRoster(ctx.roles, isMember, group.key)) return [{ text: ctx.t('roster.refused', { group: group.name }), tone: 'error' }];
    const withEmails = canManageGroup(ctx.roles, group.key);
    const chairs = new Set((await ctx.repositories.roles.holders('chair', group.key)).map((r) => r.memberId));
    const members = (await Promise.all(memberships.map((m) => ctx.repositories.members.get(m.memberId)))).filter((m): m is Member => m !== null);
    const line = (m: Member) =>
      [m.organization ?? ctx.t('me.none'), categoryName(ctx, m.category), withEmails && m.email ? m.email : null].filter(Boolean).join(' · ');
    const chairOnly = [...chairs].filter((id) => !members.some((m) => m.id === id));
    const chairMembers = (await Promise.all(chairOnly.map((id) => ctx.repositories.members.get(id)))).filter((m): m is Member => m !== null);
    const fields: Field[] = [
      ...members.map((m) => ({ label: chairs.has(m.id) ? ctx.t('roster.chair_label', { name: memberName(ctx, m) }) : memberName(ctx, m), value: line(m) })),
      ...chairMembers.map((m) => ({ label: ctx.t('roster.chair_label', { name: memberName(ctx, m) }), value: line(m) })),
    ];
    return [{ title: ctx.t('roster.title', { group: group.name, count: members.length }), text: members.length === 0 ? ctx.t('roster.empty') : '', fields }];
  },
};

export const compositionCommand: Command = {
  name: 'composition',
  readOnly: true,
  aliases: ['gaps'],
  summary: 'command.composition',
  role: 'chair',
  async run(ctx) {
    const [memberships, members] = await Promise.all([ctx.repositories.memberships.all(), ctx.repositories.members.list()]);
    const categoryOf = new Map(members.map((m) => [m.id, m.category]));
    const matrix = compositionGaps(
      groupRefs(ctx.coalition).map((g) => ({ key: g.key, name: g.area })),
      ctx.coalition.stakeholderCategories.map((c) => ({ key: c.key, name: c.name })),
      memberships.map((m) => ({ groupKey: m.groupKey, category: categoryOf.get(m.memberId) ?? null })),
    );
    const fields: Field[] = matrix.rows.map((row) => ({
      label: ctx.t('composition.row', { group: row.group.name, total: row.total }),
      value: [
        ...matrix.categories.map((c) => `${c.name}: ${row.counts[c.key]}`),
        ...(row.uncategorized > 0 ? [ctx.t('composition.uncategorized', { count: row.uncategorized })] : []),
      ].join(' · '),
    }));
    const gaps = matrix.gaps.map((g) => ctx.t('composition.gap', { group: g.groupName, category: g.categoryName }));
    return [
      { title: ctx.t('composition.title'), text: ctx.t('composition.intro'), fields },
      gaps.length > 0
        ? { title: ctx.t('composition.gaps_title', { count: gaps.length }), text: gaps.join('\n'), tone: 'error' }
        : { text: ctx.t('composition.no_gaps'), tone: 'success' },
    ];
  },
};
