// Who sees what on the dashboard: the secretariat every focus area, a chair their own
// group only (read-only, like everything there), anyone else nothing. Checked on every request.
import type { RoleAssignment } from '../ports';

export const DASHBOARD_LINK_LIFETIME_MS = 10 * 60_000;
export const DASHBOARD_IDLE_MS = 8 * 3600_000;

export interface DashboardScope {
  secretariat: boolean;
  /** The working group (= focus area) keys visible, in the coalition's order. */
  groups: string[];
}

/** The scope of a member holding `roles`, or null when they may not see the dashboard. */
export function dashboardScope(roles: readonly RoleAssignment[], groupKeys: readonly string[]): DashboardScope | null {
  if (roles.some((r) => r.role === 'secretariat')) return { secretariat: true, groups: [...groupKeys] };
  const chaired = new Set(roles.filter((r) => r.role === 'chair').map((r) => r.scope));
  const groups = groupKeys.filter((key) => chaired.has(key));
  return groups.length ? { secretariat: false, groups } : null;
}

/** True when a session last seen at `lastSeenAt` is still open at `now`. */
export function sessionOpen(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() < DASHBOARD_IDLE_MS;
}
