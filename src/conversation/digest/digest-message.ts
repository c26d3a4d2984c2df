// The digest as one neutral message: a title and one field per section, each saying
// "Nothing new." rather than disappearing. Long lists are cut with "… and N more".
import type { Coalition } from '../../core/coalition/coalition';
import type { Digest } from '../../core/digest/digest';
import { PLEDGE_STATUSES, type PledgeStatus } from '../../core/pledges/pledge-ports';
import { periodLabel } from '../../core/digest/period';
import { toLocal } from '../../core/meetings/zoned-time';
import type { Field, OutgoingMessage } from '../../core/messages';
import type { Translate } from '../catalog/catalog';

const MAX_LINES = 12;


function when(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${p(l.month)}-${p(l.day)} ${p(l.hour)}:${p(l.minute)}`;
}

function capped(lines: string[], t: Translate): string[] {
  return lines.length <= MAX_LINES ? lines : [...lines.slice(0, MAX_LINES), t('digest.more', { count: lines.length - MAX_LINES })];
}

/** The digest for one reader: `coalition` in their language (coalitionIn), `t` theirs, numbers in `locale`. */
export function digestMessage(digest: Digest, coalition: Coalition, timeZone: string, t: Translate, locale: string = coalition.defaultLocale): OutgoingMessage {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const usd = (n: number) => number.format(n);
  const groupName = (key: string) => coalition.focusAreas.find((a) => a.key === key)?.name ?? key;
  const categoryName = (key: string) => (key === '' ? t('digest.members.no_category') : coalition.stakeholderCategories.find((c) => c.key === key)?.name ?? key);
  const typeName = (key: string) => coalition.pledgeTypes.find((p) => p.key === key)?.name ?? key;
  const list = (record: Record<string, number>, name: (key: string) => string) =>
    Object.entries(record).map(([key, n]) => `${name(key)} ${n}`).join(', ');
  const buckets = (record: Record<string, { count: number; usd: number }>, name: (key: string) => string) =>
    Object.entries(record).map(([key, b]) => t('digest.pledges.bucket', { name: name(key), count: b.count, usd: usd(b.usd) })).join(', ');
  // Statuses by name ("in progress"), never their stored keys.
  const statusWord = (status: string | null) => (status && (PLEDGE_STATUSES as readonly string[]).includes(status) ? t(`pledge.status.${status as PledgeStatus}`) : '–');
  const nothing = t('digest.nothing');
  const section = (label: string, lines: string[]): Field => ({ label, value: lines.length ? capped(lines, t).join('\n') : nothing });

  const { applications: apps, newMembers, pledges, undelivered, abandonedFlows } = digest;
  const gapsByGroup = new Map<string, string[]>();
  for (const gap of digest.gaps) {
    const group = groupName(gap.groupKey);
    gapsByGroup.set(group, [...(gapsByGroup.get(group) ?? []), categoryName(gap.categoryKey)]);
  }

  const fields: Field[] = [
    section(t('digest.applications'), apps.count === 0 ? [] : [
      t('digest.applications.summary', { count: apps.count, days: apps.oldestDays }),
      ...apps.items.map((a) => t('digest.applications.item', { id: a.id, group: groupName(a.groupKey), days: a.waitingDays })),
    ]),
    section(t('digest.members'), newMembers.count === 0 ? [] : [
      t('digest.members.summary', { count: newMembers.count }),
      t('digest.members.by_group', { list: list(newMembers.byGroup, groupName) }),
      t('digest.members.by_category', { list: list(newMembers.byCategory, categoryName) }),
    ]),
    section(t('digest.pledges'), pledges.count === 0 ? [] : [
      t('digest.pledges.summary', { count: pledges.count, usd: usd(pledges.totalUsd) }),
      t('digest.pledges.by_focus_area', { list: buckets(pledges.byFocusArea, groupName) }),
      t('digest.pledges.by_type', { list: buckets(pledges.byType, typeName) }),
      t('digest.pledges.targeting', { ldc: usd(pledges.targeting.ldc), lldc: usd(pledges.targeting.lldc), sids: usd(pledges.targeting.sids) }),
    ]),
    section(t('digest.status_changes'), digest.statusChanges.map((c) =>
      t('digest.status_changes.item', { number: c.pledgeId, from: statusWord(c.from), to: statusWord(c.to), date: when(c.at, timeZone).slice(0, 10) }))),
    section(t('digest.meetings'), digest.meetings.map((m) =>
      t('digest.meetings.item', { when: `${when(m.at, timeZone)} ${timeZone}`, title: m.title, group: groupName(m.groupKey), going: m.rsvps.going, maybe: m.rsvps.maybe, not_going: m.rsvps.not_going }))),
    section(t('digest.undelivered'), undelivered.failed + undelivered.dropped === 0 ? [] : [t('digest.undelivered.summary', undelivered)]),
    section(t('digest.gaps'), [...gapsByGroup].map(([group, categories]) => t('digest.gaps.item', { group, categories: categories.join(', ') }))),
    section(t('digest.abandoned'), abandonedFlows.count === 0 ? [] : [
      t('digest.abandoned.summary', { count: abandonedFlows.count, days: coalition.flows.abandonedAfterDays, list: list(abandonedFlows.byFlow, (k) => t('digest.flow_name', { flow: k.replace(/-/g, '_') })) }),
    ]),
    section(t('digest.check_ins'), digest.checkIns.map((c) => t('digest.check_ins.item', { number: c.pledgeId, year: c.year, days: c.waitingDays }))),
    { label: t('digest.dashboard'), value: t('digest.dashboard.hint') },
  ];
  const { from, to } = periodLabel(digest.period, timeZone);
  return { title: t('digest.title', { from, to }), text: t('digest.intro', { coalition: coalition.name }), fields };
}
