// Pledge totals: count and USD by focus area and by type, and the share targeting
// LDCs, LLDCs and SIDS. Withdrawn pledges are left out.
import type { CountryRegistry } from '../countries/country-registry';
import type { Pledge } from './pledge-ports';
import { targetedGroups } from './pledge-rules';

export interface Tally {
  count: number;
  usd: number;
}

export interface PledgeTotals {
  all: Tally;
  byFocusArea: Record<string, Tally>;
  byType: Record<string, Tally>;
  /** Pledges naming at least one country of the group (directly or through a region). */
  ldc: Tally;
  lldc: Tally;
  sids: Tally;
}

const empty = (): Tally => ({ count: 0, usd: 0 });

/**
 * Pledges that are not withdrawn, counted and summed by focus area and type (with the first
 * pledge number of each, to keep the order pledges came in) and by country list: what the
 * database adds up, so totals never read every pledge.
 */
export interface PledgeSums {
  byAreaAndType: { focusArea: string; type: string; count: number; usd: number; firstId: number }[];
  byCountries: { countries: string[]; count: number; usd: number }[];
}

/** The same sums, added up in memory over the pledges given (the caller leaves out what it does not count). */
export function sumPledges(pledges: readonly Pick<Pledge, 'id' | 'focusArea' | 'type' | 'valueUsd' | 'countries'>[]): PledgeSums {
  const byArea = new Map<string, PledgeSums['byAreaAndType'][number]>();
  const byCountries = new Map<string, PledgeSums['byCountries'][number]>();
  for (const pledge of pledges) {
    const usd = pledge.valueUsd ?? 0;
    const areaKey = JSON.stringify([pledge.focusArea, pledge.type]);
    let area = byArea.get(areaKey);
    if (!area) byArea.set(areaKey, (area = { focusArea: pledge.focusArea, type: pledge.type, count: 0, usd: 0, firstId: pledge.id }));
    area.count++;
    area.usd += usd;
    area.firstId = Math.min(area.firstId, pledge.id);
    const listKey = JSON.stringify(pledge.countries);
    let list = byCountries.get(listKey);
    if (!list) byCountries.set(listKey, (list = { countries: [...pledge.countries], count: 0, usd: 0 }));
    list.count++;
    list.usd += usd;
  }
  return { byAreaAndType: [...byArea.values()], byCountries: [...byCountries.values()] };
}

export function totalsOf(sums: PledgeSums, countries: CountryRegistry): PledgeTotals {
  const totals: PledgeTotals = { all: empty(), byFocusArea: {}, byType: {}, ldc: empty(), lldc: empty(), sids: empty() };
  const add = (tally: Tally, part: Tally) => {
    tally.count += part.count;
    tally.usd += part.usd;
  };
  for (const row of [...sums.byAreaAndType].sort((a, b) => a.firstId - b.firstId)) {
    add(totals.all, row);
    add((totals.byFocusArea[row.focusArea] ??= empty()), row);
    add((totals.byType[row.type] ??= empty()), row);
  }
  // The database sums by distinct country list, so the groups are worked out once per list, not
  // per pledge, and always from the shipped UN lists: flags stored with each pledge at write time
  // would go stale when a country graduates from the LDC list, and need a rewrite of every row.
  for (const row of sums.byCountries) {
    const groups = targetedGroups(row.countries, countries);
    if (groups.ldc) add(totals.ldc, row);
    if (groups.lldc) add(totals.lldc, row);
    if (groups.sids) add(totals.sids, row);
  }
  return totals;
}

/** Withdrawn pledges are left out. */
export function pledgeTotals(pledges: readonly Pledge[], countries: CountryRegistry): PledgeTotals {
  return totalsOf(sumPledges(pledges.filter((p) => p.status !== 'withdrawn')), countries);
}

/** Whole percent of the part in the whole (0 when the whole is 0). */
export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}
