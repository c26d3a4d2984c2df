// Storage the meetings capability needs; src/db implements it.
import type { AuditEntry } from '../ports';
import type { OccurrenceException } from './recurrence';
import type { ReminderPreferences } from './reminder-policy';

export interface Meeting {
  id: string;
  /** Working group key. */
  group: string;
  uid: string;
  title: string;
  /** "YYYY-MM-DDTHH:mm", wall-clock time in timeZone. */
  startLocal: string;
  timeZone: string;
  /** UTC instant of the first occurrence. */
  firstStartAt: Date;
  durationMinutes: number;
  joinUrl: string | null;
  agenda: string | null;
  rrule: string | null;
  status: 'scheduled' | 'cancelled';
  sequence: number;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Occurrences of the series moved or cancelled alone. */
  exceptions: OccurrenceException[];
}

export type NewMeeting = Omit<Meeting, 'id' | 'uid' | 'status' | 'sequence' | 'createdAt' | 'updatedAt' | 'exceptions'>;

export interface MeetingRepository {
  /** The audit entry (when given; its subject is the new meeting's id) is written in the same transaction. */
  create(meeting: NewMeeting, now: Date, audit?: Omit<AuditEntry, 'subject'>): Promise<Meeting>;
  get(id: string): Promise<Meeting | null>;
  /**
   * Changes a meeting; the iCalendar sequence grows with every change. A new start or rule
   * drops the occurrence exceptions (they named occurrences of the old series). The audit
   * entry (when given) is written in the same transaction.
   */
  update(
    id: string,
    patch: Partial<Pick<Meeting, 'title' | 'startLocal' | 'timeZone' | 'firstStartAt' | 'durationMinutes' | 'joinUrl' | 'agenda' | 'rrule' | 'status'>>,
    now: Date,
    audit?: AuditEntry,
  ): Promise<Meeting>;
  /**
   * Moves (startLocal) or cancels one occurrence of a series, named by its original start; the
   * sequence grows as for any change. Audited in the same transaction.
   */
  setException(id: string, exception: OccurrenceException, now: Date, audit?: AuditEntry): Promise<Meeting>;
  /** Meetings still scheduled, optionally of some groups only. */
  scheduled(groups?: string[]): Promise<Meeting[]>;
  /** Stores (or changes) a member's answer for one occurrence. */
  rsvp(answer: Omit<Rsvp, 'updatedAt'>, now: Date): Promise<void>;
  rsvps(meetingId: string, occurrenceAt?: Date): Promise<Rsvp[]>;
}

export type RsvpResponse = 'going' | 'not_going' | 'maybe';

export interface Rsvp {
  meetingId: string;
  occurrenceAt: Date;
  memberId: string;
  response: RsvpResponse;
  updatedAt: Date;
}

/** Who gets a group's reminders, with their preferences. */
export interface ReminderRecipient {
  memberId: string;
  preferences: ReminderPreferences;
}

export interface ReminderKey {
  meetingId: string;
  occurrenceAt: Date;
  memberId: string;
  offsetMinutes: number;
}

export interface ReminderDelivery extends ReminderKey {
  id: string;
  status: 'claimed' | 'sent' | 'failed' | 'dropped';
  attempts: number;
  leaseUntil: Date | null;
  platform: string | null;
  lastError: string | null;
  claimedAt: Date;
  sentAt: Date | null;
}

export interface ReminderDeliveries {
  recipients(group: string): Promise<ReminderRecipient[]>;
  /**
   * Claims one reminder for sending until `leaseUntil`: a new row, or a claimed row whose
   * lease expired (its sender died before sending). Null when it is sent, failed for good,
   * or another sender holds a live lease: a reminder is never sent twice.
   */
  claim(key: ReminderKey, leaseUntil: Date, now: Date): Promise<ReminderDelivery | null>;
  /**
   * Extends the leases of claims this sender still holds (same row, same attempt: a claim taken
   * over by another sender is not extended). Returns how many were extended.
   */
  renew(claims: readonly { id: string; attempts: number }[], leaseUntil: Date): Promise<number>;
  /** Keys of one occurrence nobody may claim at `now`: settled (sent, failed, dropped) or under a live lease. */
  unclaimable(meetingId: string, occurrenceAt: Date, now: Date): Promise<{ memberId: string; offsetMinutes: number }[]>;
  markSent(id: string, platform: string, now: Date): Promise<void>;
  /** Keeps the row claimed (retried after the lease) unless `final`. */
  markFailed(id: string, error: string, final: boolean, now: Date): Promise<void>;
  list(filter: { status?: ReminderDelivery['status']; since?: Date }): Promise<ReminderDelivery[]>;
  /** A failed reminder made claimable again (by the next tick, while still due); false when `id` names no failed reminder. */
  requeue(id: string, now: Date): Promise<boolean>;
  /**
   * Records that a member got no reminder at all for an occurrence that has begun (the bot was
   * down): true the first time, false when any reminder row for it exists already.
   */
  recordDropped(key: ReminderKey, now: Date): Promise<boolean>;
}
