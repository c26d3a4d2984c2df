import { randomUUID } from 'node:crypto';
import type { LinkCodeRepository, PendingLink } from '../../core/ports';
import type { DbClient } from '../prisma-client';

type PendingRow = Awaited<ReturnType<DbClient['pendingLink']['findUniqueOrThrow']>>;

function toPending(row: PendingRow): PendingLink {
  return {
    id: row.id,
    ownerId: row.ownerId,
    ownerIdentity: row.ownerIdentity,
    claimerId: row.claimerId,
    claimerIdentity: row.claimerIdentity,
    ownerConfirmedAt: row.ownerConfirmedAt,
    claimerConfirmedAt: row.claimerConfirmedAt,
    expiresAt: row.expiresAt,
  };
}

export function linkCodeRepository(prisma: DbClient): LinkCodeRepository {
  return {
    async create(code, memberId, identity, expiresAt) {
      await prisma.$transaction([prisma.linkCode.deleteMany({ where: { memberId } }), prisma.linkCode.create({ data: { code, memberId, identity, expiresAt } })]);
    },

    async consume(code, now) {
      const row = await prisma.linkCode.findUnique({ where: { code } });
      if (!row) return null;
      // Deleting is the claim: of two uses of one code only one deletes the row.
      const { count } = await prisma.linkCode.deleteMany({ where: { code } });
      if (count === 0 || row.expiresAt.getTime() <= now.getTime()) return null;
      return { memberId: row.memberId, identity: row.identity };
    },

    async openPending(link) {
      const members = [link.ownerId, link.claimerId];
      const id = randomUUID();
      const [, created] = await prisma.$transaction([
        prisma.pendingLink.deleteMany({ where: { OR: [{ ownerId: { in: members } }, { claimerId: { in: members } }] } }),
        prisma.pendingLink.create({ data: { id, ...link } }),
      ]);
      return toPending(created);
    },

    async pendingOf(memberId, now) {
      const row = await prisma.pendingLink.findFirst({
        where: { OR: [{ ownerId: memberId }, { claimerId: memberId }], expiresAt: { gt: now } },
        orderBy: { createdAt: 'desc' },
      });
      return row ? toPending(row) : null;
    },

    async confirmPending(id, side, at) {
      const { count } = await prisma.pendingLink.updateMany({ where: { id }, data: side === 'owner' ? { ownerConfirmedAt: at } : { claimerConfirmedAt: at } });
      if (count === 0) return null;
      const row = await prisma.pendingLink.findUnique({ where: { id } });
      return row ? toPending(row) : null;
    },

    async removePending(id) {
      const { count } = await prisma.pendingLink.deleteMany({ where: { id } });
      return count > 0;
    },

    async deleteExpired(now) {
      const [codes, pending] = await prisma.$transaction([
        prisma.linkCode.deleteMany({ where: { expiresAt: { lte: now } } }),
        prisma.pendingLink.deleteMany({ where: { expiresAt: { lte: now } } }),
      ]);
      return codes.count + pending.count;
    },
  };
}
