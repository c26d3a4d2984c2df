// The statements every turn runs, a first contact's, and each reminder's (a fan-out runs them
// ten thousand times), as plain SQL on the driver (DirectSql):
// Prisma 6 compiles a model query anew on each call, and even its raw queries pass through its
// client runtime and a fresh prepare. Each is checked against the model queries it stands for in
// test/db/hot-path.test.ts.
import type { Platform } from '../../core/messages';
import type { ReminderDelivery } from '../../core/meetings/meeting-ports';
import type { AdmittedTurn, FlowState, Identity, Member, RoleAssignment, TurnRead } from '../../core/ports';
import type { DirectSql } from '../prisma-client';
import { isUniqueViolation } from '../prisma-errors';

/** A first contact's rows, made before the turn's first statement so that it can write them. */
export interface NewcomerRows {
  member: Member;
  identity: Identity;
}

/** How raw SQL names a table and a parameter on this database. */
export interface SqlDialect {
  provider: 'sqlite' | 'postgresql';
  /** PostgreSQL: the schema Prisma's own queries qualify tables with (raw SQL is not qualified). */
  schema?: string;
}

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(typeof value === 'number' || typeof value === 'bigint' ? Number(value) : String(value)));
const optionalDate = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));
const bool = (value: unknown): boolean => value === true || value === 1 || value === BigInt(1) || value === '1' || value === 't';
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** A member from a row of the statements below (columns aliased "m…", the id as "iMemberId"). */
function memberOf(row: Record<string, unknown>): Member {
  return {
    id: String(row.iMemberId),
    name: text(row.mName),
    organization: text(row.mOrganization),
    category: text(row.mCategory),
    country: text(row.mCountry),
    timeZone: text(row.mTimeZone),
    email: text(row.mEmail),
    locale: String(row.mLocale),
    // SQLite answers 0/1, PostgreSQL a boolean.
    localeChosen: row.mLocaleChosen === true || Number(row.mLocaleChosen) === 1,
    profileCompletedAt: optionalDate(row.mProfileCompletedAt),
    preferredPlatform: text(row.mPreferredPlatform) as Platform | null,
    createdAt: date(row.mCreatedAt),
  };
}

/** An identity from a row of the statements below (columns aliased "i…"). */
function identityOf(row: Record<string, unknown>): Identity {
  return {
    id: String(row.iId),
    memberId: String(row.iMemberId),
    platform: String(row.iPlatform) as Platform,
    externalId: String(row.iExternalId),
    address: text(row.iAddress),
    email: text(row.iEmail),
    emailVerified: bool(row.iEmailVerified),
    displayName: text(row.iDisplayName),
    unreachableAt: optionalDate(row.iUnreachableAt),
    lastSeenAt: date(row.iLastSeenAt),
  };
}

/** A row with an identity's columns (a LEFT JOIN that found none has them null). */
const hasIdentity = (row: Record<string, unknown>): boolean => row.iId !== null && row.iId !== undefined;

/** The turn's read from its rows (one per role; none for an unknown identity). */
function turnOf(rows: Record<string, unknown>[]): TurnRead | null {
  const first = rows[0];
  if (!first) return null;
  const member = memberOf(first);
  const identity = identityOf(first);
  const memberId = member.id;
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
}

export function hotPath(sql: DirectSql, dialect: SqlDialect) {
  const table = (name: string) => (dialect.provider === 'postgresql' ? `"${(dialect.schema ?? 'public').replace(/"/g, '""')}"."${name}"` : `"${name}"`);
  // PostgreSQL numbers its parameters; SQLite binds its "?" in the order they appear, recorded here.
  const statement = (build: (param: (n: number) => string) => string) => {
    const order: number[] = [];
    const sql = build((n) => (order.push(n), dialect.provider === 'postgresql' ? `$${n}` : '?'));
    return { sql, args: (...values: unknown[]) => (dialect.provider === 'postgresql' ? values : order.map((n) => values[n - 1])) };
  };
  const params = (param: (n: number) => string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => param(from + i));
  const identitySelect = `i."id" AS "iId", i."platform" AS "iPlatform", i."externalId" AS "iExternalId", i."address" AS "iAddress",
      i."email" AS "iEmail", i."emailVerified" AS "iEmailVerified", i."displayName" AS "iDisplayName", i."unreachableAt" AS "iUnreachableAt", i."lastSeenAt" AS "iLastSeenAt"`;
  const memberSelect = `m."name" AS "mName", m."organization" AS "mOrganization", m."category" AS "mCategory", m."country" AS "mCountry", m."timeZone" AS "mTimeZone",
      m."email" AS "mEmail", m."locale" AS "mLocale", m."localeChosen" AS "mLocaleChosen", m."profileCompletedAt" AS "mProfileCompletedAt", m."preferredPlatform" AS "mPreferredPlatform", m."createdAt" AS "mCreatedAt"`;
  const turnSelect = (param: (n: number) => string) => `SELECT
      i."memberId" AS "iMemberId", ${identitySelect},
      ${memberSelect},
      r."role" AS "rRole", r."scope" AS "rScope", r."source" AS "rSource",
      f."conversation" AS "fConversation", f."flow" AS "fFlow", f."step" AS "fStep", f."answers" AS "fAnswers", f."version" AS "fVersion", f."startedAt" AS "fStartedAt", f."updatedAt" AS "fUpdatedAt"
    FROM ${table('Identity')} i
    JOIN ${table('Member')} m ON m."id" = i."memberId"
    LEFT JOIN ${table('RoleAssignment')} r ON r."memberId" = m."id"
    LEFT JOIN ${table('FlowState')} f ON f."memberId" = m."id" AND f."conversation" = ${param(3)}
    WHERE i."platform" = ${param(1)} AND i."externalId" = ${param(2)}`;
  const turn = statement((param) => `${turnSelect(param)}
    ORDER BY r."role", r."scope"`);
  // PostgreSQL: the delivery recorded and, when it is new, the turn read, in one statement.
  const seenInsert = (key: string, at: string) => `INSERT INTO ${table('ProcessedEvent')} ("key", "at") VALUES (${key}, ${at}) ON CONFLICT ("key") DO NOTHING`;
  const admitThenTurn = statement((param) => `WITH ins AS (${seenInsert(param(4), param(5))} RETURNING 1)
    SELECT (SELECT count(*)::int FROM ins) AS "fresh", t.* FROM (SELECT 1) AS one
    LEFT JOIN (${turnSelect(param)}) AS t ON (SELECT count(*) FROM ins) > 0
    ORDER BY t."rRole", t."rScope"`);
  const memberColumns = `"id", "name", "email", "locale", "localeChosen", "remindersOff", "createdAt", "updatedAt"`;
  const identityColumns = `"id", "memberId", "platform", "externalId", "address", "email", "emailVerified", "displayName", "lastSeenAt", "createdAt"`;
  const memberInsert = (param: (n: number) => string) => `INSERT INTO ${table('Member')} (${memberColumns}) VALUES (${params(param, 1, 8).join(', ')})`;
  const insertMember = statement(memberInsert);
  /** The identity's row, its member's id given as `memberId` (a parameter, or the member just inserted). */
  const identityInsert = (first: string, memberId: string, rest: string[]) => `INSERT INTO ${table('Identity')} (${identityColumns})
    VALUES (${[first, memberId, ...rest].join(', ')})`;
  const insertIdentity = statement((param) => identityInsert(param(1), param(2), params(param, 3, 10)));
  // PostgreSQL: both rows in one statement (one round trip, atomic as every statement is).
  const insertBoth = statement((param) => `WITH m AS (${memberInsert(param)} RETURNING "id")
    ${identityInsert(param(9), '(SELECT "id" FROM m)', params(param, 10, 17))}`);
  // PostgreSQL: admitThenTurn, creating a newcomer's member and identity when the delivery is new
  // and the identity unknown. The rows are typed by casts (a SELECT's parameters have no column
  // to take a type from); the read cannot see them (one snapshot), so the caller has them.
  const types = { member: ['text', 'text', 'text', 'text', 'boolean', 'boolean', 'timestamp(3)', 'timestamp(3)'], identity: ['text', 'text', 'boolean', 'text', 'timestamp(3)', 'timestamp(3)'] };
  const typed = (param: (n: number) => string, from: number, casts: string[]) => casts.map((cast, i) => `${param(from + i)}::${cast}`).join(', ');
  const admitCreatingThenTurn = statement((param) => `WITH ins AS (${seenInsert(param(4), param(5))} RETURNING 1),
    m AS (INSERT INTO ${table('Member')} (${memberColumns}) SELECT ${typed(param, 6, types.member)}
      WHERE EXISTS (SELECT 1 FROM ins) AND NOT EXISTS (SELECT 1 FROM ${table('Identity')} WHERE "platform" = ${param(1)} AND "externalId" = ${param(2)})
      RETURNING "id"),
    c AS (INSERT INTO ${table('Identity')} (${identityColumns}) SELECT ${param(14)}::text, m."id", ${param(1)}, ${param(2)}, ${typed(param, 15, types.identity)} FROM m RETURNING 1)
    SELECT (SELECT count(*)::int FROM ins) AS "fresh", (SELECT count(*)::int FROM c) AS "created", t.* FROM (SELECT 1) AS one
    LEFT JOIN (${turnSelect(param)}) AS t ON (SELECT count(*) FROM ins) > 0
    ORDER BY t."rRole", t."rScope"`);
  // An unverified email into empty fields: the identity's, then its member's (the member it has now).
  const no = dialect.provider === 'postgresql' ? 'false' : '0';
  const fillIdentityEmail = (param: (n: number) => string) => `UPDATE ${table('Identity')} SET "email" = ${param(2)}, "emailVerified" = ${no} WHERE "id" = ${param(1)} AND "email" IS NULL`;
  const fillEmail = {
    // PostgreSQL: one statement, the member's only when the identity's was empty.
    both: statement((param) => `WITH i AS (${fillIdentityEmail(param)} RETURNING "memberId") UPDATE ${table('Member')} SET "email" = ${param(2)} WHERE "email" IS NULL AND "id" IN (SELECT "memberId" FROM i)`),
    identity: statement(fillIdentityEmail),
    member: statement(
      (param) => `UPDATE ${table('Member')} SET "email" = ${param(2)} WHERE "email" IS NULL AND "id" = (SELECT "memberId" FROM ${table('Identity')} WHERE "id" = ${param(1)} AND "email" = ${param(2)} AND "emailVerified" = ${no})`,
    ),
  };
  const seen = statement((param) => seenInsert(param(1), param(2)));
  // A reminder claimed for the first time, and a reminder sent.
  const claimReminder = statement(
    (param) => `INSERT INTO ${table('ReminderDelivery')} ("id", "meetingId", "occurrenceAt", "memberId", "offsetMinutes", "status", "leaseUntil", "attempts", "claimedAt") VALUES (${params(param, 1, 9).join(', ')})`,
  );
  const reminderSent = statement(
    (param) => `UPDATE ${table('ReminderDelivery')} SET "status" = 'sent', "platform" = ${param(2)}, "sentAt" = ${param(3)}, "leaseUntil" = NULL, "lastError" = NULL WHERE "id" = ${param(1)}`,
  );
  // A member and every identity of theirs (none: one row with the identity's columns null), oldest first.
  const withIdentities = statement((param) => `SELECT m."id" AS "iMemberId", ${identitySelect}, ${memberSelect}
    FROM ${table('Member')} m LEFT JOIN ${table('Identity')} i ON i."memberId" = m."id"
    WHERE m."id" = ${param(1)}
    ORDER BY i."createdAt", i."id"`);

  /** The identity, its member, the member's roles and flow state in `conversation`: one statement. */
  const turnRead = async (platform: Platform, externalId: string, conversation: string): Promise<TurnRead | null> => turnOf(await sql.query(turn.sql, turn.args(platform, externalId, conversation)));
  /** Records a delivery key; false when it was recorded before (the primary key decides). */
  const firstSeen = async (key: string, now: Date): Promise<boolean> => (await sql.execute(seen.sql, seen.args(key, now))) === 1;

  /** A new member's column values, and its identity's after the identity's id and memberId. */
  const newcomerArgs = (member: Member, identity: Identity) => ({
    member: [member.id, member.name, member.email, member.locale, member.localeChosen ?? false, false, member.createdAt, member.createdAt],
    identityRest: [identity.platform, identity.externalId, identity.address, identity.email, identity.emailVerified, identity.displayName, identity.lastSeenAt, member.createdAt],
  });

  /**
   * A first contact: the member and its identity, written together (a member never exists
   * without its identity). A unique violation (a concurrent first contact) is thrown.
   */
  const createMember = async (member: Member, identity: Identity): Promise<void> => {
    const args = newcomerArgs(member, identity);
    if (dialect.provider === 'postgresql') {
      await sql.execute(insertBoth.sql, insertBoth.args(...args.member, identity.id, ...args.identityRest));
      return;
    }
    await sql.atomically([
      { sql: insertMember.sql, args: insertMember.args(...args.member) },
      { sql: insertIdentity.sql, args: insertIdentity.args(identity.id, member.id, ...args.identityRest) },
    ]);
  };

  /** admitCreatingThenTurn's parameters after the turn's: the member's, the identity's id, then its columns after platform and externalId. */
  const creatingArgs = ({ member, identity }: NewcomerRows) => {
    const args = newcomerArgs(member, identity);
    return [...args.member, identity.id, ...args.identityRest.slice(2)];
  };

  /** PostgreSQL: the one statement of admitThenRead; a concurrent first contact's unique violation is thrown. */
  const admitOnPostgres = async (key: string, now: Date, platform: Platform, externalId: string, conversation: string, newcomer?: NewcomerRows): Promise<AdmittedTurn> => {
    const turnArgs = [platform, externalId, conversation, key, now];
    const rows = newcomer
      ? await sql.query(admitCreatingThenTurn.sql, admitCreatingThenTurn.args(...turnArgs, ...creatingArgs(newcomer)))
      : await sql.query(admitThenTurn.sql, admitThenTurn.args(...turnArgs));
    const fresh = Number(rows[0]?.fresh) === 1;
    if (!fresh) return { fresh, read: null };
    if (newcomer && Number(rows[0]?.created) === 1) return { fresh, read: { ...newcomer, roles: [], flow: null }, created: true };
    return { fresh, read: turnOf(rows.filter(hasIdentity)) };
  };

  return {
    turnRead,
    firstSeen,
    createMember,

    /** Writes a reminder's first claim; a unique violation (claimed before) is thrown. */
    async claimReminder(delivery: ReminderDelivery): Promise<void> {
      const d = delivery;
      await sql.execute(claimReminder.sql, claimReminder.args(d.id, d.meetingId, d.occurrenceAt, d.memberId, d.offsetMinutes, d.status, d.leaseUntil, d.attempts, d.claimedAt));
    },

    /** Marks a reminder sent on `platform` (its lease and last error cleared); a reminder deleted meanwhile is nothing to mark. */
    async reminderSent(id: string, platform: string, now: Date): Promise<void> {
      await sql.execute(reminderSent.sql, reminderSent.args(id, platform, now));
    },

    /** A member and their identities (as identities() orders them), or null: one statement. */
    async memberWithIdentities(memberId: string): Promise<{ member: Member; identities: Identity[] } | null> {
      const rows = await sql.query(withIdentities.sql, withIdentities.args(memberId));
      if (rows.length === 0) return null;
      return { member: memberOf(rows[0]), identities: rows.filter(hasIdentity).map(identityOf) };
    },

    /**
     * A delivery recorded (`fresh`: the first time) and, when fresh, the turn read: one statement
     * on PostgreSQL. With `newcomer`, an unknown identity is created from those rows (`created`);
     * when a concurrent first contact created it meanwhile, its rows are read instead.
     */
    async admitThenRead(key: string, now: Date, platform: Platform, externalId: string, conversation: string, newcomer?: NewcomerRows): Promise<AdmittedTurn> {
      if (dialect.provider === 'postgresql') {
        try {
          return await admitOnPostgres(key, now, platform, externalId, conversation, newcomer);
        } catch (error) {
          // The whole statement was undone (the delivery too): once more, the identity now exists.
          if (!newcomer || !isUniqueViolation(error)) throw error;
          return admitOnPostgres(key, now, platform, externalId, conversation, newcomer);
        }
      }
      if (!(await firstSeen(key, now))) return { fresh: false, read: null };
      const read = await turnRead(platform, externalId, conversation);
      if (read || !newcomer) return { fresh: true, read };
      try {
        await createMember(newcomer.member, newcomer.identity);
        return { fresh: true, read: { ...newcomer, roles: [], flow: null }, created: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        return { fresh: true, read: await turnRead(platform, externalId, conversation) };
      }
    },

    /**
     * An email a platform told but does not vouch for, stored unverified on the identity and on
     * its member, each only where none is stored; the member only when the identity's was empty.
     */
    async fillEmail(identityId: string, email: string): Promise<void> {
      if (dialect.provider === 'postgresql') {
        await sql.execute(fillEmail.both.sql, fillEmail.both.args(identityId, email));
        return;
      }
      await sql.atomically([
        { sql: fillEmail.identity.sql, args: fillEmail.identity.args(identityId, email) },
        { sql: fillEmail.member.sql, args: fillEmail.member.args(identityId, email) },
      ]);
    },
  };
}

export type HotPath = ReturnType<typeof hotPath>;
