// Claims on imported pledges: requested by a member, decided by the secretariat; an approval
// moves the pledge from its entity's placeholder to the claimer, in one transaction with its audit.
import { randomBytes } from 'node:crypto';
import type { PledgeClaim as ClaimRow } from '.prisma/coalition-sqlite';
import type { ClaimStatus, PledgeClaim, PledgeClaimRepository } from '../../core/pledges/pledge-ports';
import type { DbClient } from '../prisma-client';
import { auditRow } from './audit';
import { entityImportKey } from './imports';

const toClaim = (row: ClaimRow): PledgeClaim => ({ ...row, status: row.status as ClaimStatus });

function claimId(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Whether the pledge's owner is a placeholder an import made for its entity. */
async function heldByPlaceholder(tx: Pick<DbClient, 'pledge'>, pledgeId: number): Promise<boolean> {
  if (!Number.isSafeInteger(pledgeId) || pledgeId < 1 || pledgeId > 2_147_483_647) return false;
  const pledge = await tx.pledge.findUnique({ where: { id: pledgeId }, select: { member: { select: { importedAs: true } } } });
  return pledge?.member?.importedAs === 'entity';
}

export function pledgeClaimRepository(prisma: DbClient): PledgeClaimRepository {
  return {
    async request(pledgeId, memberId, now) {
      return prisma.$transaction(async (tx) => {
        if (!(await heldByPlaceholder(tx, pledgeId))) return { kind: 'not_claimable' as const };
        const pending = await tx.pledgeClaim.findFirst({ where: { pledgeId, memberId, status: 'pending' } });
        if (pending) return { kind: 'already_pending' as const, claim: toClaim(pending) };
        const row = await tx.pledgeClaim.create({ data: { id: claimId(), pledgeId, memberId, status: 'pending', requestedAt: now } });
        await tx.auditEntry.create({ data: auditRow({ at: now, actor: `member:${memberId}`, action: 'pledge.claim_requested', subject: row.id, details: { pledge: pledgeId } }) });
        return { kind: 'created' as const, claim: toClaim(row) };
      });
    },

    async get(id) {
      const row = await prisma.pledgeClaim.findUnique({ where: { id: id.trim().toLowerCase() } });
      return row ? toClaim(row) : null;
    },

    async claimableOf(entity, limit) {
      return prisma.pledge.findMany({
        where: { member: { importedAs: 'entity', importKey: entityImportKey(entity) } },
        select: { id: true, title: true },
        orderBy: { id: 'asc' },
        take: limit,
      });
    },

    async pending() {
      return (await prisma.pledgeClaim.findMany({ where: { status: 'pending' }, orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }] })).map(toClaim);
    },

    async decide(id, decision) {
      return prisma.$transaction(async (tx) => {
        const claim = await tx.pledgeClaim.findUnique({ where: { id } });
        if (!claim || claim.status !== 'pending') return null;
        if (decision.status === 'approved' && !(await heldByPlaceholder(tx, claim.pledgeId))) return null;
        const changed = await tx.pledgeClaim.updateMany({
          where: { id, status: 'pending' },
          data: { status: decision.status, decidedAt: decision.at, decidedById: decision.byId, reason: decision.reason },
        });
        if (changed.count === 0) return null;
        if (decision.status === 'approved') {
          const pledge = await tx.pledge.findUniqueOrThrow({ where: { id: claim.pledgeId }, select: { memberId: true, status: true } });
          const active = pledge.status === 'announced' || pledge.status === 'in_progress';
          await tx.pledge.update({ where: { id: claim.pledgeId }, data: { memberId: claim.memberId, nextCheckInAt: active ? decision.firstCheckInAt : null, updatedAt: decision.at } });
          // The other members asking for it are answered by this decision.
          await tx.pledgeClaim.updateMany({
            where: { pledgeId: claim.pledgeId, status: 'pending', id: { not: id } },
            data: { status: 'declined', decidedAt: decision.at, decidedById: decision.byId, reason: 'another claim was approved' },
          });
          await tx.auditEntry.create({
            data: auditRow({ at: decision.at, actor: `member:${decision.byId}`, action: 'pledge.claim_approved', subject: id, details: { pledge: claim.pledgeId, owner: claim.memberId, placeholder: pledge.memberId } }),
          });
        } else {
          await tx.auditEntry.create({ data: auditRow({ at: decision.at, actor: `member:${decision.byId}`, action: 'pledge.claim_declined', subject: id, details: { pledge: claim.pledgeId } }) });
        }
        return toClaim(await tx.pledgeClaim.findUniqueOrThrow({ where: { id } }));
      });
    },
  };
}
