// GET /calendar/<meeting id>.ics?sig=… : a meeting's iCalendar file, for signed links only.
import { buildIcs } from '../core/meetings/ics';
import type { MeetingRepository } from '../core/meetings/meeting-ports';
import { parseLocal } from '../core/meetings/zoned-time';
import type { Clock } from '../core/clock';
import { HttpError, type Handler } from './server';
import type { LinkSigner } from './signed-links';

export function calendarRoute(deps: { meetings: MeetingRepository; signer: () => LinkSigner; clock: Clock; organizer: string }): Handler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = /^\/calendar\/([0-9a-f-]{36})\.ics$/.exec(url.pathname);
    if (!match) throw new HttpError(404, 'no such calendar file');
    const verdict = deps.signer().check(url.pathname, url.searchParams, deps.clock.now());
    if (verdict !== 'ok') throw new HttpError(403, verdict === 'expired' ? 'this link has expired' : 'this link is not valid');
    const meeting = await deps.meetings.get(match[1]);
    const start = meeting && parseLocal(meeting.startLocal);
    if (!meeting || !start) throw new HttpError(404, 'no such meeting');
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
