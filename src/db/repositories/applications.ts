import { randomBytes, randomUUID } from 'node:crypto';
import type { Application as ApplicationRow } from '.prisma/coalition-sqlite';
import { BotError } from '../../core/errors';
import type { Application, ApplicationAnswers, ApplicationRepository, ApplicationStatus } from '../../core/ports';
import type { DbClient } from '../prisma-client';
import { isUniqueViolation } from '../prisma-errors';

type Row = ApplicationRow & { group: { key: string } };

function toApplication(row: Row): Application {
  return {
    id: row.id,
    memberId: row.memberId,
    groupKey: row.group.key,
    status: row.status as ApplicationStatus,
    answers: JSON.parse(row.answers) as ApplicationAnswers,
    submittedAt: row.submittedAt,
    decidedAt: row.decidedAt,
    decidedById: row.decidedById,
    reason: row.reason,
  };
}

/** Short enough to type (`approve k3x9q2mf`): 8 characters of base32, 40 random bits. */
function applicationId(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
}

const include = { group: { select: { key: true } } } as const;

export function applicationRepository(prisma: DbClient): ApplicationRepository {
  async function groupId(key: string): Promise<string> {
    const group = await prisma.workingGroup.findUnique({ where: { key }, select: { id: true } });
    if (!group) throw new BotError('NOT_FOUND', `working group ${key} does not exist`, { group: key });
    return group.id;
  }

  return {
    async create({ memberId, groupKey, answers, submittedAt }) {
      const gid = await groupId(groupKey);
      for (let attempt = 0; ; attempt++) {
        try {
          return await prisma.$transaction(async (tx) => {
            // Writing the member's row locks it: two submissions of one member (a double click)
            // run one after the other, and the second sees the first's application.
            await tx.member.update({ where: { id: memberId }, data: { updatedAt: submittedAt } });
            const pending = await tx.application.findFirst({ where: { memberId, groupId: gid, status: 'pending' }, select: { id: true } });
            const member = await tx.membership.findUnique({ where: { memberId_groupId: { memberId, groupId: gid } }, select: { id: true } });
            if (pending || member) return null;
            const row = await tx.application.create({
              data: { id: applicationId(), memberId, groupId: gid, status: 'pending', answers: JSON.stringify(answers), submittedAt },
              include,
            });
            // Its audit entry in the same transaction: an application never exists without it.
            await tx.auditEntry.create({
              data: { id: randomUUID(), at: submittedAt, actor: `member:${memberId}`, action: 'application.submitted', subject: row.id, details: JSON.stringify({ group: groupKey }) },
            });
            return toApplication(row);
          });
        } catch (error) {
          if (!isUniqueViolation(error) || attempt >= 3) throw error; // an id collision: draw again
        }
      }
    },

    async get(id) {
      const row = await prisma.application.findUnique({ where: { id: id.trim().toLowerCase() }, include });
      return row ? toApplication(row) : null;
    },

    async pending() {
      const rows = await prisma.application.findMany({ where: { status: 'pending' }, include, orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }] });
      return rows.map(toApplication);
    },

    async ofMember(memberId) {
      const rows = await prisma.application.findMany({ where: { memberId }, include, orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }] });
      return rows.map(toApplication);
    },

    async decide(id, { status, byId, at, reason }) {
      const key = id.trim().toLowerCase();
      return prisma.$transaction(async (tx) => {
        // The status in the where makes check and write one statement: two deciders, one wins.
        const { count } = await tx.application.updateMany({
          where: { id: key, status: 'pending' },
          data: { status, decidedAt: at, decidedById: byId, reason: reason ?? null },
        });
        if (count === 0) return null;
        const row = await tx.application.findUniqueOrThrow({ where: { id: key }, include });
        if (status === 'approved') {
          const exists = await tx.membership.findUnique({ where: { memberId_groupId: { memberId: row.memberId, groupId: row.groupId } } });
          if (!exists) await tx.membership.create({ data: { id: randomBytes(16).toString('hex'), memberId: row.memberId, groupId: row.groupId, joinedAt: at } });
        }
        // The decision, the membership and the audit entry commit together or not at all.
        const decided = toApplication(row);
        await tx.auditEntry.create({
          data: {
            id: randomUUID(),
            at,
            actor: `member:${byId}`,
            action: status === 'approved' ? 'application.approved' : 'application.rejected',
            subject: decided.id,
            details: JSON.stringify({ group: decided.groupKey, applicant: decided.memberId }),
          },
        });
        return decided;
      });
    },
  };
}
