// What the digest reads and records; src/db implements it with read-only queries.
import type { CompositionMembership } from '../membership/composition-gaps';
import type { PledgeSums } from '../pledges/totals';
import type { Period } from './period';

export interface PendingApplicationRow {
  id: string;
  groupKey: string;
  submittedAt: Date;
}

export interface NewMembershipRow {
  groupKey: string;
  /** The member's stakeholder category key, null when not known yet. */
  category: string | null;
  joinedAt: Date;
}

/** A pledge's figures only: the digest never names who pledged. */
export interface PledgeFigures {
  id: number;
  focusArea: string;
  type: string;
  valueUsd: number | null;
  /** ISO alpha-3 codes, "GLOBAL" or region keys. */
  countries: string[];
  createdAt: Date;
}

export interface PledgeStatusChange {
  pledgeId: number;
  at: Date;
  from: string | null;
  to: string | null;
}

export interface UndeliveredReminder {
  meetingId: string;
  occurrenceAt: Date;
  status: 'failed' | 'dropped';
}

/** A yearly progress check-in the bot asked and the pledge's owner has not answered. */
export interface UnansweredCheckIn {
  pledgeId: number;
  year: number;
  askedAt: Date;
}

export interface DigestData {
  pendingApplications(): Promise<PendingApplicationRow[]>;
  newMemberships(period: Period): Promise<NewMembershipRow[]>;
  /** Memberships counted by group and member category (for the composition gaps). */
  memberships(): Promise<CompositionMembership[]>;
  /** The period's pledges counted and summed by the database rather than read one by one. */
  newPledges(period: Period): Promise<PledgeSums>;
  statusChanges(period: Period): Promise<PledgeStatusChange[]>;
  /** Reminders that ended failed or dropped, claimed within the period. */
  undeliveredReminders(period: Period): Promise<UndeliveredReminder[]>;
  unansweredCheckIns(): Promise<UnansweredCheckIn[]>;
}

/** One row per digest period, claimed before sending: one digest per period across replicas. */
export interface DigestRuns {
  /** True for the one caller that claims `periodKey` first. */
  claim(periodKey: string, period: Period, now: Date, status?: 'claimed' | 'skipped'): Promise<boolean>;
  markSent(periodKey: string, now: Date): Promise<void>;
  /** Gives a claim up (nothing was sent: the digest could not be built), so a later run may take it. */
  release(periodKey: string): Promise<void>;
  /** True when any period was ever claimed (the bot has sent, or skipped, digests before). */
  any(): Promise<boolean>;
}
