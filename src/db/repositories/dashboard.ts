// The dashboard's sign-in links and sessions, and the read-only queries behind its charts.
import type { DashboardFilter } from '../../core/dashboard/dashboard-filter';
import type { DashboardData, DashboardSessions } from '../../core/dashboard/dashboard-ports';
import { upcomingMeetings } from '../../core/digest/digest';
import type { MeetingRepository } from '../../core/meetings/meeting-ports';
import type { DbClient } from '../prisma-client';
import { digestData } from './digest-data';
import { parseJsonList, pledgeSums } from './pledge-sums';

export function dashboardSessions(prisma: DbClient): DashboardSessions {
  return {
    async createLink(tokenHash, memberId, expiresAt) {
      await prisma.$transaction([prisma.dashboardLink.deleteMany({ where: { memberId } }), prisma.dashboardLink.create({ data: { tokenHash, memberId, expiresAt } })]);
    },
    async consumeLink(tokenHash, now) {
      const row = await prisma.dashboardLink.findUnique({ where: { tokenHash } });
      if (!row) return null;
      // Deleting is the claim: of two uses of one link (on any replica) only one deletes the row.
      const { count } = await prisma.dashboardLink.deleteMany({ where: { tokenHash } });
      return count === 1 && row.expiresAt > now ? row.memberId : null;
    },
    async createSession(tokenHash, memberId, now) {
      await prisma.dashboardSession.create({ data: { tokenHash, memberId, createdAt: now, lastSeenAt: now } });
    },
    async session(tokenHash) {
      return prisma.dashboardSession.findUnique({ where: { tokenHash }, select: { memberId: true, lastSeenAt: true } });
    },
    async touch(tokenHash, now) {
      await prisma.dashboardSession.updateMany({ where: { tokenHash }, data: { lastSeenAt: now } });
    },
    async end(tokenHash) {
      await prisma.dashboardSession.deleteMany({ where: { tokenHash } });
    },
    async prune(now, idleBefore) {
      await prisma.dashboardLink.deleteMany({ where: { expiresAt: { lte: now } } });
      await prisma.dashboardSession.deleteMany({ where: { lastSeenAt: { lt: idleBefore } } });
    },
  };
}

const createdIn = (f: DashboardFilter) => (f.start || f.end ? { ...(f.start && { gte: f.start }), ...(f.end && { lt: f.end }) } : undefined);

export function dashboardData(prisma: DbClient, meetings: MeetingRepository): DashboardData {
  const digest = digestData(prisma);
  const inGroups = (groups: readonly string[]) => ({ key: { in: [...groups] } });
  return {
    pledgeSums(filter) {
      return pledgeSums(prisma, { status: { not: 'withdrawn' }, createdAt: createdIn(filter), focusArea: { in: filter.focusAreas } });
    },
    async pledges(filter) {
      const rows = await prisma.pledge.findMany({
        where: { createdAt: createdIn(filter), focusArea: { in: filter.focusAreas } },
        select: { id: true, focusArea: true, type: true, status: true, valueUsd: true, countries: true, sdgs: true, createdAt: true },
        orderBy: { id: 'asc' },
      });
      return rows.map((p) => ({ ...p, countries: parseJsonList(p.countries), sdgs: parseJsonList(p.sdgs).map(Number).filter(Number.isInteger) }));
    },
    async pledgedUsdBefore(start, focusAreas) {
      const sum = await prisma.pledge.aggregate({ where: { status: { not: 'withdrawn' }, createdAt: { lt: start }, focusArea: { in: [...focusAreas] } }, _sum: { valueUsd: true } });
      return sum._sum.valueUsd ?? 0;
    },
    async checkIns(filter) {
      const rows = await prisma.pledgeCheckIn.findMany({
        where: { askedAt: createdIn(filter), pledge: { status: { not: 'withdrawn' }, focusArea: { in: filter.focusAreas } } },
        select: { year: true, light: true, answeredAt: true },
      });
      return rows.map((c) => ({ year: c.year, light: c.light, answered: c.answeredAt !== null }));
    },
    async memberships(groups) {
      return (await digest.memberships()).filter((m) => groups.includes(m.groupKey));
    },
    async joins(groups) {
      const rows = await prisma.membership.findMany({ where: { group: inGroups(groups) }, select: { joinedAt: true, group: { select: { key: true } } } });
      return rows.map((r) => ({ groupKey: r.group.key, joinedAt: r.joinedAt }));
    },
    async applications(groups) {
      const rows = await prisma.application.findMany({
        where: { group: inGroups(groups) },
        select: { id: true, status: true, submittedAt: true, decidedAt: true, group: { select: { key: true } } },
      });
      return rows.map(({ group, ...a }) => ({ ...a, groupKey: group.key }));
    },
    async reminders(filter) {
      const rows = await prisma.reminderDelivery.groupBy({
        by: ['status'],
        where: { claimedAt: createdIn(filter), meeting: { group: inGroups(filter.focusAreas) } },
        _count: { _all: true },
        orderBy: { status: 'asc' },
      });
      return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
    },
    unreachableMembers(groups) {
      return prisma.member.count({
        where: { memberships: { some: { group: inGroups(groups) } }, identities: { some: {}, every: { unreachableAt: { not: null } } } },
      });
    },
    async upcomingMeetings(groups, now, days) {
      return (await upcomingMeetings(meetings, now, days)).filter((m) => groups.includes(m.groupKey));
    },
  };
}
