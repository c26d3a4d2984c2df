// The seams of the core: what it needs from storage and from the platforms.
// src/db implements the repositories, adapters implement ChatPort, src/app.ts wires them.
import type { OutgoingMessage, Platform } from './messages';
import type { Coalition } from './coalition/coalition';
import type { MeetingRepository, ReminderDeliveries } from './meetings/meeting-ports';
import type { ReminderPreferences } from './meetings/reminder-policy';
import type { PledgeClaimRepository, PledgeRepository } from './pledges/pledge-ports';

export interface Member {
  id: string;
  name: string | null;
  organization: string | null;
  /** Stakeholder category key from the coalition file. */
  category: string | null;
  /** ISO 3166-1 alpha-3. */
  country: string | null;
  /** IANA time zone. */
  timeZone: string | null;
  email: string | null;
  locale: string;
  /** True once the member chose the language themselves: the platform's locale no longer changes it. */
  localeChosen?: boolean;
  profileCompletedAt: Date | null;
  preferredPlatform: Platform | null;
  createdAt: Date;
}

export interface Identity {
  id: string;
  memberId: string;
  platform: Platform;
  externalId: string;
  /** Opaque address for direct messages; only its adapter reads it. */
  address: string | null;
  email: string | null;
  emailVerified: boolean;
  displayName: string | null;
  unreachableAt: Date | null;
  lastSeenAt: Date;
}

export type ProfilePatch = Partial<
  Pick<Member, 'name' | 'organization' | 'category' | 'country' | 'timeZone' | 'email' | 'locale' | 'localeChosen' | 'profileCompletedAt' | 'preferredPlatform'>
>;

export interface IdentityInput {
  platform: Platform;
  externalId: string;
  address?: string | null;
  email?: string | null;
  emailVerified?: boolean;
  displayName?: string | null;
  /** Written from the member's own chat with the bot: a stored unreachable mark is cleared. */
  reachable?: boolean;
}

/** How stale an identity's lastSeenAt may get before a contact that changes nothing else writes it. */
export const LAST_SEEN_EVERY_MS = 5 * 60_000;

/** A delivery recorded by admitAndFindForTurn: `fresh` the first time, with the turn's read then (`created`: a newcomer it created). */
export interface AdmittedTurn {
  fresh: boolean;
  read: TurnRead | null;
  created?: boolean;
}

/** A first contact's identity and the defaults of its new member (see newcomerOf in core/members/identify). */
export interface Newcomer {
  input: IdentityInput;
  defaults: { locale: string; name?: string | null };
}

/** What a turn needs about who is talking: the identity, its member, their roles and flow state in the turn's conversation. */
export interface TurnRead {
  member: Member;
  identity: Identity;
  roles: RoleAssignment[];
  flow: FlowState | null;
}

export interface MemberRepository {
  get(id: string): Promise<Member | null>;
  findByIdentity(platform: Platform, externalId: string): Promise<{ member: Member; identity: Identity } | null>;
  /**
   * What a turn needs about who is talking, in one read: the identity, its member, the member's
   * roles and their flow state in `conversation` (null when none); null for an unknown identity.
   */
  findForTurn(platform: Platform, externalId: string, conversation: string): Promise<TurnRead | null>;
  /**
   * A platform's delivery recorded and, for a first delivery, the turn's read: `fresh` is what
   * ProcessedEvents.firstSeen(key) answers, `read` what findForTurn answers (null for a repeat).
   * One statement where the database allows it (PostgreSQL: one round trip per turn).
   * With `newcomer`, an unknown identity of a fresh delivery is created in that statement as
   * upsertByIdentity would create it (`created`: this call created it; a concurrent first
   * contact's rows are read instead), so a first contact is one round trip too.
   */
  admitAndFindForTurn(key: string, now: Date, platform: Platform, externalId: string, conversation: string, newcomer?: Newcomer): Promise<AdmittedTurn>;
  /**
   * Finds the member behind an identity or creates both; safe when two requests race
   * (the second gets the row the first created). Updates address, names and email when they
   * differ from what is stored, and lastSeenAt at most every LAST_SEEN_EVERY_MS: a contact that
   * changes nothing writes nothing. `known` is what findByIdentity just answered (saves a read).
   */
  upsertByIdentity(input: IdentityInput, now: Date, defaults: { locale: string; name?: string | null }, known?: { member: Member; identity: Identity } | null): Promise<{ member: Member; identity: Identity; created: boolean }>;
  /** With an audit entry, writes it in the same transaction as the change. */
  updateProfile(id: string, patch: ProfilePatch, audit?: AuditEntry): Promise<Member>;
  identities(memberId: string): Promise<Identity[]>;
  /** The member and their identities (ordered as identities() orders them) in one read, or null: what a reminder needs. */
  withIdentities(memberId: string): Promise<{ member: Member; identities: Identity[] } | null>;
  list(): Promise<Member[]>;
  reminderPreferences(id: string): Promise<ReminderPreferences>;
  updateReminders(id: string, patch: Partial<ReminderPreferences>): Promise<void>;
  /** Identities of any member carrying this email (any case) as verified. */
  identitiesByVerifiedEmail(email: string): Promise<Identity[]>;
  /**
   * The member an import brought in with this email (any case) who has no chat identity yet:
   * the record the first identity with this verified email is joined with. Null when none.
   */
  importedByEmail(email: string): Promise<Member | null>;
  /**
   * Makes `goneId` part of `keepId` in one transaction: identities, memberships, applications,
   * pledges, roles, RSVPs and reminders move over (duplicates dropped), empty profile fields of
   * the survivor are filled from the other, then `goneId` is deleted, and the audit entry (when
   * given) is written, all in that transaction. Returns the survivor.
   */
  merge(keepId: string, goneId: string, now: Date, audit?: AuditEntry, options?: MergeOptions): Promise<Member>;
  /** The links that made this member out of several identities, oldest first. */
  links(memberId: string): Promise<MemberLink[]>;
  /**
   * An email a platform told but does not vouch for (Teams' roster), stored unverified on this
   * identity and on its member, each only where none is stored yet (a member's own stays).
   */
  addUnverifiedEmail(identityId: string, email: string): Promise<void>;
  /** The platform refused delivery (bot removed or blocked): sets unreachableAt; false when unknown. */
  markUnreachable(platform: Platform, externalId: string, at: Date): Promise<boolean>;
  /** The identity can be reached again (it wrote to the bot, reinstalled it): clears unreachableAt. */
  markReachable(platform: Platform, externalId: string): Promise<void>;
}

export type RoleName = 'secretariat' | 'chair';

export interface RoleAssignment {
  memberId: string;
  role: RoleName;
  /** '' for coalition-wide roles, the working group key for chairs. */
  scope: string;
  source: 'config' | 'chat' | 'operator';
}

export interface RoleRepository {
  rolesOf(memberId: string): Promise<RoleAssignment[]>;
  /**
   * Idempotent; true when the role is new. The audit entry (when given) is written in the same
   * transaction, and only when the role is new.
   */
  grant(assignment: RoleAssignment, audit?: AuditEntry): Promise<boolean>;
  /** True when something was removed; the audit entry (when given) is written with the removal. */
  revoke(memberId: string, role: RoleName, scope: string, audit?: AuditEntry): Promise<boolean>;
  holders(role: RoleName, scope?: string): Promise<RoleAssignment[]>;
}

export interface FlowState {
  memberId: string;
  conversation: string;
  flow: string;
  step: string;
  answers: Record<string, unknown>;
  /** Incremented on every save; a save against an older version fails with FLOW.STALE. */
  version: number;
  startedAt: Date;
  updatedAt: Date;
}

export interface FlowStateRepository {
  get(memberId: string, conversation: string): Promise<FlowState | null>;
  /**
   * Creates (expectedVersion null: none may exist) or updates (the stored version must equal
   * expectedVersion) and returns the state with its new version; otherwise BotError FLOW.STALE.
   */
  save(state: Omit<FlowState, 'version' | 'startedAt' | 'updatedAt'> & { startedAt?: Date }, expectedVersion: number | null, now: Date): Promise<FlowState>;
  delete(memberId: string, conversation: string): Promise<void>;
  /** Flows not touched since `before` (for the digest and housekeeping). */
  untouchedSince(before: Date): Promise<FlowState[]>;
  /** Deletes the flows not touched since `before` (abandoned drafts); returns how many. */
  deleteUntouchedSince(before: Date): Promise<number>;
}

export interface AuditEntry {
  at: Date;
  /** "member:<id>", "operator" or "system". */
  actor: string;
  action: string;
  subject?: string | null;
  /** Ids and figures only, never personal data. */
  details?: Record<string, unknown> | null;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  list(filter?: { action?: string; since?: Date }): Promise<AuditEntry[]>;
}

export interface CoalitionRepository {
  /** Upserts the coalition, its focus areas and working groups from the coalition file. */
  sync(coalition: Coalition): Promise<void>;
}

/** Keys of platform deliveries already handled, so a retried delivery never acts twice. */
export interface ProcessedEvents {
  /** True the first time a key is seen, false for every repeat. */
  firstSeen(key: string, now: Date): Promise<boolean>;
  prune(before: Date): Promise<number>;
}

/** Values generated once and shared by every replica (e.g. a signing key). */
export interface SharedValues {
  /** The stored value, or `create()`'s, stored by whichever replica came first. */
  getOrCreate(key: string, create: () => string): Promise<string>;
  /** Stores `value` under `key`, replacing what was there. */
  replace(key: string, value: string): Promise<void>;
}

/** Database-backed leases so that one replica runs each scheduled fire. */
export interface JobLeases {
  /** True when `owner` now holds `name` until `until` (free, expired, or already its own). */
  acquire(name: string, owner: string, now: Date, until: Date): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
  /** Deletes leases that ended before `before` (one row is left per fire slot). */
  prune(before: Date): Promise<number>;
}

export type ApplicationStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

/** Answers to the coalition's joining criteria (keyed by criterion key) and their follow-ups. */
export type ApplicationAnswers = Record<string, string | boolean | null>;

export interface Application {
  id: string;
  memberId: string;
  groupKey: string;
  status: ApplicationStatus;
  answers: ApplicationAnswers;
  submittedAt: Date;
  decidedAt: Date | null;
  decidedById: string | null;
  reason: string | null;
}

export interface ApplicationRepository {
  /**
   * Creates a pending application; null when the member already belongs to the group or has
   * a pending application to it (checked and written atomically, so a double submission
   * creates one). Its "application.submitted" audit entry is written in the same transaction.
   */
  create(input: { memberId: string; groupKey: string; answers: ApplicationAnswers; submittedAt: Date }): Promise<Application | null>;
  /** Ids are matched in any case. */
  get(id: string): Promise<Application | null>;
  pending(): Promise<Application[]>;
  ofMember(memberId: string): Promise<Application[]>;
  /**
   * Decides a pending application; an approval creates the membership, and either writes
   * its "application.approved"/"application.rejected" audit entry, in the same transaction. Null when the application is not pending (any more): a decision never
   * overwrites another.
   */
  decide(id: string, decision: { status: 'approved' | 'rejected'; byId: string; at: Date; reason?: string | null }): Promise<Application | null>;
}

export interface Membership {
  memberId: string;
  groupKey: string;
  joinedAt: Date;
}

export interface MembershipRepository {
  ofMember(memberId: string): Promise<Membership[]>;
  ofGroup(groupKey: string): Promise<Membership[]>;
  all(): Promise<Membership[]>;
  /** Idempotent; true when the membership is new. */
  add(memberId: string, groupKey: string, at: Date): Promise<boolean>;
  /** True when something was removed; the audit entry (when given) is written with the removal. */
  remove(memberId: string, groupKey: string, audit?: AuditEntry): Promise<boolean>;
}

export interface LinkCodeRepository {
  /** Stores a code for the member shown in the chat of `identity`, replacing the member's earlier codes. */
  create(code: string, memberId: string, identity: IdentityKey, expiresAt: Date): Promise<void>;
  /** Uses a code up: who it was made for when it exists and has not expired at `now`, else null. */
  consume(code: string, now: Date): Promise<{ memberId: string; identity: IdentityKey | null } | null>;
  /** A link waiting for confirmation, replacing any other pending link of either member. */
  openPending(link: Omit<PendingLink, 'id' | 'ownerConfirmedAt' | 'claimerConfirmedAt'>): Promise<PendingLink>;
  /** The unexpired pending link this member is part of, if any. */
  pendingOf(memberId: string, now: Date): Promise<PendingLink | null>;
  /** Records one side's confirmation; null when the link is gone (cancelled, expired, done). */
  confirmPending(id: string, side: 'owner' | 'claimer', at: Date): Promise<PendingLink | null>;
  /** True when this call removed it (of two concurrent final confirmations, one merges). */
  removePending(id: string): Promise<boolean>;
  /** Deletes the codes and pending links expired at `now`; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

/** "platform:externalId": one identity, as written in links and audit entries. */
export type IdentityKey = string;

export interface PendingLink {
  id: string;
  ownerId: string;
  ownerIdentity: IdentityKey;
  claimerId: string;
  claimerIdentity: IdentityKey;
  ownerConfirmedAt: Date | null;
  claimerConfirmedAt: Date | null;
  expiresAt: Date;
}

export interface MemberLink {
  at: Date;
  by: 'email' | 'code';
  identities: [IdentityKey, IdentityKey];
}

export interface MergeOptions {
  /**
   * Off by default: the merge is refused (BotError AUTH.ROLE_HOLDER), inside its transaction,
   * when either member holds a role. On only for a link the role holder confirmed.
   */
  allowRoleHolders?: boolean;
  /** The link to record for the member (shown by `me`). */
  link?: MemberLink;
}

/** A message the bot posted and may update later (an application sent to the secretariat). */
export interface PostedMessage {
  kind: string;
  subjectId: string;
  address: string;
  ref: string;
}

export interface PostedMessageRepository {
  record(message: PostedMessage, at: Date): Promise<void>;
  find(kind: string, subjectId: string): Promise<PostedMessage[]>;
}

export interface Repositories {
  members: MemberRepository;
  roles: RoleRepository;
  flows: FlowStateRepository;
  audit: AuditLog;
  coalition: CoalitionRepository;
  processedEvents: ProcessedEvents;
  jobLeases: JobLeases;
  meetings: MeetingRepository;
  reminders: ReminderDeliveries;
  sharedValues: SharedValues;
  applications: ApplicationRepository;
  memberships: MembershipRepository;
  linkCodes: LinkCodeRepository;
  postedMessages: PostedMessageRepository;
  pledges: PledgeRepository;
  pledgeClaims: PledgeClaimRepository;
}

export interface SendOptions {
  /**
   * Names this delivery (a reminder's id). Kept with the message where the platform allows
   * (Slack message metadata), so that findSent can recognise it after a crash.
   */
  deliveryKey?: string;
}

/** How the core reaches people and channels; adapters implement it per platform. */
export interface ChatPort {
  /** Sends to an opaque address; returns an opaque reference to update it later. */
  send(address: string, message: OutgoingMessage, options?: SendOptions): Promise<{ ref: string }>;
  update(address: string, ref: string, message: OutgoingMessage): Promise<void>;
  /**
   * Looks for a message sent to `address` with `deliveryKey` since `since`: its reference when
   * found, null when it is certainly not there, undefined when the platform cannot tell
   * (a resend may then repeat it). Optional: platforms without a history leave it out.
   */
  findSent?(address: string, deliveryKey: string, since: Date): Promise<{ ref: string } | null | undefined>;
}
