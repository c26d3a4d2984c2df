// What a pledge is and how the core reaches stored pledges.
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

export interface PledgeRepository {
  /** Stores the pledge and its "created" event; returns it with its number. */
  create(pledge: NewPledge, now: Date): Promise<Pledge>;
  get(id: number): Promise<Pledge | null>;
  ofMember(memberId: string): Promise<Pledge[]>;
  all(): Promise<Pledge[]>;
  /** Changes one field and records the old and new values as one event, atomically. */
  updateField<F extends PledgeField>(id: number, field: F, value: PledgeFields[F], actorId: string | null, now: Date): Promise<Pledge>;
  /** Changes the status and records it (with the reason) as one event, atomically. */
  setStatus(id: number, status: PledgeStatus, reason: string | null, actorId: string | null, now: Date): Promise<Pledge>;
  history(id: number): Promise<PledgeEvent[]>;
}
