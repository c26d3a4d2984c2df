import { randomUUID } from 'node:crypto';
import type { Membership, MembershipRepository } from '../../core/ports';
import type { DbClient } from '../prisma-client';
import { isUniqueViolation } from '../prisma-errors';
import { auditRow } from './audit';

const include = { group: { select: { key: true } } } as const;
const order = [{ joinedAt: 'asc' as const }, { id: 'asc' as const }];

function toMembership(row: { memberId: string; joinedAt: Date; group: { key: string } }): Membership {
  return { memberId: row.memberId, groupKey: row.group.key, joinedAt: row.joinedAt };
}

export function membershipRepository(prisma: DbClient): MembershipRepository {
  return {
    async ofMember(memberId) {
      return (await prisma.membership.findMany({ where: { memberId }, include, orderBy: order })).map(toMembership);
    },

    async ofGroup(groupKey) {
      return (await prisma.membership.findMany({ where: { group: { key: groupKey } }, include, orderBy: order })).map(toMembership);
    },

    async all() {
      return (await prisma.membership.findMany({ include, orderBy: order })).map(toMembership);
    },

    async add(memberId, groupKey, at) {
      const group = await prisma.workingGroup.findUniqueOrThrow({ where: { key: groupKey }, select: { id: true } });
      try {
        await prisma.membership.create({ data: { id: randomUUID(), memberId, groupId: group.id, joinedAt: at } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    async remove(memberId, groupKey, audit) {
      // The removal and its audit entry commit together or not at all.
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.membership.deleteMany({ where: { memberId, group: { key: groupKey } } });
        if (count > 0 && audit) await tx.auditEntry.create({ data: auditRow(audit) });
        return count > 0;
      });
    },
  };
}
