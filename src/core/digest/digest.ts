// The secretariat's digest as figures: built from the data ports, the meetings and the
// flows left untouched. buildDigest is pure; collectDigest gathers its input.
import type { Coalition } from '../coalition/coalition';
import type { CountryRegistry } from '../countries/country-registry';
import type { Meeting, MeetingRepository, RsvpResponse } from '../meetings/meeting-ports';
import { occurrences } from '../meetings/recurrence';
import { parseLocal } from '../meetings/zoned-time';
import { compositionGaps, type CompositionGap, type CompositionMembership } from '../membership/composition-gaps';
import type { FlowState, FlowStateRepository } from '../ports';
import { sumPledges, totalsOf, type PledgeSums } from '../pledges/totals';
import type { DigestData, NewMembershipRow, PendingApplicationRow, PledgeFigures, PledgeStatusChange, UndeliveredReminder, UnansweredCheckIn } from './digest-ports';
import type { Period } from './period';

const DAY = 24 * 3600_000;

export interface UpcomingMeeting {
  meetingId: string;
  title: string;
  groupKey: string;
  at: Date;
  rsvps: Record<RsvpResponse, number>;
}

export interface DigestInput {
  period: Period;
  now: Date;
  pendingApplications: PendingApplicationRow[];
  newMemberships: NewMembershipRow[];
  memberships: CompositionMembership[];
  /** The period's pledges one by one, or already summed (what the database gives). */
  newPledges: PledgeFigures[] | PledgeSums;
  statusChanges: PledgeStatusChange[];
  upcoming: UpcomingMeeting[];
  undelivered: UndeliveredReminder[];
  abandonedFlows: Pick<FlowState, 'flow' | 'updatedAt'>[];
  unansweredCheckIns: UnansweredCheckIn[];
}

export interface Digest {
  period: Period;
  applications: { count: number; oldestDays: number; items: { id: string; groupKey: string; waitingDays: number }[] };
  newMembers: { count: number; byGroup: Record<string, number>; byCategory: Record<string, number> };
  pledges: {
    count: number;
    totalUsd: number;
    byFocusArea: Record<string, { count: number; usd: number }>;
    byType: Record<string, { count: number; usd: number }>;
    /** USD of the pledges naming at least one country of the group (or the group itself). */
    targeting: { ldc: number; lldc: number; sids: number };
  };
  statusChanges: PledgeStatusChange[];
  meetings: UpcomingMeeting[];
  undelivered: { failed: number; dropped: number };
  gaps: CompositionGap[];
  abandonedFlows: { count: number; byFlow: Record<string, number> };
  /** Yearly progress check-ins not answered, longest waiting first. */
  checkIns: { pledgeId: number; year: number; waitingDays: number }[];
}

function add(record: Record<string, number>, key: string, n = 1): void {
  record[key] = (record[key] ?? 0) + n;
}

/** The period's new pledges: the figures `pledge totals` gives, by the same function. */
function pledgeFigures(sums: PledgeSums, countries: CountryRegistry): Digest['pledges'] {
  const totals = totalsOf(sums, countries);
  return {
    count: totals.all.count,
    totalUsd: totals.all.usd,
    byFocusArea: totals.byFocusArea,
    byType: totals.byType,
    targeting: { ldc: totals.ldc.usd, lldc: totals.lldc.usd, sids: totals.sids.usd },
  };
}

export function buildDigest(input: DigestInput, coalition: Coalition, countries: CountryRegistry): Digest {
  const waiting = input.pendingApplications
    .map((a) => ({ id: a.id, groupKey: a.groupKey, waitingDays: Math.floor((input.now.getTime() - a.submittedAt.getTime()) / DAY) }))
    .sort((a, b) => b.waitingDays - a.waitingDays);

  const byGroup: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  for (const m of input.newMemberships) {
    add(byGroup, m.groupKey);
    add(byCategory, m.category ?? '');
  }

  const byFlow: Record<string, number> = {};
  for (const f of input.abandonedFlows) add(byFlow, f.flow);

  const groups = coalition.focusAreas.map((area) => ({ key: area.key, name: area.name }));
  const categories = coalition.stakeholderCategories.map((c) => ({ key: c.key, name: c.name }));

  return {
    period: input.period,
    applications: { count: waiting.length, oldestDays: waiting[0]?.waitingDays ?? 0, items: waiting },
    newMembers: { count: input.newMemberships.length, byGroup, byCategory },
    pledges: pledgeFigures(Array.isArray(input.newPledges) ? sumPledges(input.newPledges) : input.newPledges, countries),
    statusChanges: [...input.statusChanges].sort((a, b) => a.at.getTime() - b.at.getTime()),
    meetings: [...input.upcoming].sort((a, b) => a.at.getTime() - b.at.getTime()),
    undelivered: {
      failed: input.undelivered.filter((r) => r.status === 'failed').length,
      dropped: input.undelivered.filter((r) => r.status === 'dropped').length,
    },
    gaps: compositionGaps(groups, categories, input.memberships).gaps,
    abandonedFlows: { count: input.abandonedFlows.length, byFlow },
    checkIns: input.unansweredCheckIns
      .map((c) => ({ pledgeId: c.pledgeId, year: c.year, waitingDays: Math.floor((input.now.getTime() - c.askedAt.getTime()) / DAY) }))
      .sort((a, b) => b.waitingDays - a.waitingDays),
  };
}

/** Occurrences of scheduled meetings in [now, now + days) with their RSVP counts. */
export async function upcomingMeetings(meetings: MeetingRepository, now: Date, days: number): Promise<UpcomingMeeting[]> {
  const until = new Date(now.getTime() + days * DAY);
  const result: UpcomingMeeting[] = [];
  for (const meeting of await meetings.scheduled()) {
    const start = parseLocal(meeting.startLocal);
    if (!start) continue;
    for (const at of occurrences({ start, timeZone: meeting.timeZone, rrule: meeting.rrule }, now, until, 20)) {
      result.push({ meetingId: meeting.id, title: meeting.title, groupKey: meeting.group, at, rsvps: await rsvpCounts(meetings, meeting, at) });
    }
  }
  return result;
}

async function rsvpCounts(meetings: MeetingRepository, meeting: Meeting, at: Date): Promise<Record<RsvpResponse, number>> {
  const counts: Record<RsvpResponse, number> = { going: 0, maybe: 0, not_going: 0 };
  for (const r of await meetings.rsvps(meeting.id, at)) counts[r.response]++;
  return counts;
}

export interface DigestSources {
  data: DigestData;
  meetings: MeetingRepository;
  flows: FlowStateRepository;
  coalition: Coalition;
  countries: CountryRegistry;
}

/** Reads everything a digest needs for `period`, as seen at `now`, and builds it. */
export async function collectDigest(sources: DigestSources, period: Period, now: Date): Promise<Digest> {
  const { data } = sources;
  const abandonedAfter = sources.coalition.flows.abandonedAfterDays;
  const [pendingApplications, newMemberships, memberships, newPledges, statusChanges, undelivered, flows, upcoming, unansweredCheckIns] = await Promise.all([
    data.pendingApplications(),
    data.newMemberships(period),
    data.memberships(),
    data.newPledges(period),
    data.statusChanges(period),
    data.undeliveredReminders(period),
    sources.flows.untouchedSince(new Date(now.getTime() - abandonedAfter * DAY)),
    upcomingMeetings(sources.meetings, now, 14),
    data.unansweredCheckIns(),
  ]);
  return buildDigest(
    { period, now, pendingApplications, newMemberships, memberships, newPledges, statusChanges, upcoming, undelivered, abandonedFlows: flows, unansweredCheckIns },
    sources.coalition,
    sources.countries,
  );
}
