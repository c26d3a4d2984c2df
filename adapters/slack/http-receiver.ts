// Bolt's receiver for HTTP mode, mounted on the bot's own server at POST /slack/events
// (Events API, slash commands and interactivity on one URL). It verifies the signature
// (forged, missing or stale: 401, nothing else happens), answers url_verification and
// ssl_check, and hands everything else to Bolt, which acks before slow work is done.
// An Events API delivery is first admitted (event_id recorded): when the database cannot
// take it, Slack gets a 503 before any ack and redelivers later.
// The request stays in flight until the listeners finish, so a graceful stop waits for them.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, BufferedIncomingMessage, Receiver } from '@slack/bolt';
import { HTTPModuleFunctions, HTTPResponseAck } from './bolt';
import type { Logger as SlackLogger } from '@slack/bolt';
import { readBody, type HttpServer } from '../../src/http/server';

export const SLACK_EVENTS_PATH = '/slack/events';
const MAX_CLOCK_SKEW_SECONDS = 300;

/**
 * What to do with a verified request before it is acked: handle it, ask Slack to deliver it
 * again (503, no x-slack-no-retry), or ack it without handling (then run `after`).
 */
export type Admission = { kind: 'process' } | { kind: 'retry' } | { kind: 'skip'; after?: () => Promise<void> };
/**
 * `replayKey` (HTTP mode): names this exact signed request (its timestamp and signature), so a
 * copy of it sent again within Slack's 5-minute window is recognised.
 */
export type Admit = (body: Record<string, unknown>, retryNum: number, replayKey?: string) => Promise<Admission>;

/** One key per signed request: the signature covers the timestamp and the raw body. */
export function replayKey(timestamp: string, signature: string): string {
  return `request:${createHash('sha256').update(`${timestamp}:${signature.toLowerCase()}`).digest('base64url')}`;
}

export class SlackHttpReceiver implements Receiver {
  private app?: App;
  private started = false;

  constructor(private readonly options: { signingSecret: string; logger: SlackLogger; admit: Admit }) {}

  init(app: App): void {
    this.app = app;
  }

  register(server: HttpServer): void {
    server.route('POST', SLACK_EVENTS_PATH, (req, res) => this.handle(req, res));
  }

  /** Called by App.start() once the token is checked; until then Slack is asked to retry later. */
  async start(): Promise<void> {
    this.started = true;
  }

  async stop(): Promise<void> {
    this.started = false;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger } = this.options;
    // Our own reader enforces the server's body limit (413) before Bolt sees the body.
    (req as BufferedIncomingMessage).rawBody = await readBody(req);
    let buffered: BufferedIncomingMessage;
    try {
      // Bolt refuses stale timestamps; one from the future is refused here, as a replay could carry it.
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      if (timestamp > Date.now() / 1000 + MAX_CLOCK_SKEW_SECONDS) throw new Error('request timestamp is in the future');
      buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ enabled: true, signingSecret: this.options.signingSecret }, req);
    } catch (error) {
      logger.warn(`refused a Slack request: ${(error as Error).message}`);
      HTTPModuleFunctions.buildNoBodyResponse(res, 401);
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered) as Record<string, unknown>;
    } catch (error) {
      logger.warn(`malformed Slack request body: ${(error as Error).message}`);
      HTTPModuleFunctions.buildNoBodyResponse(res, 400);
      return;
    }
    if (body.ssl_check === '1') return HTTPModuleFunctions.buildSSLCheckResponse(res);
    if (body.type === 'url_verification') return HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
    if (!this.app || !this.started) return HTTPModuleFunctions.buildNoBodyResponse(res, 503);

    const retryNum = HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req);
    const key = replayKey(String(req.headers['x-slack-request-timestamp']), String(req.headers['x-slack-signature']));
    const admission = await this.options.admit(body, retryNum ?? 0, key);
    if (admission.kind === 'retry') return HTTPModuleFunctions.buildNoBodyResponse(res, 503);
    if (admission.kind === 'skip') {
      HTTPModuleFunctions.buildNoBodyResponse(res, 200);
      await admission.after?.().catch((error: unknown) => logger.error(`after a skipped Slack delivery: ${(error as Error).message}`));
      return;
    }

    // Set once this request is answered here, so Bolt's 3-second "not acknowledged" handler stays quiet.
    let answered = false;
    const ack = new HTTPResponseAck({
      logger,
      processBeforeResponse: false,
      unhandledRequestTimeoutMillis: 3001,
      unhandledRequestHandler: (args) => {
        if (!answered) HTTPModuleFunctions.defaultUnhandledRequestHandler(args);
      },
      httpRequest: buffered,
      httpRequestBody: body,
      httpResponse: res,
    });
    try {
      await this.app.processEvent({
        body,
        ack: ack.bind(),
        retryNum,
        retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
      });
      if (!res.headersSent) {
        // Nothing acked it: a payload of no type Bolt knows, or one no listener takes (a
        // slash command of another app). Refused now rather than after Bolt's 3 seconds.
        answered = true;
        logger.warn('a signed Slack request no listener handles: refused with 400');
        HTTPModuleFunctions.buildNoBodyResponse(res, 400);
      }
    } catch (error) {
      answered = true;
      logger.error(`a Slack listener failed: ${(error as Error).message}`);
      if (!res.headersSent) {
        // Tells Slack not to retry: the failure was ours and a retry would repeat it.
        res.setHeader('x-slack-no-retry', '1');
        HTTPModuleFunctions.buildNoBodyResponse(res, 500);
      }
    }
  }
}
