// The two statements every turn runs, as plain SQL on the driver (DirectSql): Prisma 6 compiles a
// model query anew on each call, and even its raw queries pass through its client runtime and a
// fresh prepare. Both are checked against the model queries they stand for in test/db/hot-path.test.ts.
import type { Platform } from '../../core/messages';
import type { FlowState, Identity, Member, RoleAssignment } from '../../core/ports';
import type { DirectSql } from '../prisma-client';

/** How raw SQL names a table and a parameter on this database. */
export interface SqlDialect {
  provider: 'sqlite' | 'postgresql';
  /** PostgreSQL: the schema Prisma's own queries qualify tables with (raw SQL is not qualified). */
  schema?: string;
}

export interface TurnRead {
  member: Member;
  identity: Identity;
  roles: RoleAssignment[];
  flow: FlowState | null;
}

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(typeof value === 'number' || typeof value === 'bigint' ? Number(value) : String(value)));
const optionalDate = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));
const bool = (value: unknown): boolean => value === true || value === 1 || value === BigInt(1) || value === '1' || value === 't';
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export function hotPath(sql: DirectSql, dialect: SqlDialect) {
  const table = (name: string) => (dialect.provider === 'postgresql' ? `"${(dialect.schema ?? 'public').replace(/"/g, '""')}"."${name}"` : `"${name}"`);
  // PostgreSQL numbers its parameters; SQLite binds its "?" in the order they appear, recorded here.
  const statement = (build: (param: (n: number) => string) => string) => {
    const order: number[] = [];
    const sql = build((n) => (order.push(n), dialect.provider === 'postgresql' ? `$${n}` : '?'));
    return { sql, args: (...values: unknown[]) => (dialect.provider === 'postgresql' ? values : order.map((n) => values[n - 1])) };
  };
  const turn = statement((param) => `SELECT
      i."id" AS "iId", i."memberId" AS "iMemberId", i."platform" AS "iPlatform", i."externalId" AS "iExternalId", i."address" AS "iAddress",
      i."email" AS "iEmail", i."emailVerified" AS "iEmailVerified", i."displayName" AS "iDisplayName", i."unreachableAt" AS "iUnreachableAt", i."lastSeenAt" AS "iLastSeenAt",
      m."name" AS "mName", m."organization" AS "mOrganization", m."category" AS "mCategory", m."country" AS "mCountry", m."timeZone" AS "mTimeZone",
      m."email" AS "mEmail", m."locale" AS "mLocale", m."localeChosen" AS "mLocaleChosen", m."profileCompletedAt" AS "mProfileCompletedAt", m."preferredPlatform" AS "mPreferredPlatform", m."createdAt" AS "mCreatedAt",
      r."role" AS "rRole", r."scope" AS "rScope", r."source" AS "rSource",
      f."conversation" AS "fConversation", f."flow" AS "fFlow", f."step" AS "fStep", f."answers" AS "fAnswers", f."version" AS "fVersion", f."startedAt" AS "fStartedAt", f."updatedAt" AS "fUpdatedAt"
    FROM ${table('Identity')} i
    JOIN ${table('Member')} m ON m."id" = i."memberId"
    LEFT JOIN ${table('RoleAssignment')} r ON r."memberId" = m."id"
    LEFT JOIN ${table('FlowState')} f ON f."memberId" = m."id" AND f."conversation" = ${param(3)}
    WHERE i."platform" = ${param(1)} AND i."externalId" = ${param(2)}
    ORDER BY r."role", r."scope"`);
  const insertMember = statement((param) => `INSERT INTO ${table('Member')} ("id", "name", "email", "locale", "localeChosen", "remindersOff", "createdAt", "updatedAt")
    VALUES (${param(1)}, ${param(2)}, ${param(3)}, ${param(4)}, ${param(5)}, ${param(6)}, ${param(7)}, ${param(8)})`);
  const insertIdentity = statement((param) => `INSERT INTO ${table('Identity')} ("id", "memberId", "platform", "externalId", "address", "email", "emailVerified", "displayName", "lastSeenAt", "createdAt")
    VALUES (${param(1)}, ${param(2)}, ${param(3)}, ${param(4)}, ${param(5)}, ${param(6)}, ${param(7)}, ${param(8)}, ${param(9)}, ${param(10)})`);
  const seen = statement((param) => `INSERT INTO ${table('ProcessedEvent')} ("key", "at") VALUES (${param(1)}, ${param(2)}) ON CONFLICT ("key") DO NOTHING`);

  return {
    /** The identity, its member, the member's roles and flow state in `conversation`: one statement. */
    async turnRead(platform: Platform, externalId: string, conversation: string): Promise<TurnRead | null> {
      const rows = await sql.query(turn.sql, turn.args(platform, externalId, conversation));
      const first = rows[0];
      if (!first) return null;
      const memberId = String(first.iMemberId);
      const member: Member = {
        id: memberId,
        name: text(first.mName),
        organization: text(first.mOrganization),
        category: text(first.mCategory),
        country: text(first.mCountry),
        timeZone: text(first.mTimeZone),
        email: text(first.mEmail),
        locale: String(first.mLocale),
        // SQLite answers 0/1, PostgreSQL a boolean.
        localeChosen: first.mLocaleChosen === true || Number(first.mLocaleChosen) === 1,
        profileCompletedAt: optionalDate(first.mProfileCompletedAt),
        preferredPlatform: text(first.mPreferredPlatform) as Platform | null,
        createdAt: date(first.mCreatedAt),
      };
      const identity: Identity = {
        id: String(first.iId),
        memberId,
        platform: String(first.iPlatform) as Platform,
        externalId: String(first.iExternalId),
        address: text(first.iAddress),
        email: text(first.iEmail),
        emailVerified: bool(first.iEmailVerified),
        displayName: text(first.iDisplayName),
        unreachableAt: optionalDate(first.iUnreachableAt),
        lastSeenAt: date(first.iLastSeenAt),
      };
      const roles = rows
        .filter((r) => r.rRole !== null && r.rRole !== undefined)
        .map((r) => ({ memberId, role: String(r.rRole), scope: String(r.rScope), source: String(r.rSource) }) as RoleAssignment);
      const flow: FlowState | null =
        first.fFlow === null || first.fFlow === undefined
          ? null
          : {
              memberId,
              conversation: String(first.fConversation),
              flow: String(first.fFlow),
              step: String(first.fStep),
              answers: JSON.parse(String(first.fAnswers)) as Record<string, unknown>,
              version: Number(first.fVersion),
              startedAt: date(first.fStartedAt),
              updatedAt: date(first.fUpdatedAt),
            };
      return { member, identity, roles, flow };
    },

    /**
     * A first contact: the member and its identity, written together (a member never exists
     * without its identity). A unique violation (a concurrent first contact) is thrown.
     */
    async createMember(member: Member, identity: Identity): Promise<void> {
      await sql.atomically([
        { sql: insertMember.sql, args: insertMember.args(member.id, member.name, member.email, member.locale, member.localeChosen ?? false, false, member.createdAt, member.createdAt) },
        {
          sql: insertIdentity.sql,
          args: insertIdentity.args(identity.id, member.id, identity.platform, identity.externalId, identity.address, identity.email, identity.emailVerified, identity.displayName, identity.lastSeenAt, member.createdAt),
        },
      ]);
    },

    /** Records a delivery key; false when it was recorded before (the primary key decides). */
    async firstSeen(key: string, now: Date): Promise<boolean> {
      return (await sql.execute(seen.sql, seen.args(key, now))) === 1;
    },
  };
}

export type HotPath = ReturnType<typeof hotPath>;
