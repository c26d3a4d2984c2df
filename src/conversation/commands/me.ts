import { isProfileComplete } from '../../core/members/profile';
import { formatDate } from '../membership/groups-text';
import type { Command } from '../router';

export const meCommand: Command = {
  name: 'me',
  readOnly: true,
  firstSteps: true,
  aliases: ['whoami', 'my profile'],
  summary: 'command.me',
  async run(ctx) {
    const m = ctx.member;
    const none = ctx.t('me.none');
    const category = ctx.coalition.stakeholderCategories.find((c) => c.key === m.category)?.name;
    const roles = ctx.roles.map((r) => (r.role === 'secretariat' ? ctx.t('me.role_secretariat') : ctx.t('me.role_chair', { group: r.scope })));
    // Every link that made this member, with both identities: a link the member did not make shows here.
    const links = (await ctx.repositories.members.links(m.id)).map((l) =>
      ctx.t('me.link', { date: formatDate(ctx, l.at), first: l.identities[0], second: l.identities[1], by: ctx.t(l.by === 'email' ? 'me.link_by_email' : 'me.link_by_code') }),
    );
    return [
      {
        title: ctx.t('me.title'),
        text: isProfileComplete(m) ? '' : ctx.t('me.incomplete'),
        fields: [
          { label: ctx.t('profile.name.label'), value: m.name ?? none },
          { label: ctx.t('profile.organization.label'), value: m.organization ?? none },
          { label: ctx.t('profile.category.label'), value: category ?? none },
          { label: ctx.t('profile.country.label'), value: (m.country && ctx.countries.get(m.country)?.name) || none },
          { label: ctx.t('profile.time_zone.label'), value: m.timeZone ?? none },
          { label: ctx.t('profile.email.label'), value: m.email ?? none },
          { label: ctx.t('me.roles'), value: roles.length ? roles.join(', ') : ctx.t('me.no_roles') },
          { label: ctx.t('me.links'), value: links.length ? links.join('\n') : none },
        ],
      },
    ];
  },
};
