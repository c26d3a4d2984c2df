import { randomUUID } from 'node:crypto';
import type { ReminderDelivery as ReminderRow } from '.prisma/coalition-sqlite';
import type { ReminderDeliveries, ReminderDelivery } from '../../core/meetings/meeting-ports';
import type { DbClient } from '../prisma-client';
import { isUniqueViolation } from '../prisma-errors';
import type { HotPath } from './hot-path';

function toDelivery(row: ReminderRow): ReminderDelivery {
  return {
    id: row.id,
    meetingId: row.meetingId,
    occurrenceAt: row.occurrenceAt,
    memberId: row.memberId,
    offsetMinutes: row.offsetMinutes,
    status: row.status as ReminderDelivery['status'],
    attempts: row.attempts,
    leaseUntil: row.leaseUntil,
    platform: row.platform,
    lastError: row.lastError,
    claimedAt: row.claimedAt,
    sentAt: row.sentAt,
  };
}

export function reminderDeliveries(prisma: DbClient, hot: Pick<HotPath, 'claimReminder' | 'reminderSent'>): ReminderDeliveries {
  return {
    async recipients(group) {
      const rows = await prisma.membership.findMany({ where: { group: { key: group } }, include: { member: true } });
      return rows.map(({ member }) => ({
        memberId: member.id,
        preferences: {
          offsets: member.reminderOffsets ? (JSON.parse(member.reminderOffsets) as number[]) : null,
          off: member.remindersOff,
          pausedUntil: member.remindersPausedUntil,
        },
      }));
    },

    async claim(key, leaseUntil, now) {
      try {
        const delivery: ReminderDelivery = { id: randomUUID(), ...key, status: 'claimed', leaseUntil, attempts: 1, claimedAt: now, platform: null, lastError: null, sentAt: null };
        await hot.claimReminder(delivery);
        return delivery;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      // The row exists: take it over only if its sender's lease ran out before sending.
      // The where re-checked under the row lock makes two takers exclusive.
      const where = {
        meetingId_occurrenceAt_memberId_offsetMinutes: key,
      };
      const { count } = await prisma.reminderDelivery.updateMany({
        where: { ...key, status: 'claimed', leaseUntil: { lte: now } },
        data: { leaseUntil, attempts: { increment: 1 }, claimedAt: now },
      });
      if (count !== 1) return null;
      const row = await prisma.reminderDelivery.findUnique({ where });
      return row ? toDelivery(row) : null;
    },

    async renew(claims, leaseUntil) {
      const byAttempt = new Map<number, string[]>();
      for (const c of claims) byAttempt.set(c.attempts, [...(byAttempt.get(c.attempts) ?? []), c.id]);
      let renewed = 0;
      for (const [attempts, ids] of byAttempt) {
        for (let i = 0; i < ids.length; i += 500) {
          const { count } = await prisma.reminderDelivery.updateMany({ where: { id: { in: ids.slice(i, i + 500) }, attempts, status: 'claimed' }, data: { leaseUntil } });
          renewed += count;
        }
      }
      return renewed;
    },

    async unclaimable(meetingId, occurrenceAt, now) {
      return prisma.reminderDelivery.findMany({
        where: { meetingId, occurrenceAt, OR: [{ status: { not: 'claimed' } }, { leaseUntil: { gt: now } }] },
        select: { memberId: true, offsetMinutes: true },
      });
    },

    async markSent(id, platform, now) {
      await hot.reminderSent(id, platform, now);
    },

    async markFailed(id, error, final, now) {
      await prisma.reminderDelivery.update({
        where: { id },
        data: final ? { status: 'failed', lastError: error.slice(0, 500), leaseUntil: null } : { lastError: error.slice(0, 500), leaseUntil: new Date(now.getTime() + 60_000) },
      });
    },

    async recordDropped(key, now) {
      const { meetingId, occurrenceAt, memberId } = key;
      if ((await prisma.reminderDelivery.count({ where: { meetingId, occurrenceAt, memberId } })) > 0) return false;
      try {
        await prisma.reminderDelivery.create({ data: { id: randomUUID(), ...key, status: 'dropped', attempts: 0, claimedAt: now, lastError: 'the meeting had begun' } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    async requeue(id, now) {
      const { count } = await prisma.reminderDelivery.updateMany({ where: { id, status: 'failed' }, data: { status: 'claimed', leaseUntil: now, attempts: 0 } });
      return count === 1;
    },

    async list(filter) {
      const rows = await prisma.reminderDelivery.findMany({
        where: { ...(filter.status ? { status: filter.status } : {}), ...(filter.since ? { claimedAt: { gte: filter.since } } : {}) },
        orderBy: { claimedAt: 'asc' },
      });
      return rows.map(toDelivery);
    },
  };
}
