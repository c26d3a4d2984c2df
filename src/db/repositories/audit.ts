// The audit log; `auditRow` is also used by repositories that write an entry in the same
// transaction as the change it records.
import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditLog } from '../../core/ports';
import type { DbClient } from '../prisma-client';

/** The row of an audit entry, ready for `auditEntry.create` in any client or transaction. */
export function auditRow(entry: AuditEntry) {
  return {
    id: randomUUID(),
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject ?? null,
    details: entry.details == null ? null : JSON.stringify(entry.details),
  };
}

export function auditLog(prisma: DbClient): AuditLog {
  return {
    async record(entry) {
      await prisma.auditEntry.create({ data: auditRow(entry) });
    },

    async list(filter = {}) {
      const rows = await prisma.auditEntry.findMany({
        where: { ...(filter.action !== undefined && { action: filter.action }), ...(filter.since && { at: { gte: filter.since } }) },
        orderBy: { at: 'asc' },
      });
      return rows.map(
        (row): AuditEntry => ({
          at: row.at,
          actor: row.actor,
          action: row.action,
          subject: row.subject,
          details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
        }),
      );
    },
  };
}
