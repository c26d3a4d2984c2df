// Prometheus metrics (GET /metrics): inbound platform requests, ack latency, flows, reminders,
// digests, database errors, plus Node's default process metrics. One registry per app, so tests
// can run several. The layers below report through plain callbacks; only this file knows prom-client.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { TickResult } from './core/meetings/reminder-service';
import type { FlowOutcome } from './conversation/flow/flow-engine';
import type { DbErrorKind } from './db/db-errors';
import type { DigestOutcome } from './scheduler/digest';
import { bearerMatches } from './http/bearer';

/** What started a digest run: its DIGEST_CRON slot, or the catch-up at start. */
export type DigestTrigger = 'scheduled' | 'catch-up';
const DIGEST_OUTCOMES = ['sent', 'already', 'skipped', 'no-slot', 'failed'] as const;

/** The platform a request path belongs to; other paths (health, calendar, exports) are not inbound traffic. */
export function platformOf(path: string): string | null {
  if (path.startsWith('/slack/')) return 'slack';
  if (path === '/api/messages') return 'teams';
  if (path.startsWith('/local/')) return 'local';
  return null;
}

export function outcomeOf(status: number): string {
  return status < 400 ? 'ok' : status < 500 ? 'refused' : 'error';
}

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'coalition_inbound_requests_total', help: 'Inbound platform requests by platform and outcome (ok, refused, error)', labelNames: ['platform', 'outcome'], registers: [this.registry] });
  private readonly ack = new Histogram({ name: 'coalition_ack_seconds', help: 'Time to answer an inbound platform request', labelNames: ['platform'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10], registers: [this.registry] });
  private readonly reminders = new Counter({ name: 'coalition_reminders_total', help: 'Reminders by tick outcome: claimed, sent, failed, late, dropped', labelNames: ['outcome'], registers: [this.registry] });
  private readonly digests = new Counter({ name: 'coalition_digests_sent_total', help: 'Secretariat digests sent (scheduled or at the catch-up at start)', registers: [this.registry] });
  private readonly digestRuns = new Counter({ name: 'coalition_digest_runs_total', help: 'Digest runs by trigger (scheduled, catch-up) and outcome (sent, already, skipped, no-slot, failed)', labelNames: ['trigger', 'outcome'], registers: [this.registry] });
  private readonly flows = new Counter({ name: 'coalition_flows_total', help: 'Conversation flows by flow and outcome: started, completed, abandoned (cancelled, or replaced by a new start)', labelNames: ['flow', 'outcome'], registers: [this.registry] });
  private readonly databaseErrors = new Counter({ name: 'coalition_database_errors_total', help: 'Database errors met by the repositories, by kind: unavailable, conflict, other', labelNames: ['kind'], registers: [this.registry] });
  private readonly serverErrors = new Counter({ name: 'coalition_request_errors_total', help: 'Requests answered 5xx (the database unavailable, or an internal error)', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const outcome of ['claimed', 'sent', 'failed', 'late', 'dropped']) this.reminders.inc({ outcome }, 0);
    this.digests.inc(0);
    for (const trigger of ['scheduled', 'catch-up']) for (const outcome of DIGEST_OUTCOMES) this.digestRuns.inc({ trigger, outcome }, 0);
    for (const kind of ['unavailable', 'conflict', 'other']) this.databaseErrors.inc({ kind }, 0);
  }

  /** Starts the flow counters of these flows at zero, so a rate is defined before the first one. */
  knownFlows(ids: string[]): void {
    for (const flow of ids) for (const outcome of ['started', 'completed', 'abandoned']) this.flows.inc({ flow, outcome }, 0);
  }

  flow(flow: string, outcome: FlowOutcome): void {
    this.flows.inc({ flow, outcome });
  }

  databaseError(kind: DbErrorKind): void {
    this.databaseErrors.inc({ kind });
  }

  /** One reminder outcome, as the tick meets it. */
  reminder(outcome: keyof TickResult): void {
    this.reminders.inc({ outcome });
  }

  request(path: string, status: number, seconds: number): void {
    if (status >= 500) this.serverErrors.inc();
    const platform = platformOf(path);
    if (!platform) return;
    this.requests.inc({ platform, outcome: outcomeOf(status) });
    this.ack.observe({ platform }, seconds);
  }

  digest(outcome: DigestOutcome | 'failed', trigger: DigestTrigger = 'scheduled'): void {
    const status = outcome === 'failed' ? 'failed' : outcome.status;
    if (status === 'sent') this.digests.inc();
    this.digestRuns.inc({ trigger, outcome: status });
  }

  /**
   * GET /metrics; with a token, only for "Authorization: Bearer <token>". Without one it is
   * open only while no platform is configured (a bot reachable by Slack or Teams is reachable
   * by others too): `required` refuses every scrape with 403 and says which setting is missing.
   */
  route(token: string | undefined, required = false) {
    return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      if (!token && required) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('metrics are off: set METRICS_TOKEN to scrape them while Slack or Teams is configured\n');
        return;
      }
      if (token && !bearerMatches(req.headers.authorization, token)) {
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
        res.end('a bearer token is required\n');
        return;
      }
      const body = await this.registry.metrics();
      res.writeHead(200, { 'content-type': this.registry.contentType });
      res.end(body);
    };
  }
}
