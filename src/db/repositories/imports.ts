// Writes an imported register: one transaction per file (all or nothing), idempotent (a row
// whose external id, or content key, is stored already is left alone), with its audit entry.
import { randomUUID } from 'node:crypto';
import type { ImportedPledge, ImportOutcome, ImportStore } from '../../core/imports/import-ports';
import { pledgeContentKey } from '../../core/imports/pledge-rows';
import { normalizeEmail } from '../../core/membership/identity-linking';
import { normalize } from '../../core/text/similarity';
import type { DbClient } from '../prisma-client';
import { auditRow } from './audit';

/** Rows written per statement. */
const CHUNK = 500;
/** A whole register in one transaction: longer than the bot's 5-10 s. */
const TRANSACTION = { maxWait: 30_000, timeout: 300_000 };

export const entityImportKey = (entity: string) => `entity:${normalize(entity)}`;
export const memberImportKey = (email: string) => `email:${normalizeEmail(email)}`;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

type Tx = Pick<DbClient, 'pledge' | 'member' | 'pledgeEvent' | 'auditEntry' | 'membership' | 'workingGroup' | 'identity'>;

export function importStore(prisma: DbClient): ImportStore {
  /** Which rows are new, and which placeholder members they need. */
  async function planPledges(tx: Tx, pledges: ImportedPledge[]) {
    const stored = await tx.pledge.findMany({ select: { externalId: true, entity: true, title: true, startYear: true } });
    const ids = new Set(stored.map((p) => p.externalId).filter((id): id is string => id !== null));
    const contents = new Set(stored.map(pledgeContentKey));
    const fresh = pledges.filter((p) => (p.externalId !== null ? !ids.has(p.externalId) && !contents.has(pledgeContentKey(p)) : !contents.has(pledgeContentKey(p))));
    // Each entity's key once, with the first new pledge naming it (its category goes to the placeholder).
    const firstOf = new Map<string, ImportedPledge>();
    const keyOf = new Map<ImportedPledge, string>();
    for (const p of fresh) {
      const key = entityImportKey(p.entity);
      keyOf.set(p, key);
      if (!firstOf.has(key)) firstOf.set(key, p);
    }
    const keys = [...firstOf.keys()];
    const owners = new Map<string, string>();
    for (const part of chunks(keys)) {
      for (const m of await tx.member.findMany({ where: { importKey: { in: part } }, select: { id: true, importKey: true } })) owners.set(m.importKey!, m.id);
    }
    return { fresh, owners, keyOf, firstOf, missing: keys.filter((k) => !owners.has(k)) };
  }

  return {
    async importPledges(pledges, options) {
      const run = async (tx: Tx): Promise<ImportOutcome> => {
        const { fresh, owners, keyOf, firstOf, missing } = await planPledges(tx, pledges);
        const outcome: ImportOutcome = { created: fresh.length, existing: pledges.length - fresh.length, placeholders: missing.length, createdRows: fresh.map((p) => p.row) };
        if (options.dryRun) return outcome;
        const { now } = options;
        const placeholders = missing.map((key) => {
          const first = firstOf.get(key)!;
          return { id: randomUUID(), name: first.entity, organization: first.entity, category: first.sector, importedAs: 'entity', importKey: key, createdAt: now, updatedAt: now };
        });
        for (const part of chunks(placeholders)) await tx.member.createMany({ data: part });
        for (const p of placeholders) owners.set(p.importKey, p.id);
        let done = pledges.length - fresh.length;
        options.progress?.(done);
        for (const part of chunks(fresh)) {
          const rows = await tx.pledge.createManyAndReturn({
            data: part.map((p) => ({
              externalId: p.externalId,
              memberId: owners.get(keyOf.get(p)!)!,
              entity: p.entity,
              sector: p.sector,
              focusArea: p.focusArea,
              pillar: p.pillar,
              title: p.title,
              description: p.description,
              type: p.type,
              valueUsd: p.valueUsd,
              countries: JSON.stringify(p.countries),
              beneficiaries: JSON.stringify(p.beneficiaries),
              sdgs: JSON.stringify(p.sdgs),
              startYear: p.startYear,
              endYear: p.endYear,
              status: p.status,
              // Check-ins start when a member owns the pledge (claim approved), not for a placeholder.
              nextCheckInAt: null,
              // A register's pledge keeps the date it was made: the digest does not count it as new.
              createdAt: p.pledgedAt ?? now,
              updatedAt: now,
            })),
            select: { id: true, status: true, createdAt: true },
          });
          await tx.pledgeEvent.createMany({
            data: rows.map((r) => ({ id: randomUUID(), pledgeId: r.id, at: r.createdAt, actorId: null, kind: 'created', newValue: r.status, reason: `imported from ${options.audit.file}` })),
          });
          done += part.length;
          options.progress?.(done);
        }
        await tx.auditEntry.create({
          data: auditRow({ at: now, actor: options.audit.actor, action: 'import.pledges', subject: options.audit.file, details: { file: options.audit.file, rows: pledges.length, created: outcome.created, existing: outcome.existing, placeholders: outcome.placeholders } }),
        });
        return outcome;
      };
      return options.dryRun ? run(prisma) : prisma.$transaction((tx) => run(tx), TRANSACTION);
    },

    async importMembers(members, options) {
      const run = async (tx: Tx): Promise<ImportOutcome> => {
        const emails = members.map((m) => normalizeEmail(m.email));
        const known = new Set<string>();
        for (const part of chunks(emails)) {
          for (const m of await tx.member.findMany({ where: { importKey: { in: part.map(memberImportKey) } }, select: { importKey: true } })) known.add(m.importKey!.slice(6));
          for (const m of await tx.member.findMany({ where: { email: { in: part } }, select: { email: true } })) known.add(normalizeEmail(m.email!));
          for (const i of await tx.identity.findMany({ where: { emailVerified: true, email: { in: part } }, select: { email: true } })) known.add(normalizeEmail(i.email!));
        }
        const fresh = members.filter((m) => !known.has(normalizeEmail(m.email)));
        const outcome: ImportOutcome = { created: fresh.length, existing: members.length - fresh.length, placeholders: 0, createdRows: fresh.map((m) => m.row) };
        if (options.dryRun) return outcome;
        const { now } = options;
        const groups = new Map((await tx.workingGroup.findMany({ select: { id: true, key: true } })).map((g) => [g.key, g.id]));
        let done = members.length - fresh.length;
        options.progress?.(done);
        for (const part of chunks(fresh)) {
          const rows = part.map((m) => ({
            id: randomUUID(), name: m.name, email: normalizeEmail(m.email), organization: m.organization, category: m.category, country: m.country,
            importedAs: 'member', importKey: memberImportKey(m.email), createdAt: now, updatedAt: now,
          }));
          await tx.member.createMany({ data: rows });
          const memberships = part.flatMap((m, i) => m.groups.filter((g) => groups.has(g)).map((g) => ({ id: randomUUID(), memberId: rows[i].id, groupId: groups.get(g)!, joinedAt: now })));
          if (memberships.length > 0) await tx.membership.createMany({ data: memberships });
          done += part.length;
          options.progress?.(done);
        }
        await tx.auditEntry.create({
          data: auditRow({ at: now, actor: options.audit.actor, action: 'import.members', subject: options.audit.file, details: { file: options.audit.file, rows: members.length, created: outcome.created, existing: outcome.existing } }),
        });
        return outcome;
      };
      return options.dryRun ? run(prisma) : prisma.$transaction((tx) => run(tx), TRANSACTION);
    },
  };
}

