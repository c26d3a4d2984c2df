// What the dashboard reads and keeps: one-time sign-in links and sessions (by the hash of
// their token), and read-only figures. src/db implements both.
import type { UpcomingMeeting } from '../digest/digest';
import type { CompositionMembership } from '../membership/composition-gaps';
import type { PledgeSums } from '../pledges/totals';
import type { DashboardFilter } from './dashboard-filter';

export interface DashboardSession {
  memberId: string;
  lastSeenAt: Date;
}

export interface DashboardSessions {
  /** Stores a sign-in link; the member's older unused links stop working. */
  createLink(tokenHash: string, memberId: string, expiresAt: Date): Promise<void>;
  /** The member the link was for, once: the first use deletes it; null when unknown, used or expired. */
  consumeLink(tokenHash: string, now: Date): Promise<string | null>;
  createSession(tokenHash: string, memberId: string, now: Date): Promise<void>;
  session(tokenHash: string): Promise<DashboardSession | null>;
  touch(tokenHash: string, now: Date): Promise<void>;
  end(tokenHash: string): Promise<void>;
  /** Deletes expired links and sessions idle since before `idleBefore`. */
  prune(now: Date, idleBefore: Date): Promise<void>;
}

/** A pledge's figures for the charts (never who pledged). */
export interface DashboardPledge {
  id: number;
  focusArea: string;
  type: string;
  status: string;
  valueUsd: number | null;
  countries: string[];
  sdgs: number[];
  createdAt: Date;
}

export interface DashboardCheckIn {
  year: number;
  light: string | null;
  answered: boolean;
}

export interface DashboardApplication {
  id: string;
  groupKey: string;
  status: string;
  submittedAt: Date;
  decidedAt: Date | null;
}

export interface DashboardData {
  /** Pledges not withdrawn, in the filter, summed by the database (what `pledge totals` adds up). */
  pledgeSums(filter: DashboardFilter): Promise<PledgeSums>;
  /** Every pledge in the filter, withdrawn ones too. */
  pledges(filter: DashboardFilter): Promise<DashboardPledge[]>;
  /** USD of the pledges not withdrawn made before `start` in the focus areas (where the cumulative line starts). */
  pledgedUsdBefore(start: Date, focusAreas: readonly string[]): Promise<number>;
  /** Yearly check-ins asked in the filter's period, of pledges not withdrawn in its focus areas. */
  checkIns(filter: DashboardFilter): Promise<DashboardCheckIn[]>;
  memberships(groups: readonly string[]): Promise<CompositionMembership[]>;
  joins(groups: readonly string[]): Promise<{ groupKey: string; joinedAt: Date }[]>;
  applications(groups: readonly string[]): Promise<DashboardApplication[]>;
  /** Reminders claimed in the period for the groups' meetings, counted by status. */
  reminders(filter: DashboardFilter): Promise<Record<string, number>>;
  /** Members of the groups whom the bot can no longer reach on any platform. */
  unreachableMembers(groups: readonly string[]): Promise<number>;
  upcomingMeetings(groups: readonly string[], now: Date, days: number): Promise<UpcomingMeeting[]>;
}
