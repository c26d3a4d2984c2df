// The filters every chart shares: a period of whole months (in the coalition's time zone)
// and focus areas, read from the page's query and narrowed to what the viewer may see.
import { toInstant } from '../meetings/zoned-time';
import type { DashboardScope } from './dashboard-access';

export interface DashboardFilter {
  /** First instant included; none: since the first record. */
  start?: Date;
  /** First instant after the period; none: up to now. */
  end?: Date;
  /** Focus area (= working group) keys, never empty. */
  focusAreas: string[];
}

export interface FilterQuery {
  from?: string | null;
  to?: string | null;
  area?: string | null;
}

export type FilterProblem = { field: 'from' | 'to' | 'area'; reason: 'month' | 'order' | 'area' };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function monthStart(text: string, timeZone: string, plus = 0): Date | null {
  const m = MONTH.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  const month = Number(m[2]) - 1 + plus;
  return toInstant({ year: year + Math.floor(month / 12), month: (month % 12) + 1, day: 1, hour: 0, minute: 0 }, timeZone);
}

/** The filter the query asks for, or what is wrong with it. */
export function readFilter(query: FilterQuery, scope: DashboardScope, timeZone: string): DashboardFilter | FilterProblem {
  const from = query.from?.trim() || undefined;
  const to = query.to?.trim() || undefined;
  const area = query.area?.trim() || undefined;
  const start = from === undefined ? undefined : monthStart(from, timeZone);
  if (start === null) return { field: 'from', reason: 'month' };
  const end = to === undefined ? undefined : monthStart(to, timeZone, 1);
  if (end === null) return { field: 'to', reason: 'month' };
  if (start && end && end <= start) return { field: 'to', reason: 'order' };
  if (area !== undefined && !scope.groups.includes(area)) return { field: 'area', reason: 'area' };
  return { start, end, focusAreas: area ? [area] : [...scope.groups] };
}

export function isFilterProblem(value: DashboardFilter | FilterProblem): value is FilterProblem {
  return 'reason' in value;
}
