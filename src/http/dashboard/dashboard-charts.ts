// The dashboard's figures as charts: each one a table (the text alternative, and exactly
// what its CSV holds) and how to draw it. Names and headings come from the catalog.
import type { Coalition } from '../../core/coalition/coalition';
import type { CountryRegistry } from '../../core/countries/country-registry';
import { UPCOMING_DAYS, type DashboardFigures } from '../../core/dashboard/dashboard-figures';
import type { Cell } from '../../core/exports/csv';
import { toLocal } from '../../core/meetings/zoned-time';
import { share, type Tally } from '../../core/pledges/totals';
import { sdgName } from '../../core/pledges/sdgs';
import type { MessageId, Translate } from '../../conversation/catalog/catalog';

/** Countries drawn as bars (the table lists every one). */
export const COUNTRY_BARS = 25;

export interface Chart {
  id: string;
  section: 'pledges' | 'groups' | 'meetings';
  title: string;
  note?: string;
  /** bar: vertical bars; hbar: horizontal bars, first row on top; line: over months; heatmap: rows × columns. */
  kind: 'bar' | 'hbar' | 'line' | 'heatmap';
  /** The series are stacked (parts of one whole). */
  stacked?: boolean;
  columns: string[];
  rows: Cell[][];
  /** Columns whose text, joined, names a bar or a row. */
  label: number[];
  /** Columns drawn, in order; `axis` 1 puts a series on the right-hand axis (USD beside counts). */
  series: { column: number; axis?: 0 | 1; type?: 'bar' | 'line' }[];
  /** A horizontal line to draw against (the coalition's target). */
  target?: { value: number; label: string };
  /** Column saying which bars to mark (non-empty text: marked). */
  mark?: number;
  /** Bars drawn at most (the table has every row). */
  limit?: number;
}

export interface ChartContext {
  coalition: Coalition;
  countries: CountryRegistry;
  t: Translate;
  timeZone: string;
  /**
   * Machine names instead of the reader's words (a CSV for integrations): each column by its id
   * (`focus_area`, `usd`), and coded cells by key (focus area, type, status, category, group,
   * outcome), country by ISO code, SDG by number, year by number.
   */
  machine?: boolean;
}

const usdFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function when(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${p(l.month)}-${p(l.day)} ${p(l.hour)}:${p(l.minute)}`;
}

export function dashboardCharts(f: DashboardFigures, ctx: ChartContext): Chart[] {
  const { coalition, countries, t, machine } = ctx;
  const col = (id: `dashboard.col.${string}` & MessageId) => (machine ? id.slice('dashboard.col.'.length) : t(id));
  /** The reader's word for a coded value, or its key. */
  const say = (id: MessageId, key: string): string => (machine ? key : t(id));
  const areaName = (key: string) => (machine ? key : coalition.focusAreas.find((a) => a.key === key)?.name ?? key);
  const typeName = (key: string) => (machine ? key : coalition.pledgeTypes.find((p) => p.key === key)?.name ?? key);
  const statusName = (key: string) => (['announced', 'in_progress', 'completed', 'withdrawn'].includes(key) ? say(`pledge.status.${key}` as MessageId, key) : key);
  const tallies = (record: Record<string, Tally>, name: (key: string) => string): Cell[][] =>
    Object.entries(record).map(([key, x]) => [name(key), x.count, x.usd]);
  const countAndUsd = [{ column: 1 }, { column: 2, axis: 1 as const }];
  const { totals } = f;
  const groupNames = (c: { ldc: boolean; lldc: boolean; sids: boolean }) =>
    [c.ldc && say('dashboard.group.ldc', 'ldc'), c.lldc && say('dashboard.group.lldc', 'lldc'), c.sids && say('dashboard.group.sids', 'sids')].filter(Boolean).join(machine ? ';' : ', ');
  const categoryName = (c: { key: string; name: string }) => (machine ? c.key : c.name);
  const categories = f.composition.categories;

  return [
    { id: 'pledges-by-area', section: 'pledges', title: t('dashboard.chart.by_area'), kind: 'bar', columns: [col('dashboard.col.focus_area'), col('dashboard.col.pledges'), col('dashboard.col.usd')],
      rows: coalition.focusAreas.filter((a) => totals.byFocusArea[a.key]).map((a) => [areaName(a.key), totals.byFocusArea[a.key].count, totals.byFocusArea[a.key].usd]), label: [0], series: countAndUsd },
    { id: 'pledges-by-type', section: 'pledges', title: t('dashboard.chart.by_type'), kind: 'bar', columns: [col('dashboard.col.type'), col('dashboard.col.pledges'), col('dashboard.col.usd')],
      rows: tallies(totals.byType, typeName), label: [0], series: countAndUsd },
    { id: 'pledges-by-status', section: 'pledges', title: t('dashboard.chart.by_status'), kind: 'bar', columns: [col('dashboard.col.status'), col('dashboard.col.pledges'), col('dashboard.col.usd')],
      rows: ['announced', 'in_progress', 'completed', 'withdrawn', ...Object.keys(f.byStatus)].filter((s, i, all) => f.byStatus[s] && all.indexOf(s) === i).map((s) => [statusName(s), f.byStatus[s].count, f.byStatus[s].usd]),
      label: [0], series: countAndUsd },
    { id: 'pledges-cumulative', section: 'pledges', kind: 'line', note: t('dashboard.cumulative.note'),
      title: f.target ? t('dashboard.chart.cumulative_target', { usd: usdFormat.format(f.target.usd) }) : t('dashboard.chart.cumulative'),
      columns: [col('dashboard.col.month'), col('dashboard.col.pledges'), col('dashboard.col.usd_month'), col('dashboard.col.usd_cumulative'), ...(f.target ? [col('dashboard.col.target_share')] : [])],
      rows: f.months.map((m) => [m.month, m.count, m.usd, m.cumulativeUsd, ...(f.target ? [Math.round((m.cumulativeUsd / f.target.usd) * 10_000) / 100] : [])]), label: [0],
      series: [{ column: 2, type: 'bar' }, { column: 3, type: 'line' }],
      target: f.target ? { value: f.target.usd, label: col('dashboard.col.target') } : undefined },
    { id: 'pledges-country-groups', section: 'pledges', title: t('dashboard.chart.country_groups'), kind: 'bar',
      columns: [col('dashboard.col.group'), col('dashboard.col.pledges'), col('dashboard.col.usd'), col('dashboard.col.share')],
      rows: [
        [say('dashboard.group.all', 'all'), totals.all.count, totals.all.usd, 100],
        ...(['ldc', 'lldc', 'sids'] as const).map((g) => [say(`dashboard.group.${g}`, g), totals[g].count, totals[g].usd, share(totals[g].usd, totals.all.usd)]),
      ],
      label: [0], series: countAndUsd },
    { id: 'pledges-countries', section: 'pledges', title: t('dashboard.chart.countries'), kind: 'hbar', note: t('dashboard.countries.note', { count: COUNTRY_BARS }),
      columns: [col('dashboard.col.country'), col('dashboard.col.country_groups'), col('dashboard.col.pledges'), col('dashboard.col.usd')],
      rows: f.countries.map((c) => [machine ? c.iso3 : countries.get(c.iso3)?.name ?? c.iso3, groupNames(c), c.count, c.usd]), label: [0], series: [{ column: 3 }], mark: 1, limit: COUNTRY_BARS },
    { id: 'pledges-sdgs', section: 'pledges', title: t('dashboard.chart.sdgs'), kind: 'bar', columns: [col('dashboard.col.sdg'), col('dashboard.col.pledges'), col('dashboard.col.usd')],
      rows: f.sdgs.map((s) => [machine ? s.goal : `${s.goal} ${s.goal >= 1 && s.goal <= 17 ? t(`sdg.name.${s.goal}` as MessageId) : sdgName(s.goal) ?? ''}`.trim(), s.count, s.usd]), label: [0], series: countAndUsd },
    { id: 'check-ins', section: 'pledges', title: t('dashboard.chart.check_ins'), kind: 'bar', stacked: true,
      columns: [col('dashboard.col.year'), col('dashboard.col.on_track'), col('dashboard.col.at_risk'), col('dashboard.col.off_track'), col('dashboard.col.unanswered')],
      rows: f.checkIns.map((c) => [machine ? c.year : t('dashboard.check_in_year', { year: c.year }), c.on_track, c.at_risk, c.off_track, c.unanswered]), label: [0], series: [1, 2, 3, 4].map((column) => ({ column })) },
    { id: 'composition', section: 'groups', title: t('dashboard.chart.composition'), kind: 'heatmap',
      note: f.composition.gaps.length
        ? t('dashboard.gaps', { list: f.composition.gaps.map((g) => t('dashboard.gap', { group: g.groupName, category: g.categoryName })).join('; ') })
        : t('dashboard.gaps.none'),
      columns: [col('dashboard.col.group'), ...categories.map(categoryName), col('dashboard.col.no_category')],
      rows: f.composition.rows.map((r) => [machine ? r.group.key : r.group.name, ...categories.map((c) => r.counts[c.key]), r.uncategorized]), label: [0],
      series: categories.map((_, i) => ({ column: i + 1 })) },
    { id: 'members-over-time', section: 'groups', title: t('dashboard.chart.members_over_time'), kind: 'line',
      columns: [col('dashboard.col.month'), col('dashboard.col.members'), col('dashboard.col.pending')],
      rows: f.membersOverTime.map((m) => [m.month, m.members, m.pending]), label: [0], series: [{ column: 1, type: 'line' }, { column: 2, type: 'line' }] },
    { id: 'oldest-applications', section: 'groups', title: t('dashboard.chart.oldest_applications'), kind: 'hbar',
      columns: [col('dashboard.col.application'), col('dashboard.col.group'), col('dashboard.col.submitted'), col('dashboard.col.days_waiting')],
      rows: f.oldestApplications.map((a) => [a.id.slice(0, 8), areaName(a.groupKey), when(a.submittedAt, ctx.timeZone).slice(0, 10), a.waitingDays]), label: [0, 1], series: [{ column: 3 }] },
    { id: 'meetings', section: 'meetings', title: t('dashboard.chart.meetings', { days: UPCOMING_DAYS }), kind: 'hbar', stacked: true,
      columns: [col('dashboard.col.meeting'), col('dashboard.col.group'), col('dashboard.col.when'), col('dashboard.col.going'), col('dashboard.col.maybe'), col('dashboard.col.not_going')],
      rows: f.meetings.map((m) => [m.title, areaName(m.groupKey), when(m.at, ctx.timeZone), m.rsvps.going, m.rsvps.maybe, m.rsvps.not_going]), label: [2, 0],
      series: [3, 4, 5].map((column) => ({ column })) },
    { id: 'reminders', section: 'meetings', title: t('dashboard.chart.reminders'), kind: 'bar', columns: [col('dashboard.col.outcome'), col('dashboard.col.count')],
      rows: [
        [say('dashboard.reminders.sent', 'sent'), f.reminders.sent],
        [say('dashboard.reminders.failed', 'failed'), f.reminders.failed],
        [say('dashboard.reminders.dropped', 'dropped'), f.reminders.dropped],
        [say('dashboard.reminders.pending', 'pending'), f.reminders.pending],
        [say('dashboard.reminders.unreachable', 'unreachable_members'), f.reminders.unreachableMembers],
      ],
      label: [0], series: [{ column: 1 }] },
  ];
}
