// Before the ack (both modes): an Events API delivery's event_id is recorded through the inbound
// port, which dedupes every platform's deliveries. A duplicate is acked and dropped; while the
// database is unavailable Slack is asked to retry, except on its last retry (X-Slack-Retry-Num
// or retry_attempt 3), when the delivery is acked and the member asked to resend. Slash
// commands, buttons and modal submissions carry no event id: in HTTP mode the signed request
// itself is recorded, so a replayed copy (valid for Slack's 5 minutes) is acked and does
// nothing. (While the database is unavailable nothing can be recorded, and the listener meets
// the same outage and tells the member.)
import { isBotError } from '../../src/core/errors';
import type { InboundPort } from '../../src/conversation/inbound-port';
import type { Logger } from '../../src/logger';
import type { Admission } from './http-receiver';
import { actor, type SlackActor } from './inbound';

/** Slack retries a failed delivery 3 times (X-Slack-Retry-Num or retry_attempt 1, 2, 3), then gives up. */
const SLACK_LAST_RETRY = 3;

type Body = Record<string, unknown> & { type?: unknown; event_id?: unknown; command?: unknown; team_id?: unknown; event?: Record<string, unknown> };

export function admission(port: Pick<InboundPort, 'admit'>, log: Logger, askToResend: (who: SlackActor) => Promise<void>) {
  return async (raw: Record<string, unknown>, retryNum: number, replayKey?: string): Promise<Admission> => {
    const body = raw as Body;
    if (body.type !== 'event_callback' || typeof body.event_id !== 'string') {
      if (!replayKey) return { kind: 'process' };
      try {
        if (await port.admit('slack', replayKey)) return { kind: 'process' };
        log.warn({ type: typeof body.type === 'string' ? body.type : body.command ? 'slash_command' : 'unknown' }, 'a replayed Slack request was ignored');
        return { kind: 'skip' };
      } catch (error) {
        if (!isBotError(error, 'DB.UNAVAILABLE')) throw error;
        return { kind: 'process' };
      }
    }
    try {
      return (await port.admit('slack', `event:${body.event_id}`)) ? { kind: 'process' } : { kind: 'skip' };
    } catch (error) {
      if (!isBotError(error, 'DB.UNAVAILABLE')) throw error;
      if (retryNum < SLACK_LAST_RETRY) {
        log.warn({ eventId: body.event_id, retryNum }, 'database unavailable: Slack is asked to deliver the event again');
        return { kind: 'retry' };
      }
      log.warn({ eventId: body.event_id, retryNum }, 'database unavailable on Slack\'s last retry: the member is asked to send it again');
      const e = body.event ?? {};
      const typed = (e.type === 'message' && e.channel_type === 'im' && !e.subtype && !e.bot_id) || e.type === 'app_mention';
      const who = typed ? actor(body.team_id ?? e.team, e.user) : null;
      return { kind: 'skip', after: who ? () => askToResend(who) : undefined };
    }
  };
}
