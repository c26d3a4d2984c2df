// What a pledge is and how the core reaches stored pledges.
import type { PledgeSums } from './totals';
export const PLEDGE_STATUSES = ['announced', 'in_progress', 'completed', 'withdrawn'] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

export interface PledgeFields {
  focusArea: string;
  pillar: string | null;
  title: string;
  description: string;
  type: string;
  valueUsd: number | null;
  /** ISO alpha-3 codes, "GLOBAL" or region keys ("region:ldc"). */
  countries: string[];
  beneficiaries: string[];
  sdgs: number[];
  startYear: number;
  endYear: number;
}

export type PledgeField = keyof PledgeFields;

export interface Pledge extends PledgeFields {
  /** The pledge number. */
  id: number;
  memberId: string | null;
  entity: string | null;
  sector: string | null;
  status: PledgeStatus;
  nextCheckInAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PledgeEvent {
  id: string;
  pledgeId: number;
  at: Date;
  actorId: string | null;
  kind: 'created' | 'field' | 'status';
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
}

export interface NewPledge extends PledgeFields {
  memberId: string;
  entity: string | null;
  sector: string | null;
  nextCheckInAt: Date | null;
}

export const TRAFFIC_LIGHTS = ['on_track', 'at_risk', 'off_track'] as const;
export type TrafficLight = (typeof TRAFFIC_LIGHTS)[number];

/** One yearly progress check-in; `year` counts them (1 = the first after submission). */
export interface PledgeCheckIn {
  id: string;
  pledgeId: number;
  year: number;
  askedAt: Date;
  answeredAt: Date | null;
  light: TrafficLight | null;
  narrative: string | null;
  valueDelivered: number | null;
}

export interface CheckInAnswer {
  light: TrafficLight;
  narrative: string;
  valueDelivered: number | null;
}

export interface PledgeRepository {
  /** Stores the pledge and its "created" event; returns it with its number. */
  create(pledge: NewPledge, now: Date): Promise<Pledge>;
  get(id: number): Promise<Pledge | null>;
  ofMember(memberId: string): Promise<Pledge[]>;
  all(): Promise<Pledge[]>;
  /** The pledges that are not withdrawn, counted and summed by the database (for totals). */
  sums(): Promise<PledgeSums>;
  /** Changes one field and records the old and new values as one event, atomically. */
  updateField<F extends PledgeField>(id: number, field: F, value: PledgeFields[F], actorId: string | null, now: Date): Promise<Pledge>;
  /** Changes the status and records it (with the reason) as one event, atomically. */
  setStatus(id: number, status: PledgeStatus, reason: string | null, actorId: string | null, now: Date): Promise<Pledge>;
  history(id: number): Promise<PledgeEvent[]>;
  /** Active pledges (announced or in progress) whose check-in is due at `now`. */
  dueForCheckIn(now: Date): Promise<Pledge[]>;
  /**
   * Claims the due check-in: creates the next year's row and moves nextCheckInAt from `due`
   * to `next`, atomically; null when another tick already did (nextCheckInAt is no longer `due`).
   */
  openCheckIn(pledgeId: number, due: Date, next: Date, now: Date): Promise<PledgeCheckIn | null>;
  /** Unanswered check-ins asked at or before `before`, the latest of each active pledge only. */
  unansweredAskedBefore(before: Date): Promise<PledgeCheckIn[]>;
  /** Claims a re-ask: askedAt moves from `askedAt` to `now`; false when another tick did it. */
  reask(checkInId: string, askedAt: Date, now: Date): Promise<boolean>;
  /** The pledge's latest check-in still without an answer. */
  openCheckInOf(pledgeId: number): Promise<PledgeCheckIn | null>;
  answerCheckIn(checkInId: string, answer: CheckInAnswer, now: Date): Promise<PledgeCheckIn>;
  checkIns(pledgeId: number): Promise<PledgeCheckIn[]>;
}

export const CLAIM_STATUSES = ['pending', 'approved', 'declined'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** A member asking to own an imported pledge, which its entity's placeholder holds until then. */
export interface PledgeClaim {
  id: string;
  pledgeId: number;
  memberId: string;
  status: ClaimStatus;
  requestedAt: Date;
  decidedAt: Date | null;
  decidedById: string | null;
  reason: string | null;
}

export type ClaimRequest =
  | { kind: 'created'; claim: PledgeClaim }
  /** No such pledge, or one a member owns already (only a placeholder's pledge is claimable). */
  | { kind: 'not_claimable' }
  | { kind: 'already_pending'; claim: PledgeClaim };

export interface PledgeClaimRepository {
  /** Records a pending claim with its audit entry, in one transaction. */
  request(pledgeId: number, memberId: string, now: Date): Promise<ClaimRequest>;
  get(id: string): Promise<PledgeClaim | null>;
  /** Pledges the placeholder of this entity (name compared folded) still holds, by number; at most `limit`. */
  claimableOf(entity: string, limit: number): Promise<{ id: number; title: string }[]>;
  /** Pending claims, oldest first. */
  pending(): Promise<PledgeClaim[]>;
  /**
   * Decides a pending claim with its audit entry in one transaction; an approval makes the
   * claimer the pledge's owner (its first check-in due at `firstCheckInAt`) while a placeholder
   * still holds it, and declines the other pending claims on it. Null when the claim is not
   * pending any more (decided meanwhile) or the pledge has an owner already.
   */
  decide(id: string, decision: { status: 'approved' | 'declined'; byId: string; at: Date; reason: string | null; firstCheckInAt: Date }): Promise<PledgeClaim | null>;
}
