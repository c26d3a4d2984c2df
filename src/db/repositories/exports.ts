// The tables behind `export`: one read-only query per kind, ids and ISO dates as stored.
import type { CountryRegistry } from '../../core/countries/country-registry';
import type { Period } from '../../core/digest/period';
import type { Table } from '../../core/exports/csv';
import type { ExportData, ExportKind } from '../../core/exports/export-ports';
import { targetedGroups } from '../../core/pledges/pledge-rules';
import type { DbClient } from '../prisma-client';
import { parseJsonList } from './pledge-sums';

const within = (period?: Period) => (period ? { gte: period.start, lt: period.end } : undefined);

export function exportData(prisma: DbClient, countries: CountryRegistry): ExportData {
  const tables: Record<ExportKind, (period?: Period) => Promise<Table>> = {
    async pledges(period) {
      const rows = await prisma.pledge.findMany({ where: { createdAt: within(period) }, orderBy: { id: 'asc' } });
      return {
        header: [
          'number', 'member_id', 'entity', 'sector', 'focus_area', 'pillar', 'title', 'description', 'type', 'value_usd', 'countries',
          'targets_ldc', 'targets_lldc', 'targets_sids', 'beneficiaries', 'sdgs', 'start_year', 'end_year', 'status', 'created_at', 'updated_at',
          'reference',
        ],
        rows: rows.map((p) => {
          const codes = parseJsonList(p.countries);
          // The rule the digest and `pledge totals` count by.
          const groups = targetedGroups(codes, countries);
          return [
            p.id, p.memberId, p.entity, p.sector, p.focusArea, p.pillar, p.title, p.description, p.type, p.valueUsd, codes.join(';'),
            groups.ldc, groups.lldc, groups.sids, parseJsonList(p.beneficiaries).join(';'), parseJsonList(p.sdgs).join(';'),
            p.startYear, p.endYear, p.status, p.createdAt, p.updatedAt, p.externalId,
          ];
        }),
      };
    },
    // One row per membership (a member without a group: one row without one); with a period,
    // the memberships that began in it, as the digest counts new members.
    async members(period) {
      const rows = await prisma.member.findMany({
        where: period ? { memberships: { some: { joinedAt: within(period) } } } : undefined,
        include: { memberships: { where: { joinedAt: within(period) }, include: { group: { select: { key: true } } }, orderBy: { joinedAt: 'asc' } } },
        orderBy: { createdAt: 'asc' },
      });
      return {
        header: ['member_id', 'name', 'organization', 'category', 'country', 'time_zone', 'email', 'locale', 'group', 'joined_at', 'profile_completed_at', 'created_at'],
        rows: rows.flatMap((m) =>
          (m.memberships.length ? m.memberships : [null]).map((s) => [
            m.id, m.name, m.organization, m.category, m.country, m.timeZone, m.email, m.locale, s?.group.key ?? null, s?.joinedAt ?? null, m.profileCompletedAt, m.createdAt,
          ]),
        ),
      };
    },
    async applications(period) {
      const rows = await prisma.application.findMany({ where: { submittedAt: within(period) }, include: { group: { select: { key: true } } }, orderBy: { submittedAt: 'asc' } });
      return {
        header: ['application_id', 'member_id', 'group', 'status', 'submitted_at', 'decided_at', 'decided_by', 'reason'],
        rows: rows.map((a) => [a.id, a.memberId, a.group.key, a.status, a.submittedAt, a.decidedAt, a.decidedById, a.reason]),
      };
    },
    async meetings(period) {
      const rows = await prisma.meeting.findMany({ where: { firstStartAt: within(period) }, include: { group: { select: { key: true } } }, orderBy: { firstStartAt: 'asc' } });
      return {
        header: ['meeting_id', 'group', 'title', 'start_local', 'time_zone', 'first_start_at', 'duration_minutes', 'recurrence', 'join_url', 'status', 'created_at'],
        rows: rows.map((m) => [m.id, m.group.key, m.title, m.startLocal, m.timeZone, m.firstStartAt, m.durationMinutes, m.rrule, m.joinUrl, m.status, m.createdAt]),
      };
    },
    async rsvps(period) {
      const rows = await prisma.rsvp.findMany({ where: { updatedAt: within(period) }, orderBy: [{ occurrenceAt: 'asc' }, { updatedAt: 'asc' }] });
      return {
        header: ['meeting_id', 'occurrence_at', 'member_id', 'response', 'updated_at'],
        rows: rows.map((r) => [r.meetingId, r.occurrenceAt, r.memberId, r.response, r.updatedAt]),
      };
    },
  };
  return { table: (kind, period) => tables[kind](period) };
}
