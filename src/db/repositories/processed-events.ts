import type { ProcessedEvents } from '../../core/ports';
import type { DbClient } from '../prisma-client';
import type { HotPath } from './hot-path';

export function processedEvents(prisma: DbClient, hot: Pick<HotPath, 'firstSeen'>): ProcessedEvents {
  return {
    // The primary key decides: of two concurrent deliveries exactly one insert succeeds.
    firstSeen: (key, now) => hot.firstSeen(key, now),

    async prune(before) {
      const { count } = await prisma.processedEvent.deleteMany({ where: { at: { lt: before } } });
      return count;
    },
  };
}
