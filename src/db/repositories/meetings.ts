import { randomUUID } from 'node:crypto';
import type { Meeting as MeetingRow, MeetingException as ExceptionRow, WorkingGroup } from '.prisma/coalition-sqlite';
import { BotError } from '../../core/errors';
import type { Meeting, MeetingRepository, RsvpResponse } from '../../core/meetings/meeting-ports';
import type { DbClient } from '../prisma-client';
import { isRecordNotFound } from '../prisma-errors';
import { auditRow } from './audit';

function toMeeting(row: MeetingRow & { group: WorkingGroup; exceptions: ExceptionRow[] }): Meeting {
  return {
    id: row.id,
    group: row.group.key,
    uid: row.uid,
    title: row.title,
    startLocal: row.startLocal,
    timeZone: row.timeZone,
    firstStartAt: row.firstStartAt,
    durationMinutes: row.durationMinutes,
    joinUrl: row.joinUrl,
    agenda: row.agenda,
    rrule: row.rrule,
    status: row.status as Meeting['status'],
    sequence: row.sequence,
    createdById: row.createdById,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    exceptions: row.exceptions
      .map((e) => ({ occurrenceAt: e.occurrenceAt, startLocal: e.startLocal, cancelled: e.cancelled }))
      .sort((a, b) => a.occurrenceAt.getTime() - b.occurrenceAt.getTime()),
  };
}

const withGroup = { group: true, exceptions: true } as const;

export function meetingRepository(prisma: DbClient): MeetingRepository {
  return {
    async create(meeting, now, audit) {
      const group = await prisma.workingGroup.findUnique({ where: { key: meeting.group } });
      if (!group) throw new BotError('NOT_FOUND', `no working group ${meeting.group}`);
      const id = randomUUID();
      const { group: _key, ...fields } = meeting;
      // The meeting and its audit entry commit together or not at all.
      const row = await prisma.$transaction(async (tx) => {
        const created = await tx.meeting.create({
          data: { ...fields, id, uid: `${id}@coalition-bot`, groupId: group.id, createdAt: now, updatedAt: now },
          include: withGroup,
        });
        if (audit) await tx.auditEntry.create({ data: auditRow({ ...audit, subject: id }) });
        return created;
      });
      return toMeeting(row);
    },

    async get(id) {
      const row = await prisma.meeting.findUnique({ where: { id }, include: withGroup });
      return row ? toMeeting(row) : null;
    },

    async update(id, patch, now, audit) {
      try {
        // The change and its audit entry commit together or not at all.
        const row = await prisma.$transaction(async (tx) => {
          if (patch.startLocal !== undefined || patch.rrule !== undefined) await tx.meetingException.deleteMany({ where: { meetingId: id } });
          const updated = await tx.meeting.update({ where: { id }, data: { ...patch, sequence: { increment: 1 }, updatedAt: now }, include: withGroup });
          if (audit) await tx.auditEntry.create({ data: auditRow(audit) });
          return updated;
        });
        return toMeeting(row);
      } catch (error) {
        if (isRecordNotFound(error)) throw new BotError('NOT_FOUND', `no meeting ${id}`);
        throw error;
      }
    },

    async setException(id, exception, now, audit) {
      try {
        const row = await prisma.$transaction(async (tx) => {
          const fields = { startLocal: exception.cancelled ? null : exception.startLocal, cancelled: exception.cancelled, updatedAt: now };
          await tx.meetingException.upsert({
            where: { meetingId_occurrenceAt: { meetingId: id, occurrenceAt: exception.occurrenceAt } },
            create: { id: randomUUID(), meetingId: id, occurrenceAt: exception.occurrenceAt, ...fields, createdAt: now },
            update: fields,
          });
          const updated = await tx.meeting.update({ where: { id }, data: { sequence: { increment: 1 }, updatedAt: now }, include: withGroup });
          if (audit) await tx.auditEntry.create({ data: auditRow(audit) });
          return updated;
        });
        return toMeeting(row);
      } catch (error) {
        if (isRecordNotFound(error)) throw new BotError('NOT_FOUND', `no meeting ${id}`);
        throw error;
      }
    },

    async scheduled(groups) {
      const rows = await prisma.meeting.findMany({
        where: { status: 'scheduled', ...(groups ? { group: { key: { in: groups } } } : {}) },
        include: withGroup,
        orderBy: { firstStartAt: 'asc' },
      });
      return rows.map(toMeeting);
    },

    async rsvp(answer, now) {
      const key = { meetingId: answer.meetingId, occurrenceAt: answer.occurrenceAt, memberId: answer.memberId };
      await prisma.rsvp.upsert({
        where: { meetingId_occurrenceAt_memberId: key },
        create: { id: randomUUID(), ...key, response: answer.response, updatedAt: now },
        update: { response: answer.response, updatedAt: now },
      });
    },

    async rsvps(meetingId, occurrenceAt) {
      const rows = await prisma.rsvp.findMany({ where: { meetingId, ...(occurrenceAt ? { occurrenceAt } : {}) }, orderBy: { updatedAt: 'asc' } });
      return rows.map((r) => ({ meetingId: r.meetingId, occurrenceAt: r.occurrenceAt, memberId: r.memberId, response: r.response as RsvpResponse, updatedAt: r.updatedAt }));
    },
  };
}
