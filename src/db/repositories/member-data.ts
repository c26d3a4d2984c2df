// `my data` and `forget me` over every table that can hold something about a member.
import type { MemberDataRights } from '../../core/members/data-rights';
import type { DbClient } from '../prisma-client';
import { auditRow } from './audit';

const FORGOTTEN = 'member:forgotten';
const LIST_FIELDS = ['countries', 'beneficiaries', 'sdgs'];

/** A column kept as JSON text, as the value it holds (plain JSON in `my data`, not a string inside it). */
function fromJson(text: string | null): unknown {
  if (text === null || text === '') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function memberDataRights(prisma: DbClient): MemberDataRights {
  return {
    async everything(memberId) {
      const [member, identities, roles, applications, memberships, pledges, rsvps, reminders, flows, decided, meetingsCreated, audit, links, claims] = await Promise.all([
        prisma.member.findUnique({ where: { id: memberId } }),
        prisma.identity.findMany({ where: { memberId } }),
        prisma.roleAssignment.findMany({ where: { memberId } }),
        prisma.application.findMany({ where: { memberId }, include: { group: { select: { key: true } } } }),
        prisma.membership.findMany({ where: { memberId }, include: { group: { select: { key: true } } } }),
        prisma.pledge.findMany({ where: { memberId }, include: { events: true, checkIns: true } }),
        prisma.rsvp.findMany({ where: { memberId } }),
        prisma.reminderDelivery.findMany({ where: { memberId } }),
        prisma.flowState.findMany({ where: { memberId } }),
        prisma.application.findMany({ where: { decidedById: memberId }, select: { id: true, status: true, decidedAt: true } }),
        prisma.meeting.findMany({ where: { createdById: memberId }, select: { id: true, title: true, createdAt: true } }),
        prisma.auditEntry.findMany({ where: { OR: [{ actor: `member:${memberId}` }, { subject: memberId }] } }),
        prisma.memberLink.findMany({ where: { memberId } }),
        prisma.pledgeClaim.findMany({ where: { memberId } }),
      ]);
      // The local chat's stored conversation of each local identity.
      const localUsers = identities.filter((i) => i.platform === 'local').map((i) => i.externalId);
      const localChat = localUsers.length
        ? await prisma.localChatMessage.findMany({ where: { user: { in: localUsers } }, orderBy: { id: 'asc' }, select: { user: true, direction: true, proactive: true, body: true, createdAt: true } })
        : [];
      return {
        member: member && { ...member, reminderOffsets: fromJson(member.reminderOffsets) },
        identities,
        roles,
        applications: applications.map(({ group, groupId: _g, ...a }) => ({ ...a, group: group.key, answers: JSON.parse(a.answers) as unknown })),
        memberships: memberships.map(({ group, groupId: _g, ...m }) => ({ ...m, group: group.key })),
        pledges: pledges.map((p) => ({
          ...p,
          countries: fromJson(p.countries),
          beneficiaries: fromJson(p.beneficiaries),
          sdgs: fromJson(p.sdgs),
          // A change of a list field keeps the list as JSON text: read back as the list it was.
          events: p.events.map((e) => (e.field && LIST_FIELDS.includes(e.field) ? { ...e, oldValue: fromJson(e.oldValue), newValue: fromJson(e.newValue) } : e)),
        })),
        rsvps,
        reminders,
        flows: flows.map((f) => ({ ...f, answers: JSON.parse(f.answers) as unknown })),
        applicationsDecided: decided,
        meetingsScheduled: meetingsCreated,
        audit: audit.map((a) => ({ ...a, details: fromJson(a.details) })),
        links,
        pledgeClaims: claims,
        localChat: localChat.map((m) => ({ ...m, body: JSON.parse(m.body) as unknown })),
      };
    },

    async forget(memberId, now) {
      return prisma.$transaction(async (tx) => {
        const identities = await tx.identity.findMany({ where: { memberId }, select: { address: true, platform: true, externalId: true } });
        const addresses = identities.map((i) => i.address).filter((a): a is string => a !== null);
        const pledges = await tx.pledge.updateMany({ where: { memberId }, data: { memberId: null, entity: null, updatedAt: now } });
        await tx.pledgeEvent.updateMany({ where: { actorId: memberId }, data: { actorId: null } });
        await tx.application.updateMany({ where: { decidedById: memberId }, data: { decidedById: null } });
        await tx.pledgeClaim.updateMany({ where: { decidedById: memberId }, data: { decidedById: null } });
        await tx.meeting.updateMany({ where: { createdById: memberId }, data: { createdById: null } });
        await tx.linkCode.deleteMany({ where: { memberId } });
        await tx.pendingLink.deleteMany({ where: { OR: [{ ownerId: memberId }, { claimerId: memberId }] } });
        await tx.memberLink.deleteMany({ where: { memberId } });
        if (addresses.length) await tx.postedMessage.deleteMany({ where: { address: { in: addresses } } });
        // The local chat's stored conversation of each local identity.
        const localUsers = identities.filter((i) => i.platform === 'local').map((i) => i.externalId);
        if (localUsers.length) await tx.localChatMessage.deleteMany({ where: { user: { in: localUsers } } });
        await tx.auditEntry.updateMany({ where: { actor: `member:${memberId}` }, data: { actor: FORGOTTEN } });
        await tx.auditEntry.updateMany({ where: { subject: memberId }, data: { subject: null } });
        // Link entries name the member's identities ("platform:externalId") too.
        for (const id of [memberId, ...identities.map((i) => `${i.platform}:${i.externalId}`)]) {
          for (const entry of await tx.auditEntry.findMany({ where: { details: { contains: id } } })) {
            await tx.auditEntry.update({ where: { id: entry.id }, data: { details: entry.details!.split(id).join('forgotten') } });
          }
        }
        // Identities, roles, applications, memberships, RSVPs, reminders, flows and pledge claims go with the member (cascade).
        await tx.member.delete({ where: { id: memberId } });
        const result = { pledgesKept: pledges.count, identitiesDeleted: identities.length };
        // Recorded without the member, in the same transaction: forgetting is never unaudited.
        await tx.auditEntry.create({ data: auditRow({ at: now, actor: 'system', action: 'member.forgotten', details: result }) });
        return result;
      });
    },
  };
}
