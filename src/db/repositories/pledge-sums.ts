// Pledges counted and summed by the database, by focus area and type and by country list:
// what the digest (for a period) and `pledge totals` (for every pledge not withdrawn) add up.
import type { PledgeSums } from '../../core/pledges/totals';
import type { DbClient } from '../prisma-client';

export function parseJsonList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

export interface PledgeFilter {
  createdAt?: { gte?: Date; lt?: Date };
  status?: { not: string };
  focusArea?: { in: string[] };
}

export async function pledgeSums(prisma: DbClient, where: PledgeFilter): Promise<PledgeSums> {
  const [byAreaAndType, byCountries] = await Promise.all([
    prisma.pledge.groupBy({ by: ['focusArea', 'type'], where, _count: { _all: true }, _sum: { valueUsd: true }, _min: { id: true }, orderBy: [{ focusArea: 'asc' }, { type: 'asc' }] }),
    prisma.pledge.groupBy({ by: ['countries'], where, _count: { _all: true }, _sum: { valueUsd: true }, orderBy: { countries: 'asc' } }),
  ]);
  return {
    byAreaAndType: byAreaAndType.map((row) => ({ focusArea: row.focusArea, type: row.type, count: row._count._all, usd: row._sum.valueUsd ?? 0, firstId: row._min.id ?? 0 })),
    byCountries: byCountries.map((row) => ({ countries: parseJsonList(row.countries), count: row._count._all, usd: row._sum.valueUsd ?? 0 })),
  };
}
