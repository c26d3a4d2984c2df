import { randomUUID } from 'node:crypto';
import type { RoleAssignment as RoleRow } from '.prisma/coalition-sqlite';
import type { RoleAssignment, RoleName, RoleRepository } from '../../core/ports';
import type { DbClient } from '../prisma-client';
import { isUniqueViolation } from '../prisma-errors';

function toRole(row: RoleRow): RoleAssignment {
  return { memberId: row.memberId, role: row.role as RoleName, scope: row.scope, source: row.source as RoleAssignment['source'] };
}

export function roleRepository(prisma: DbClient): RoleRepository {
  return {
    async rolesOf(memberId) {
      const rows = await prisma.roleAssignment.findMany({ where: { memberId }, orderBy: [{ role: 'asc' }, { scope: 'asc' }] });
      return rows.map(toRole);
    },

    async grant({ memberId, role, scope, source }) {
      const key = { memberId_role_scope: { memberId, role, scope } };
      if (await prisma.roleAssignment.findUnique({ where: key })) return;
      // A chair's scope is a working group key; linking the row lets it go with its group.
      const group = role === 'chair' && scope !== '' ? await prisma.workingGroup.findUnique({ where: { key: scope }, select: { id: true } }) : null;
      try {
        await prisma.roleAssignment.create({ data: { id: randomUUID(), memberId, role, scope, source, groupId: group?.id ?? null } });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error; // granted concurrently: same outcome
      }
    },

    async revoke(memberId, role, scope) {
      const { count } = await prisma.roleAssignment.deleteMany({ where: { memberId, role, scope } });
      return count > 0;
    },

    async holders(role, scope) {
      const rows = await prisma.roleAssignment.findMany({
        where: { role, ...(scope !== undefined && { scope }) },
        orderBy: [{ createdAt: 'asc' }, { memberId: 'asc' }],
      });
      return rows.map(toRole);
    },
  };
}
