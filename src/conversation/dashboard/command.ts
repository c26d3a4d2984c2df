// `dashboard`: a one-time sign-in link to the dashboard, for the secretariat and chairs.
import { dashboardScope } from '../../core/dashboard/dashboard-access';
import type { Command } from '../router';

export interface DashboardCommandDeps {
  /** Stores a new one-time link for the member and returns its URL. */
  signInLink(memberId: string, now: Date): Promise<string>;
}

export function dashboardCommand(deps: DashboardCommandDeps): Command {
  return {
    name: 'dashboard',
    readOnly: true,
    summary: 'command.dashboard',
    role: 'chair',
    async run(ctx) {
      const scope = dashboardScope(ctx.roles, ctx.coalition.focusAreas.map((a) => a.key));
      if (!scope) return [{ text: ctx.t('dashboard.no_role'), tone: 'error' }];
      const url = await deps.signInLink(ctx.member.id, ctx.now);
      const names = scope.groups.map((key) => ctx.coalition.focusAreas.find((a) => a.key === key)?.name ?? key).join(', ');
      const text = scope.secretariat ? ctx.t('dashboard.link') : `${ctx.t('dashboard.link')} ${ctx.t('dashboard.link.chair', { groups: names })}`;
      return [{ text, fields: [{ label: ctx.t('dashboard.link.open'), value: url }], tone: 'success' }];
    },
  };
}
