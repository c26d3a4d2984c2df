// Who may do what with a working group: the secretariat everything, a chair their group.
import type { RoleAssignment } from '../ports';

export function isSecretariat(roles: readonly RoleAssignment[]): boolean {
  return roles.some((r) => r.role === 'secretariat');
}

export function isChairOf(roles: readonly RoleAssignment[], groupKey: string): boolean {
  return roles.some((r) => r.role === 'chair' && r.scope === groupKey);
}

/** Chairs of the group and the secretariat: they see members' emails and the group's details. */
export function canManageGroup(roles: readonly RoleAssignment[], groupKey: string): boolean {
  return isSecretariat(roles) || isChairOf(roles, groupKey);
}

/** Members of the group, its chairs and the secretariat may see the roster. */
export function canSeeRoster(roles: readonly RoleAssignment[], isMember: boolean, groupKey: string): boolean {
  return isMember || canManageGroup(roles, groupKey);
}

export function canSeeComposition(roles: readonly RoleAssignment[]): boolean {
  return isSecretariat(roles) || roles.some((r) => r.role === 'chair');
}
