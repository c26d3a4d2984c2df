import type { Prisma } from '.prisma/coalition-sqlite';
import type { Coalition } from '../../core/coalition/coalition';
import type { CoalitionRepository } from '../../core/ports';
import type { DbClient } from '../prisma-client';
import { isUniqueViolation } from '../prisma-errors';

export function coalitionRepository(prisma: DbClient): CoalitionRepository {
  async function upsertAll(coalition: Coalition): Promise<void> {
    const coalitionId = coalition.id;
    const writes: Prisma.PrismaPromise<unknown>[] = [
      prisma.coalition.upsert({ where: { id: coalitionId }, create: { id: coalitionId, name: coalition.name }, update: { name: coalition.name } }),
    ];
    // Areas gone from the file are kept: deleting one would cascade to its group's members and meetings.
    coalition.focusAreas.forEach((area, position) => {
      const id = `${coalitionId}:${area.key}`;
      const groupName = (area.workingGroup as { name?: string } | undefined)?.name ?? `${area.name} Working Group`;
      writes.push(
        prisma.focusArea.upsert({
          where: { id },
          create: { id, coalitionId, key: area.key, name: area.name, purpose: area.purpose, position },
          update: { name: area.name, purpose: area.purpose, position },
        }),
        prisma.workingGroup.upsert({
          where: { id },
          create: { id, focusAreaId: id, key: area.key, name: groupName },
          update: { name: groupName },
        }),
      );
    });
    await prisma.$transaction(writes);
  }

  return {
    async sync(coalition) {
      try {
        await upsertAll(coalition);
      } catch (error) {
        // Two replicas starting together may both insert; the second run then only updates.
        if (!isUniqueViolation(error)) throw error;
        await upsertAll(coalition);
      }
    },
  };
}
