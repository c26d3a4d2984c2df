// Joins two member records of one person in one transaction (see MemberRepository.merge).
import type { Prisma } from '.prisma/coalition-sqlite';
import { BotError } from '../../core/errors';
import { randomUUID } from 'node:crypto';
import type { AuditEntry, MergeOptions } from '../../core/ports';
import type { DbClient } from '../prisma-client';
import { auditRow } from './audit';

const PROFILE = ['name', 'organization', 'category', 'country', 'timeZone', 'email', 'profileCompletedAt', 'preferredPlatform'] as const;

export async function mergeMembers(prisma: DbClient, keepId: string, goneId: string, audit?: AuditEntry, options: MergeOptions = {}): Promise<string> {
  if (keepId === goneId) throw new BotError('INPUT.INVALID', 'a member cannot be merged with itself');
  return prisma.$transaction(async (tx) => {
    // Lock the record that goes first: a concurrent merge of the same person waits here,
    // then finds it gone (NOT_FOUND) instead of failing half-way.
    const locked = await tx.member.updateMany({ where: { id: goneId }, data: { updatedAt: new Date() } });
    if (locked.count === 0) throw new BotError('NOT_FOUND', 'a member to merge does not exist');
    const [keep, gone] = await Promise.all([tx.member.findUnique({ where: { id: keepId } }), tx.member.findUnique({ where: { id: goneId } })]);
    if (!keep || !gone) throw new BotError('NOT_FOUND', 'a member to merge does not exist');
    // Checked here, under the lock, so a role granted meanwhile cannot slip through.
    if (!options.allowRoleHolders && (await tx.roleAssignment.count({ where: { memberId: { in: [keepId, goneId] } } })) > 0) {
      throw new BotError('AUTH.ROLE_HOLDER', 'a member holding a role is linked only with the confirmation of both chats');
    }

    await tx.identity.updateMany({ where: { memberId: goneId }, data: { memberId: keepId } });
    await tx.application.updateMany({ where: { memberId: goneId }, data: { memberId: keepId } });
    await tx.application.updateMany({ where: { decidedById: goneId }, data: { decidedById: keepId } });
    await tx.pledge.updateMany({ where: { memberId: goneId }, data: { memberId: keepId } });
    await tx.pledgeEvent.updateMany({ where: { actorId: goneId }, data: { actorId: keepId } });
    await tx.pledgeClaim.updateMany({ where: { memberId: goneId }, data: { memberId: keepId } });
    await tx.pledgeClaim.updateMany({ where: { decidedById: goneId }, data: { decidedById: keepId } });
    await tx.meeting.updateMany({ where: { createdById: goneId }, data: { createdById: keepId } });
    await tx.linkCode.deleteMany({ where: { memberId: goneId } });
    await tx.pendingLink.deleteMany({ where: { OR: [{ ownerId: goneId }, { claimerId: goneId }] } });
    await tx.memberLink.updateMany({ where: { memberId: goneId }, data: { memberId: keepId } });
    if (options.link) {
      const [identityA, identityB] = options.link.identities;
      await tx.memberLink.create({ data: { id: randomUUID(), memberId: keepId, at: options.link.at, by: options.link.by, identityA, identityB } });
    }

    // Rows unique per member: move those the survivor lacks, drop the duplicates.
    for (const row of await tx.membership.findMany({ where: { memberId: goneId } })) {
      const dup = await tx.membership.findUnique({ where: { memberId_groupId: { memberId: keepId, groupId: row.groupId } } });
      await (dup ? tx.membership.delete({ where: { id: row.id } }) : tx.membership.update({ where: { id: row.id }, data: { memberId: keepId } }));
    }
    for (const row of await tx.roleAssignment.findMany({ where: { memberId: goneId } })) {
      const dup = await tx.roleAssignment.findUnique({ where: { memberId_role_scope: { memberId: keepId, role: row.role, scope: row.scope } } });
      await (dup ? tx.roleAssignment.delete({ where: { id: row.id } }) : tx.roleAssignment.update({ where: { id: row.id }, data: { memberId: keepId } }));
    }
    for (const row of await tx.rsvp.findMany({ where: { memberId: goneId } })) {
      const dup = await tx.rsvp.findUnique({ where: { meetingId_occurrenceAt_memberId: { meetingId: row.meetingId, occurrenceAt: row.occurrenceAt, memberId: keepId } } });
      await (dup ? tx.rsvp.delete({ where: { id: row.id } }) : tx.rsvp.update({ where: { id: row.id }, data: { memberId: keepId } }));
    }
    for (const row of await tx.reminderDelivery.findMany({ where: { memberId: goneId } })) {
      const dup = await tx.reminderDelivery.findUnique({
        where: { meetingId_occurrenceAt_memberId_offsetMinutes: { meetingId: row.meetingId, occurrenceAt: row.occurrenceAt, memberId: keepId, offsetMinutes: row.offsetMinutes } },
      });
      await (dup ? tx.reminderDelivery.delete({ where: { id: row.id } }) : tx.reminderDelivery.update({ where: { id: row.id }, data: { memberId: keepId } }));
    }
    for (const row of await tx.flowState.findMany({ where: { memberId: goneId } })) {
      const dup = await tx.flowState.findUnique({ where: { memberId_conversation: { memberId: keepId, conversation: row.conversation } } });
      await (dup ? tx.flowState.delete({ where: { id: row.id } }) : tx.flowState.update({ where: { id: row.id }, data: { memberId: keepId } }));
    }

    const fill: Prisma.MemberUpdateInput = {};
    for (const field of PROFILE) if (keep[field] === null && gone[field] !== null) (fill as Record<string, unknown>)[field] = gone[field];
    if (Object.keys(fill).length > 0) await tx.member.update({ where: { id: keepId }, data: fill });
    await tx.member.delete({ where: { id: goneId } });
    if (audit) await tx.auditEntry.create({ data: auditRow(audit) });
    return keepId;
  });
}
