import { randomUUID } from 'node:crypto';
import type { Identity as IdentityRow, Member as MemberRow } from '.prisma/coalition-sqlite';
import { BotError } from '../../core/errors';
import type { Platform } from '../../core/messages';
import { LAST_SEEN_EVERY_MS, type Identity, type IdentityInput, type Member, type MemberRepository, type Newcomer } from '../../core/ports';
import type { DbClient } from '../prisma-client';
import { memberImportKey } from './imports';
import { isRecordNotFound, isUniqueViolation } from '../prisma-errors';
import { auditRow } from './audit';
import type { HotPath } from './hot-path';
import { mergeMembers } from './member-merge';

export function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    name: row.name,
    organization: row.organization,
    category: row.category,
    country: row.country,
    timeZone: row.timeZone,
    email: row.email,
    locale: row.locale,
    localeChosen: row.localeChosen,
    profileCompletedAt: row.profileCompletedAt,
    preferredPlatform: row.preferredPlatform as Platform | null,
    createdAt: row.createdAt,
  };
}

export function toIdentity(row: IdentityRow): Identity {
  return {
    id: row.id,
    memberId: row.memberId,
    platform: row.platform as Platform,
    externalId: row.externalId,
    address: row.address,
    email: row.email,
    emailVerified: row.emailVerified,
    displayName: row.displayName,
    unreachableAt: row.unreachableAt,
    lastSeenAt: row.lastSeenAt,
  };
}

/** A first contact's member and identity, as created: new ids, the defaults, seen now. */
function newcomerRows({ input, defaults }: Newcomer, now: Date): { member: Member; identity: Identity } {
  const member: Member = {
    id: randomUUID(),
    name: defaults.name ?? null,
    organization: null,
    category: null,
    country: null,
    timeZone: null,
    email: input.email ?? null,
    locale: defaults.locale,
    localeChosen: false,
    profileCompletedAt: null,
    preferredPlatform: null,
    createdAt: now,
  };
  const identity: Identity = {
    id: randomUUID(),
    memberId: member.id,
    platform: input.platform,
    externalId: input.externalId,
    address: input.address ?? null,
    email: input.email ?? null,
    emailVerified: input.emailVerified ?? false,
    displayName: input.displayName ?? null,
    unreachableAt: null,
    lastSeenAt: now,
  };
  return { member, identity };
}

export function memberRepository(prisma: DbClient, hot: Pick<HotPath, 'turnRead' | 'admitThenRead' | 'createMember' | 'fillEmail' | 'memberWithIdentities'>): MemberRepository {
  const byIdentity = (platform: string, externalId: string) =>
    prisma.identity.findUnique({ where: { platform_externalId: { platform, externalId } }, include: { member: true } });

  /**
   * Refreshes a known identity with what the platform just told us: only what differs from the
   * stored row is written, and lastSeenAt at most every LAST_SEEN_EVERY_MS (no write per message).
   */
  async function touch(found: { member: Member; identity: Identity }, input: IdentityInput, now: Date) {
    const stored = found.identity;
    const data = {
      // Only what this contact carries: an absent field keeps the stored value.
      ...(input.address !== undefined && input.address !== stored.address && { address: input.address }),
      ...(input.email !== undefined && input.email !== stored.email && { email: input.email }),
      ...(input.emailVerified !== undefined && input.emailVerified !== stored.emailVerified && { emailVerified: input.emailVerified }),
      ...(input.displayName !== undefined && input.displayName !== stored.displayName && { displayName: input.displayName }),
      ...(input.reachable && stored.unreachableAt && { unreachableAt: null }),
    };
    const stale = now.getTime() - stored.lastSeenAt.getTime() >= LAST_SEEN_EVERY_MS;
    if (Object.keys(data).length === 0 && !stale) return found;
    const identity = await prisma.identity.update({ where: { id: stored.id }, data: { ...data, ...(stale && { lastSeenAt: now }) } });
    return { member: found.member, identity: toIdentity(identity) };
  }

  async function findByIdentity(platform: string, externalId: string) {
    const found = await byIdentity(platform, externalId);
    return found ? { member: toMember(found.member), identity: toIdentity(found) } : null;
  }

  return {
    async get(id) {
      const row = await prisma.member.findUnique({ where: { id } });
      return row ? toMember(row) : null;
    },

    findByIdentity,
    findForTurn: (platform, externalId, conversation) => hot.turnRead(platform, externalId, conversation),
    admitAndFindForTurn: (key, now, platform, externalId, conversation, newcomer) => hot.admitThenRead(key, now, platform, externalId, conversation, newcomer && newcomerRows(newcomer, now)),

    async upsertByIdentity(input, now, defaults, known) {
      const found = known === undefined ? await findByIdentity(input.platform, input.externalId) : known;
      if (found) return { ...(await touch(found, input, now)), created: false };
      try {
        // Both rows in one transaction: a member never exists without its identity.
        const { member, identity } = newcomerRows({ input, defaults }, now);
        await hot.createMember(member, identity);
        return { member, identity, created: true };
      } catch (error) {
        // A concurrent first contact created the identity first: use its member.
        if (!isUniqueViolation(error)) throw error;
        const raced = await findByIdentity(input.platform, input.externalId);
        if (!raced) throw error;
        return { ...(await touch(raced, input, now)), created: false };
      }
    },

    addUnverifiedEmail: (identityId, email) => hot.fillEmail(identityId, email),

    async updateProfile(id, patch, audit) {
      try {
        // The change and its audit entry commit together or not at all.
        return await prisma.$transaction(async (tx) => {
          const member = toMember(await tx.member.update({ where: { id }, data: { ...patch } }));
          if (audit) await tx.auditEntry.create({ data: auditRow(audit) });
          return member;
        });
      } catch (error) {
        if (isRecordNotFound(error)) throw new BotError('NOT_FOUND', `member ${id} does not exist`, {}, { cause: error });
        throw error;
      }
    },

    async identities(memberId) {
      const rows = await prisma.identity.findMany({ where: { memberId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      return rows.map(toIdentity);
    },

    withIdentities: (memberId) => hot.memberWithIdentities(memberId),

    async list() {
      const rows = await prisma.member.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      return rows.map(toMember);
    },

    async reminderPreferences(id) {
      const row = await prisma.member.findUnique({ where: { id }, select: { reminderOffsets: true, remindersOff: true, remindersPausedUntil: true } });
      if (!row) throw new BotError('NOT_FOUND', `member ${id} does not exist`);
      return { offsets: row.reminderOffsets ? (JSON.parse(row.reminderOffsets) as number[]) : null, off: row.remindersOff, pausedUntil: row.remindersPausedUntil };
    },

    async updateReminders(id, patch) {
      await prisma.member.update({
        where: { id },
        data: {
          ...(patch.offsets !== undefined ? { reminderOffsets: patch.offsets === null ? null : JSON.stringify(patch.offsets) } : {}),
          ...(patch.off !== undefined ? { remindersOff: patch.off } : {}),
          ...(patch.pausedUntil !== undefined ? { remindersPausedUntil: patch.pausedUntil } : {}),
        },
      });
    },

    async identitiesByVerifiedEmail(email) {
      const variants = [...new Set([email.trim(), email.trim().toLowerCase()])];
      const rows = await prisma.identity.findMany({ where: { emailVerified: true, email: { in: variants } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      return rows.map(toIdentity);
    },

    async importedByEmail(email) {
      const row = await prisma.member.findFirst({ where: { importKey: memberImportKey(email), importedAs: 'member', identities: { none: {} } } });
      return row ? toMember(row) : null;
    },

    async merge(keepId, goneId, _now, audit, options) {
      await mergeMembers(prisma, keepId, goneId, audit, options);
      return toMember(await prisma.member.findUniqueOrThrow({ where: { id: keepId } }));
    },

    async links(memberId) {
      const rows = await prisma.memberLink.findMany({ where: { memberId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
      return rows.map((r) => ({ at: r.at, by: r.by === 'email' ? ('email' as const) : ('code' as const), identities: [r.identityA, r.identityB] as [string, string] }));
    },

    async markUnreachable(platform, externalId, at) {
      const { count } = await prisma.identity.updateMany({ where: { platform, externalId }, data: { unreachableAt: at } });
      return count > 0;
    },

    async markReachable(platform, externalId) {
      await prisma.identity.updateMany({ where: { platform, externalId, unreachableAt: { not: null } }, data: { unreachableAt: null } });
    },
  };
}
