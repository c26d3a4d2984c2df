// The seams of the core: what it needs from storage and from the platforms.
// src/db implements the repositories, adapters implement ChatPort, main.ts wires them.
import type { OutgoingMessage, Platform } from './messages';
import type { Coalition } from './coalition/coalition';

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
  Pick<Member, 'name' | 'organization' | 'category' | 'country' | 'timeZone' | 'email' | 'locale' | 'profileCompletedAt' | 'preferredPlatform'>
>;

export interface IdentityInput {
  platform: Platform;
  externalId: string;
  address?: string | null;
  email?: string | null;
  emailVerified?: boolean;
  displayName?: string | null;
}

export interface MemberRepository {
  get(id: string): Promise<Member | null>;
  findByIdentity(platform: Platform, externalId: string): Promise<{ member: Member; identity: Identity } | null>;
  /**
   * Finds the member behind an identity or creates both; safe when two requests race
   * (the second gets the row the first created). Updates address, names, email and lastSeenAt.
   */
  upsertByIdentity(input: IdentityInput, now: Date, defaults: { locale: string; name?: string | null }): Promise<{ member: Member; identity: Identity; created: boolean }>;
  updateProfile(id: string, patch: ProfilePatch): Promise<Member>;
  identities(memberId: string): Promise<Identity[]>;
  list(): Promise<Member[]>;
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
  /** Idempotent. */
  grant(assignment: RoleAssignment): Promise<void>;
  /** True when something was removed. */
  revoke(memberId: string, role: RoleName, scope: string): Promise<boolean>;
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

/** Database-backed leases so that one replica runs each scheduled fire. */
export interface JobLeases {
  /** True when `owner` now holds `name` until `until` (free, expired, or already its own). */
  acquire(name: string, owner: string, now: Date, until: Date): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}

export interface Repositories {
  members: MemberRepository;
  roles: RoleRepository;
  flows: FlowStateRepository;
  audit: AuditLog;
  coalition: CoalitionRepository;
  processedEvents: ProcessedEvents;
  jobLeases: JobLeases;
}

/** How the core reaches people and channels; adapters implement it per platform. */
export interface ChatPort {
  /** Sends to an opaque address; returns an opaque reference to update it later. */
  send(address: string, message: OutgoingMessage): Promise<{ ref: string }>;
  update(address: string, ref: string, message: OutgoingMessage): Promise<void>;
}
