import type { ProcessedEvents } from '../../core/ports';
import type { DbClient } from '../prisma-client';
import { isUniqueViolation } from '../prisma-errors';

export function processedEvents(prisma: DbClient): ProcessedEvents {
  return {
    async firstSeen(key, now) {
      // The primary key decides: of two concurrent deliveries exactly one insert succeeds.
      try {
        await prisma.processedEvent.create({ data: { key, at: now } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    async prune(before) {
      const { count } = await prisma.processedEvent.deleteMany({ where: { at: { lt: before } } });
      return count;
    },
  };
}
