// Pledge totals: count and USD by focus area and by type, and the share targeting
// LDCs, LLDCs and SIDS. Withdrawn pledges are left out.
import type { CountryRegistry } from '../countries/country-registry';
import type { Pledge } from './pledge-ports';
import { coveredCountries } from './pledge-rules';

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

function add(tally: Tally, pledge: Pledge): void {
  tally.count++;
  tally.usd += pledge.valueUsd ?? 0;
}

export function pledgeTotals(pledges: readonly Pledge[], countries: CountryRegistry): PledgeTotals {
  const totals: PledgeTotals = { all: empty(), byFocusArea: {}, byType: {}, ldc: empty(), lldc: empty(), sids: empty() };
  for (const pledge of pledges) {
    if (pledge.status === 'withdrawn') continue;
    add(totals.all, pledge);
    add((totals.byFocusArea[pledge.focusArea] ??= empty()), pledge);
    add((totals.byType[pledge.type] ??= empty()), pledge);
    const counts = countries.classify(coveredCountries(pledge.countries, countries));
    if (counts.ldc) add(totals.ldc, pledge);
    if (counts.lldc) add(totals.lldc, pledge);
    if (counts.sids) add(totals.sids, pledge);
  }
  return totals;
}

/** Whole percent of the part in the whole (0 when the whole is 0). */
export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}
