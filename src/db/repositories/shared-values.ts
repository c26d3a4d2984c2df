import type { SharedValues } from '../../core/ports';
import type { DbClient } from '../prisma-client';
import { isUniqueViolation } from '../prisma-errors';

export function sharedValues(prisma: DbClient): SharedValues {
  return {
    async getOrCreate(key, create) {
      const existing = await prisma.setting.findUnique({ where: { key } });
      if (existing) return existing.value;
      try {
        return (await prisma.setting.create({ data: { key, value: create() } })).value;
      } catch (error) {
        // Another replica stored it first: everyone uses that one.
        if (!isUniqueViolation(error)) throw error;
        return (await prisma.setting.findUniqueOrThrow({ where: { key } })).value;
      }
    },
    async replace(key, value) {
      await prisma.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    },
  };
}
