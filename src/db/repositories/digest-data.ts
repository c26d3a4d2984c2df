// Read-only queries the digest needs, and the DigestRun claims that make it go out once per period.
// Figures that grow with the coalition (memberships, the period's pledges) are counted and summed
// by the database; only the few rows per group come back.
import { randomUUID } from 'node:crypto';
import type { DigestData, DigestRuns } from '../../core/digest/digest-ports';
import type { DbClient } from '../prisma-client';
import { isUniqueViolation } from '../prisma-errors';
import { pledgeSums } from './pledge-sums';


export function digestData(prisma: DbClient): DigestData {
  return {
    async pendingApplications() {
      const rows = await prisma.application.findMany({ where: { status: 'pending' }, include: { group: { select: { key: true } } }, orderBy: { submittedAt: 'asc' } });
      return rows.map((row) => ({ id: row.id, groupKey: row.group.key, submittedAt: row.submittedAt }));
    },

    async newMemberships({ start, end }) {
      const rows = await prisma.membership.findMany({
        where: { joinedAt: { gte: start, lt: end } },
        include: { group: { select: { key: true } }, member: { select: { category: true } } },
      });
      return rows.map((row) => ({ groupKey: row.group.key, category: row.member.category, joinedAt: row.joinedAt }));
    },

    async memberships() {
      // Members by category in each group (a member is in a group at most once).
      const groups = await prisma.workingGroup.findMany({ select: { id: true, key: true }, orderBy: { key: 'asc' } });
      const counted = await Promise.all(
        groups.map(async (group) => {
          const rows = await prisma.member.groupBy({ by: ['category'], where: { memberships: { some: { groupId: group.id } } }, _count: { _all: true }, orderBy: { category: 'asc' } });
          return rows.map((row) => ({ groupKey: group.key, category: row.category, count: row._count._all }));
        }),
      );
      return counted.flat();
    },

    newPledges({ start, end }) {
      return pledgeSums(prisma, { createdAt: { gte: start, lt: end } });
    },

    async statusChanges({ start, end }) {
      const rows = await prisma.pledgeEvent.findMany({
        where: { kind: 'status', at: { gte: start, lt: end } },
        select: { pledgeId: true, at: true, oldValue: true, newValue: true },
        orderBy: { at: 'asc' },
      });
      return rows.map((row) => ({ pledgeId: row.pledgeId, at: row.at, from: row.oldValue, to: row.newValue }));
    },

    async undeliveredReminders({ start, end }) {
      const rows = await prisma.reminderDelivery.findMany({
        where: { status: { in: ['failed', 'dropped'] }, claimedAt: { gte: start, lt: end } },
        select: { meetingId: true, occurrenceAt: true, status: true },
      });
      return rows.map((row) => ({ ...row, status: row.status as 'failed' | 'dropped' }));
    },

    async unansweredCheckIns() {
      return prisma.pledgeCheckIn.findMany({
        where: { answeredAt: null, pledge: { status: { in: ['announced', 'in_progress'] } } },
        select: { pledgeId: true, year: true, askedAt: true },
        orderBy: { askedAt: 'asc' },
      });
    },
  };
}

export function digestRuns(prisma: DbClient): DigestRuns {
  return {
    async claim(periodKey, period, now, status = 'claimed') {
      try {
        await prisma.digestRun.create({ data: { id: randomUUID(), periodKey, periodStart: period.start, periodEnd: period.end, status, claimedAt: now } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async markSent(periodKey, now) {
      await prisma.digestRun.update({ where: { periodKey }, data: { status: 'sent', sentAt: now } });
    },
    async release(periodKey) {
      await prisma.digestRun.deleteMany({ where: { periodKey, status: 'claimed' } });
    },
    async any() {
      return (await prisma.digestRun.count()) > 0;
    },
  };
}
