// Bolt's global middleware, run for every payload before its listener: who is this (the team
// and user every listener needs, checked), the limit on event turns running at once, and the
// one place a listener's failure is logged and told to the member.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { isBotError } from '../../src/core/errors';
import type { Logger } from '../../src/logger';
import { actor, type SlackActor } from './inbound';
import type { TurnLimit } from './turn-limit';

type GlobalMiddleware = Middleware<AnyMiddlewareArgs>;

/** The team and user of any payload Bolt passes on (event, slash command, action, view), checked. */
export function actorOf(body: unknown): SlackActor | null {
  const b = body as { type?: unknown; team_id?: unknown; user_id?: unknown; command?: unknown; event?: { team?: unknown; user?: unknown }; team?: { id?: unknown } | null; user?: { id?: unknown; team_id?: unknown } };
  if (b.type === 'event_callback') return actor(b.team_id ?? b.event?.team, b.event?.user);
  if (typeof b.command === 'string') return actor(b.team_id, b.user_id);
  return actor(b.team?.id ?? b.user?.team_id, b.user?.id);
}

/** The actor the middleware found, for listeners (they run only when there is one). */
export function whoOf(context: Record<string, unknown>): SlackActor {
  return context.who as SlackActor;
}

/** Payloads without a well-formed team and user are acknowledged and dropped; the others carry `context.who`. */
export function identifyActor(): GlobalMiddleware {
  return async (args) => {
    const who = actorOf(args.body);
    if (!who) {
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
      return;
    }
    args.context.who = who;
    await args.next();
  };
}

/**
 * Event turns (acked before they run) go through `turns`: a burst waits here instead of in the
 * database pool. Commands, buttons and modals are not queued: they must ack within 3 s.
 */
export function limitEventTurns(turns: TurnLimit): GlobalMiddleware {
  return async ({ body, next }) => {
    if ((body as { type?: unknown }).type === 'event_callback') await turns.run(() => next());
    else await next();
  };
}

/** A listener's failure after its ack: logged, and the member told in their DM; never thrown at Bolt. */
export function tellFailures(log: Logger, tell: (who: SlackActor, unavailable: boolean) => Promise<void>): GlobalMiddleware {
  return async ({ context, next }) => {
    try {
      await next();
    } catch (error) {
      await failed(log, tell, whoOf(context), error);
    }
  };
}

export async function failed(log: Logger, tell: (who: SlackActor, unavailable: boolean) => Promise<void>, who: SlackActor, error: unknown): Promise<void> {
  const unavailable = isBotError(error, 'DB.UNAVAILABLE');
  log[unavailable ? 'warn' : 'error']({ err: error instanceof Error ? error.message : String(error), code: isBotError(error) ? error.code : undefined }, 'Slack turn failed');
  await tell(who, unavailable);
}
