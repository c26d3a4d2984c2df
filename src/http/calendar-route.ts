// GET /calendar/<meeting id>/<member id>.ics?sig=… : a meeting's iCalendar file, for signed
// links only. A link names the member it was made for, and answers only while that member may
// still see the meeting (in its group, chairing it, or the secretariat): 410 Gone otherwise.
// Links of the earlier form (/calendar/<meeting id>.ics) named nobody and are gone too.
import type { Clock } from '../core/clock';
import { buildIcs } from '../core/meetings/ics';
import type { MeetingRepository } from '../core/meetings/meeting-ports';
import { parseLocal } from '../core/meetings/zoned-time';
import type { MembershipRepository, MemberRepository, RoleRepository } from '../core/ports';
import { HttpError, type Handler } from './server';
import type { LinkSigner } from './signed-links';

const UUID = '[0-9a-f-]{36}';

export interface CalendarRouteDeps {
  meetings: MeetingRepository;
  members: Pick<MemberRepository, 'get'>;
  memberships: Pick<MembershipRepository, 'ofMember'>;
  roles: Pick<RoleRepository, 'rolesOf'>;
  signer: () => LinkSigner;
  clock: Clock;
  organizer: { name: string; email: string };
}

export function calendarPath(meetingId: string, memberId: string): string {
  return `/calendar/${meetingId}/${encodeURIComponent(memberId)}.ics`;
}

export function calendarRoute(deps: CalendarRouteDeps): Handler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const current = new RegExp(`^/calendar/(${UUID})/([A-Za-z0-9._~%-]{1,200})\\.ics$`).exec(url.pathname);
    const legacy = new RegExp(`^/calendar/(${UUID})\\.ics$`).exec(url.pathname);
    if (!current && !legacy) throw new HttpError(404, 'no such calendar file');
    const verdict = deps.signer().check(url.pathname, url.searchParams, deps.clock.now());
    if (verdict !== 'ok') throw new HttpError(403, verdict === 'expired' ? 'this link has expired' : 'this link is not valid');
    if (!current) throw new HttpError(410, 'this calendar link is from an earlier version: ask the bot for the meeting again for a new link');
    const meeting = await deps.meetings.get(current[1]);
    const start = meeting && parseLocal(meeting.startLocal);
    if (!meeting || !start) throw new HttpError(404, 'no such meeting');
    const memberId = decodeURIComponent(current[2]);
    if (!(await maySee(deps, memberId, meeting.group))) throw new HttpError(410, 'this link was made for someone no longer in the meeting\'s group');
    const body = buildIcs(
      {
        uid: meeting.uid,
        sequence: meeting.sequence,
        title: meeting.title,
        start,
        timeZone: meeting.timeZone,
        durationMinutes: meeting.durationMinutes,
        rrule: meeting.rrule,
        joinUrl: meeting.joinUrl,
        agenda: meeting.agenda,
        cancelled: meeting.status === 'cancelled',
        organizer: deps.organizer,
        exceptions: meeting.exceptions,
      },
      deps.clock.now(),
    );
    res.writeHead(200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="meeting-${meeting.id.slice(0, 8)}.ics"`,
      'cache-control': 'no-store',
    });
    res.end(body);
  };
}

async function maySee(deps: CalendarRouteDeps, memberId: string, group: string): Promise<boolean> {
  if (!(await deps.members.get(memberId))) return false;
  const roles = await deps.roles.rolesOf(memberId);
  if (roles.some((r) => r.role === 'secretariat' || (r.role === 'chair' && r.scope === group))) return true;
  return (await deps.memberships.ofMember(memberId)).some((m) => m.groupKey === group);
}
