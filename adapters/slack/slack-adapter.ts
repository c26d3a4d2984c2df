// The Slack adapter: a Bolt App whose receiver, middleware and listeners turn every Slack
// surface (DMs, mentions, the slash command, buttons and selects, modals, App Home) into turns
// of the inbound port, and whose replies go back as Block Kit. HTTP mode mounts on the bot's
// server at POST /slack/events; with an app-level token it runs over Socket Mode instead.
// The parts, along Bolt's own seams:
// - admission.ts: before the ack, an Events API delivery's event_id is recorded (dedupe through
//   the port); while the database is unavailable it is not acked (HTTP: 503; Socket Mode: the
//   envelope is left unacked) and Slack redelivers; on its last retry the member is asked to
//   send the message again. Interactivity cannot be redelivered and keeps ack-first;
// - middleware.ts: who is this, the limit on event turns at once, failures told to the member;
// - listeners.ts: one per surface, translating only; turns.ts: where replies go;
// - home.ts: the App Home tab; modal.ts: forms as modals.
import type { Receiver, webApi } from '@slack/bolt';
import { App, WebClient } from './bolt';
import type { Coalition } from '../../src/core/coalition/coalition';
import { translator, type Translate } from '../../src/conversation/catalog/catalog';
import type { InboundPort } from '../../src/conversation/inbound-port';
import type { HttpServer } from '../../src/http/server';
import type { Logger } from '../../src/logger';
import { parseSlackAddress, slackAddress } from './address';
import { admission } from './admission';
import { boltLogger } from './bolt-logger';
import { ReaderLanguages } from '../../src/conversation/inbound-port';
import { HomeTab } from './home';
import { SlackHttpReceiver } from './http-receiver';
import { listen } from './listeners';
import { identifyActor, limitEventTurns, tellFailures } from './middleware';
import { Modals } from './modal';
import { SlackChatPort } from './outbound';
import { missingScopes } from './requirements';
import { SlackSocketReceiver } from './socket-receiver';
import { TurnLimit } from './turn-limit';
import { SlackTurns } from './turns';
import { UserDirectory } from './user-directory';
import { webApiFetch } from './web-fetch';

export interface SlackAdapterOptions {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  port: InboundPort;
  coalition: Coalition;
  log: Logger;
}

/** Event turns running at once; well above the database pool (10), far below what a burst brings. */
const MAX_CONCURRENT_TURNS = 32;

export class SlackAdapter {
  readonly app: App;
  readonly chat: SlackChatPort;
  readonly mode: 'http' | 'socket';
  private readonly httpReceiver?: SlackHttpReceiver;
  private readonly t: Translate;
  private readonly log: Logger;
  private readonly clientOptions: { slackApiUrl?: string; retryConfig?: webApi.RetryOptions; fetch: webApi.FetchFunction };
  private teamId?: string;

  constructor(private readonly options: SlackAdapterOptions) {
    this.log = options.log.child({ component: 'slack' });
    const logger = boltLogger(options.log);
    const slackApiUrl = options.apiUrl ? options.apiUrl.replace(/\/*$/, '/') : undefined;
    // Rate limits and errors are retried (429: after Retry-After), six times at most; a reminder's
    // claim (a 60 s lease) is renewed while its send is retried, so a slow send is not taken over.
    const retryConfig = { retries: 6, factor: 2, minTimeout: 1_000, maxTimeout: 30_000, randomize: true };
    const clientOptions = { ...(slackApiUrl ? { slackApiUrl } : {}), retryConfig, fetch: webApiFetch };
    this.clientOptions = clientOptions;
    this.t = translator(options.coalition.defaultLocale);
    const admit = admission(options.port, this.log, (who) => turns.tell(who, 'slack.send_again'));
    let receiver: Receiver;
    if (options.appToken) {
      this.mode = 'socket';
      receiver = new SlackSocketReceiver({ appToken: options.appToken, logger, clientOptions, admit });
    } else {
      if (!options.signingSecret) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET');
      this.mode = 'http';
      this.httpReceiver = new SlackHttpReceiver({ signingSecret: options.signingSecret, logger, admit });
      receiver = this.httpReceiver;
    }
    // Deferred: Bolt would otherwise check the token in the constructor, where a refusal has no caller.
    this.app = new App({ token: options.botToken, receiver, logger, clientOptions, convoStore: false, ignoreSelf: true, deferInitialization: true });
    this.chat = new SlackChatPort(this.app.client, this.t);
    const users = new UserDirectory(this.app.client, this.log);
    const { port, coalition } = options;
    const t = this.t;
    // The adapter's own words (App Home, modals, "send again") in each member's language.
    const languages = new ReaderLanguages(coalition.defaultLocale);
    const home = new HomeTab({ client: this.app.client, port, users, coalition, languages, log: this.log });
    const turns = new SlackTurns({ port, chat: this.chat, users, home, languages });
    const modals = new Modals({ client: this.app.client, port, users, turns, home, coalition, languages });

    this.app.use(identifyActor());
    this.app.use(tellFailures(this.log, (who, unavailable) => turns.tell(who, unavailable ? 'error.temporarily_unavailable' : 'error.internal')));
    this.app.use(limitEventTurns(new TurnLimit(MAX_CONCURRENT_TURNS)));
    listen(this.app, { client: this.app.client, coalition, chat: this.chat, turns, home, modals, t });
    this.app.error(async (error) => {
      this.log.error({ err: error.message }, 'Slack listener error');
    });
  }

  /** Mounts POST /slack/events (HTTP mode). */
  register(server: HttpServer): void {
    this.httpReceiver?.register(server);
  }

  /**
   * The address of a channel of this workspace, from its id (C0123ABCD) or a full
   * "slack:" address; known once start() has read the workspace from auth.test.
   */
  channelAddress(channel: string): string {
    if (channel.startsWith('slack:')) {
      parseSlackAddress(channel); // throws on a malformed address
      return channel;
    }
    if (!this.teamId) throw new Error('the Slack workspace is not known before start()');
    return slackAddress(this.teamId, channel);
  }

  /** Checks the token (auth.test), then connects the socket in Socket Mode. */
  async start(): Promise<void> {
    // Its own client with few retries: a wrong URL or token stops the start in seconds, not after 30 minutes.
    const check = new WebClient(this.options.botToken, { ...this.clientOptions, logger: boltLogger(this.options.log), retryConfig: { retries: 2, factor: 1, minTimeout: 500, maxTimeout: 1000 } });
    let auth: webApi.AuthTestResponse;
    try {
      auth = await check.auth.test();
    } catch (error) {
      const reason = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
      throw new Error(`Slack refused or could not be reached with SLACK_BOT_TOKEN (auth.test: ${reason})`, { cause: error });
    }
    this.log.info({ team: auth.team_id, botUser: auth.user_id, mode: this.mode }, 'Slack on');
    this.teamId = auth.team_id;
    const missing = missingScopes(auth.response_metadata?.scopes);
    if (missing.length) this.log.warn({ missing }, 'the Slack token lacks scopes the bot uses: reinstall the app from manifests/slack/manifest.yaml');
    await this.app.init();
    await this.app.start();
  }

  async stop(): Promise<void> {
    await this.app.stop();
  }
}
