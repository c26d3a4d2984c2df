// Prometheus metrics (GET /metrics): inbound platform requests, ack latency, reminder ticks,
// digests, plus Node's default process metrics. One registry per app, so tests can run several.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { TickResult } from './core/meetings/reminder-service';
import type { DigestOutcome } from './scheduler/digest';

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
  private readonly digests = new Counter({ name: 'coalition_digests_sent_total', help: 'Secretariat digests sent', registers: [this.registry] });
  private readonly serverErrors = new Counter({ name: 'coalition_request_errors_total', help: 'Requests answered 5xx (the database unavailable, or an internal error)', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const outcome of ['claimed', 'sent', 'failed', 'late', 'dropped']) this.reminders.inc({ outcome }, 0);
    this.digests.inc(0);
  }

  request(path: string, status: number, seconds: number): void {
    if (status >= 500) this.serverErrors.inc();
    const platform = platformOf(path);
    if (!platform) return;
    this.requests.inc({ platform, outcome: outcomeOf(status) });
    this.ack.observe({ platform }, seconds);
  }

  reminderTick(result: TickResult): void {
    for (const [outcome, count] of Object.entries(result)) this.reminders.inc({ outcome }, count);
  }

  digest(outcome: DigestOutcome): void {
    if (outcome.status === 'sent') this.digests.inc();
  }

  /** GET /metrics; with a token, only for "Authorization: Bearer <token>". */
  route(token: string | undefined) {
    return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
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

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
