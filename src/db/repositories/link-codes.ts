import type { LinkCodeRepository } from '../../core/ports';
import type { DbClient } from '../prisma-client';

export function linkCodeRepository(prisma: DbClient): LinkCodeRepository {
  return {
    async create(code, memberId, expiresAt) {
      await prisma.$transaction([prisma.linkCode.deleteMany({ where: { memberId } }), prisma.linkCode.create({ data: { code, memberId, expiresAt } })]);
    },

    async consume(code, now) {
      const row = await prisma.linkCode.findUnique({ where: { code } });
      if (!row) return null;
      // Deleting is the claim: of two uses of one code only one deletes the row.
      const { count } = await prisma.linkCode.deleteMany({ where: { code } });
      if (count === 0 || row.expiresAt.getTime() <= now.getTime()) return null;
      return row.memberId;
    },

    async deleteExpired(now) {
      const { count } = await prisma.linkCode.deleteMany({ where: { expiresAt: { lte: now } } });
      return count;
    },
  };
}
