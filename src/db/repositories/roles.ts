import { randomUUID } from 'node:crypto';
import type { RoleAssignment as RoleRow } from '.prisma/coalition-sqlite';
import type { RoleAssignment, RoleName, RoleRepository } from '../../core/ports';
import type { DbClient } from '../prisma-client';
import { isUniqueViolation } from '../prisma-errors';
import { auditRow } from './audit';

function toRole(row: RoleRow): RoleAssignment {
  return { memberId: row.memberId, role: row.role as RoleName, scope: row.scope, source: row.source as RoleAssignment['source'] };
}

export function roleRepository(prisma: DbClient): RoleRepository {
  return {
    async rolesOf(memberId) {
      const rows = await prisma.roleAssignment.findMany({ where: { memberId }, orderBy: [{ role: 'asc' }, { scope: 'asc' }] });
      return rows.map(toRole);
    },

    async grant({ memberId, role, scope, source }, audit) {
      const key = { memberId_role_scope: { memberId, role, scope } };
      if (await prisma.roleAssignment.findUnique({ where: key })) return false;
      // A chair's scope is a working group key; linking the row lets it go with its group.
      const group = role === 'chair' && scope !== '' ? await prisma.workingGroup.findUnique({ where: { key: scope }, select: { id: true } }) : null;
      try {
        // The role and its audit entry commit together or not at all.
        await prisma.$transaction(async (tx) => {
          await tx.roleAssignment.create({ data: { id: randomUUID(), memberId, role, scope, source, groupId: group?.id ?? null } });
          if (audit) await tx.auditEntry.create({ data: auditRow(audit) });
        });
        return true;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error; // granted concurrently: same outcome, audited by that grant
        return false;
      }
    },

    async revoke(memberId, role, scope, audit) {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.roleAssignment.deleteMany({ where: { memberId, role, scope } });
        if (count > 0 && audit) await tx.auditEntry.create({ data: auditRow(audit) });
        return count > 0;
      });
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
