import type { JobLeases } from '../../core/ports';
import type { DbClient } from '../prisma-client';
import { isUniqueViolation } from '../prisma-errors';

export function jobLeases(prisma: DbClient): JobLeases {
  return {
    async acquire(name, owner, now, until) {
      // One conditional UPDATE: of two replicas taking an expired lease, the second finds
      // the row no longer matching its where (PostgreSQL re-checks it after the row lock).
      const { count } = await prisma.jobLease.updateMany({
        where: { name, OR: [{ owner }, { leaseUntil: { lte: now } }] },
        data: { owner, leaseUntil: until },
      });
      if (count === 1) return true;
      try {
        await prisma.jobLease.create({ data: { name, owner, leaseUntil: until } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false; // held by another owner, or created just now
        throw error;
      }
    },

    async release(name, owner) {
      // The row stays (with any lastFireAt); an expired lease is free to take.
      await prisma.jobLease.updateMany({ where: { name, owner }, data: { leaseUntil: new Date(0) } });
    },

    async prune(before) {
      return (await prisma.jobLease.deleteMany({ where: { leaseUntil: { lt: before } } })).count;
    },
  };
}
