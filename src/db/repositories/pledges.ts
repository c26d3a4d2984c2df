// Pledges with their history: every change is stored with the event that records it,
// in one transaction.
import { randomUUID } from 'node:crypto';
import type { Pledge as PledgeRow, PledgeCheckIn as CheckInRow, PledgeEvent as PledgeEventRow } from '.prisma/coalition-sqlite';
import { BotError } from '../../core/errors';
import { pledgeSums } from './pledge-sums';
import type { Pledge, PledgeCheckIn, PledgeEvent, PledgeField, PledgeFields, PledgeRepository, PledgeStatus, TrafficLight } from '../../core/pledges/pledge-ports';
import type { DbClient } from '../prisma-client';

const JSON_FIELDS = new Set<PledgeField>(['countries', 'beneficiaries', 'sdgs']);

function toPledge(row: PledgeRow): Pledge {
  return {
    id: row.id,
    memberId: row.memberId,
    entity: row.entity,
    sector: row.sector,
    focusArea: row.focusArea,
    pillar: row.pillar,
    title: row.title,
    description: row.description,
    type: row.type,
    valueUsd: row.valueUsd,
    countries: JSON.parse(row.countries) as string[],
    beneficiaries: JSON.parse(row.beneficiaries) as string[],
    sdgs: JSON.parse(row.sdgs) as number[],
    startYear: row.startYear,
    endYear: row.endYear,
    status: row.status as PledgeStatus,
    nextCheckInAt: row.nextCheckInAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toEvent(row: PledgeEventRow): PledgeEvent {
  return { ...row, kind: row.kind as PledgeEvent['kind'] };
}

/** A field's value as stored in the row and in the history (JSON for lists). */
function stored(field: PledgeField, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  return JSON_FIELDS.has(field) ? JSON.stringify(value) : (value as string | number);
}

function toCheckIn(row: CheckInRow): PledgeCheckIn {
  return { ...row, light: row.light as TrafficLight | null };
}

const ACTIVE = ['announced', 'in_progress'];

const asText = (value: string | number | null) => (value === null ? null : String(value));

export function pledgeRepository(prisma: DbClient): PledgeRepository {
  async function existing(tx: Pick<DbClient, 'pledge'>, id: number): Promise<PledgeRow> {
    const row = await tx.pledge.findUnique({ where: { id } });
    if (!row) throw new BotError('NOT_FOUND', `no pledge ${id}`);
    return row;
  }

  return {
    async create(pledge, now) {
      return prisma.$transaction(async (tx) => {
        const row = await tx.pledge.create({
          data: {
            ...pledge,
            countries: JSON.stringify(pledge.countries),
            beneficiaries: JSON.stringify(pledge.beneficiaries),
            sdgs: JSON.stringify(pledge.sdgs),
            status: 'announced',
            createdAt: now,
            updatedAt: now,
          },
        });
        await tx.pledgeEvent.create({ data: { id: randomUUID(), pledgeId: row.id, at: now, actorId: pledge.memberId, kind: 'created', newValue: 'announced' } });
        return toPledge(row);
      });
    },

    async get(id) {
      if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
      const row = await prisma.pledge.findUnique({ where: { id } });
      return row ? toPledge(row) : null;
    },

    async ofMember(memberId) {
      return (await prisma.pledge.findMany({ where: { memberId }, orderBy: { id: 'asc' } })).map(toPledge);
    },

    async all() {
      return (await prisma.pledge.findMany({ orderBy: { id: 'asc' } })).map(toPledge);
    },

    sums() {
      return pledgeSums(prisma, { status: { not: 'withdrawn' } });
    },

    async updateField(id, field, value, actorId, now) {
      return prisma.$transaction(async (tx) => {
        const row = await existing(tx, id);
        const oldValue = asText(row[field as keyof PledgeRow] as string | number | null);
        const newValue = stored(field, value);
        const updated = await tx.pledge.update({ where: { id }, data: { [field]: newValue, updatedAt: now } as Partial<Record<keyof PledgeFields, unknown>> as never });
        await tx.pledgeEvent.create({ data: { id: randomUUID(), pledgeId: id, at: now, actorId, kind: 'field', field, oldValue, newValue: asText(newValue) } });
        return toPledge(updated);
      });
    },

    async setStatus(id, status, reason, actorId, now) {
      return prisma.$transaction(async (tx) => {
        const row = await existing(tx, id);
        const updated = await tx.pledge.update({ where: { id }, data: { status, updatedAt: now } });
        await tx.pledgeEvent.create({ data: { id: randomUUID(), pledgeId: id, at: now, actorId, kind: 'status', field: 'status', oldValue: row.status, newValue: status, reason } });
        return toPledge(updated);
      });
    },

    async history(id) {
      return (await prisma.pledgeEvent.findMany({ where: { pledgeId: id }, orderBy: [{ at: 'asc' }, { kind: 'asc' }] })).map(toEvent);
    },

    async dueForCheckIn(now) {
      return (await prisma.pledge.findMany({ where: { status: { in: ACTIVE }, nextCheckInAt: { lte: now } }, orderBy: { id: 'asc' } })).map(toPledge);
    },

    async openCheckIn(pledgeId, due, next, now) {
      return prisma.$transaction(async (tx) => {
        const moved = await tx.pledge.updateMany({ where: { id: pledgeId, nextCheckInAt: due }, data: { nextCheckInAt: next } });
        if (moved.count !== 1) return null;
        const year = (await tx.pledgeCheckIn.count({ where: { pledgeId } })) + 1;
        return toCheckIn(await tx.pledgeCheckIn.create({ data: { id: randomUUID(), pledgeId, year, askedAt: now } }));
      });
    },

    async unansweredAskedBefore(before) {
      const rows = await prisma.pledgeCheckIn.findMany({
        where: { answeredAt: null, askedAt: { lte: before }, pledge: { status: { in: ACTIVE } } },
        orderBy: [{ pledgeId: 'asc' }, { year: 'desc' }],
      });
      const latest = new Map<number, number>();
      for (const row of await prisma.pledgeCheckIn.groupBy({ by: ['pledgeId'], where: { pledgeId: { in: rows.map((r) => r.pledgeId) } }, _max: { year: true } })) latest.set(row.pledgeId, row._max.year ?? 0);
      return rows.filter((r) => latest.get(r.pledgeId) === r.year).map(toCheckIn);
    },

    async reask(checkInId, askedAt, now) {
      const moved = await prisma.pledgeCheckIn.updateMany({ where: { id: checkInId, askedAt, answeredAt: null }, data: { askedAt: now } });
      return moved.count === 1;
    },

    async openCheckInOf(pledgeId) {
      const row = await prisma.pledgeCheckIn.findFirst({ where: { pledgeId }, orderBy: { year: 'desc' } });
      return row && row.answeredAt === null ? toCheckIn(row) : null;
    },

    async answerCheckIn(checkInId, answer, now) {
      return toCheckIn(await prisma.pledgeCheckIn.update({ where: { id: checkInId }, data: { ...answer, answeredAt: now } }));
    },

    async checkIns(pledgeId) {
      return (await prisma.pledgeCheckIn.findMany({ where: { pledgeId }, orderBy: { year: 'asc' } })).map(toCheckIn);
    },
  };
}
