import { randomUUID } from 'node:crypto';
import type { PostedMessageRepository } from '../../core/ports';
import type { DbClient } from '../prisma-client';

export function postedMessageRepository(prisma: DbClient): PostedMessageRepository {
  return {
    async record({ kind, subjectId, address, ref }, at) {
      await prisma.postedMessage.create({ data: { id: randomUUID(), kind, subjectId, address, ref, createdAt: at } });
    },

    async find(kind, subjectId) {
      const rows = await prisma.postedMessage.findMany({ where: { kind, subjectId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      return rows.map(({ kind: k, subjectId: s, address, ref }) => ({ kind: k, subjectId: s, address, ref }));
    },
  };
}
