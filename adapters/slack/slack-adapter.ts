// The Slack adapter: a Bolt App whose listeners turn every Slack surface (DMs, mentions,
// the slash command, buttons and selects, modals, App Home) into calls of the Bot, and
// whose replies go back as Block Kit. HTTP mode mounts on the bot's server at
// POST /slack/events; with an app-level token it runs over Socket Mode instead.
// Every listener acks first; slow work (database, Web API) happens after the ack. An Events
// API delivery is recorded (event_id) before the ack: while the database is unavailable it
// is not acked (HTTP: 503; Socket Mode: the envelope is left unacked) and Slack redelivers;
// on its last retry the member is asked to send the message again. Interactivity cannot be
// redelivered and keeps ack-first.
import { App, webApi, type Receiver, type RespondFn } from '@slack/bolt';
import type { Clock } from '../../src/core/clock';
import type { Coalition } from '../../src/core/coalition/coalition';
import { isBotError } from '../../src/core/errors';
import type { IncomingMessage, OutgoingMessage } from '../../src/core/messages';
import type { ProcessedEvents } from '../../src/core/ports';
import type { Bot } from '../../src/conversation/bot';
import { translator, type Translate } from '../../src/conversation/catalog/catalog';
import type { HttpServer } from '../../src/http/server';
import type { Logger } from '../../src/logger';
import { parseSlackAddress, slackAddress } from './address';
import { boltLogger } from './bolt-logger';
import { homeView } from './home';
import { SlackHttpReceiver, type Admission } from './http-receiver';
import { SlackSocketReceiver } from './socket-receiver';
import { actor, incoming, typedText, type SlackActor } from './inbound';
import { FORM_CALLBACK, formMetadata, formView, loadingView, submittedValues } from './modal';
import { SlackChatPort } from './outbound';
import { clipTo, escapeMrkdwn } from './mrkdwn';
import { missingScopes } from './requirements';
import { ACTION, decidedBlocks, renderReplies, type Block } from './render';
import { TurnLimit } from './turn-limit';
import { UserDirectory } from './user-directory';

export interface SlackAdapterOptions {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  bot: Bot;
  coalition: Coalition;
  processedEvents: ProcessedEvents;
  clock: Clock;
  log: Logger;
}

/** Slack retries a failed delivery 3 times (X-Slack-Retry-Num or retry_attempt 1, 2, 3), then gives up. */
const SLACK_LAST_RETRY = 3;
/** Slack takes up to 5 messages through one response_url (within 30 minutes). */
const RESPONSE_URL_MESSAGES = 5;
/** Event turns running at once; well above the database pool (10), far below what a burst brings. */
const MAX_CONCURRENT_TURNS = 32;

/** Where a turn came from, which decides where its replies go. */
type Origin = { kind: 'dm'; channel: string } | { kind: 'channel'; channel: string; respond?: RespondFn };

// Bolt's listener payloads are wide unions; the fields read here are checked where used.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class SlackAdapter {
  readonly app: App;
  readonly chat: SlackChatPort;
  readonly mode: 'http' | 'socket';
  private readonly httpReceiver?: SlackHttpReceiver;
  private readonly users: UserDirectory;
  private readonly t: Translate;
  private readonly log: Logger;
  private readonly clientOptions: { slackApiUrl?: string; retryConfig?: webApi.RetryOptions };
  private readonly turns = new TurnLimit(MAX_CONCURRENT_TURNS);

  constructor(private readonly options: SlackAdapterOptions) {
    this.log = options.log.child({ component: 'slack' });
    const logger = boltLogger(options.log);
    const slackApiUrl = options.apiUrl ? options.apiUrl.replace(/\/*$/, '/') : undefined;
    // Rate limits and errors are retried (429: after Retry-After), six times at most; a reminder's
    // claim (a 60 s lease) is renewed while its send is retried, so a slow send is not taken over.
    const retryConfig = { retries: 6, factor: 2, minTimeout: 1_000, maxTimeout: 30_000, randomize: true };
    const clientOptions = { ...(slackApiUrl ? { slackApiUrl } : {}), retryConfig };
    this.clientOptions = clientOptions;
    let receiver: Receiver;
    if (options.appToken) {
      this.mode = 'socket';
      receiver = new SlackSocketReceiver({ appToken: options.appToken, logger, clientOptions, admit: (body, retryNum, key) => this.admit(body, retryNum, key) });
    } else {
      if (!options.signingSecret) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET');
      this.mode = 'http';
      this.httpReceiver = new SlackHttpReceiver({ signingSecret: options.signingSecret, logger, admit: (body, retryNum, key) => this.admit(body, retryNum, key) });
      receiver = this.httpReceiver;
    }
    // Deferred: Bolt would otherwise check the token in the constructor, where a refusal has no caller.
    this.app = new App({ token: options.botToken, receiver, logger, clientOptions, convoStore: false, ignoreSelf: true, deferInitialization: true });
    this.t = translator(options.coalition.defaultLocale);
    this.chat = new SlackChatPort(this.app.client, this.t);
    this.users = new UserDirectory(this.app.client, this.log);
    this.listen();
  }

  /** Mounts POST /slack/events (HTTP mode). */
  register(server: HttpServer): void {
    this.httpReceiver?.register(server);
  }

  private teamId?: string;

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
    const check = new webApi.WebClient(this.options.botToken, { ...this.clientOptions, logger: boltLogger(this.options.log), retryConfig: { retries: 2, factor: 1, minTimeout: 500, maxTimeout: 1000 } });
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

  private listen(): void {
    const { app, options } = this;

    // Events reach these once admit() has recorded their event_id (a redelivery never does);
    // Bolt has acked them, and their turns go through `turns`.
    app.event('message', async ({ event, body }) => {
      const e = event as Loose;
      // Only what a person typed in their DM with the bot; edits, joins and bots' posts are not commands.
      if (e.channel_type !== 'im' || e.subtype || e.bot_id) return;
      const who = actor((body as Loose).team_id ?? e.team, e.user);
      if (!who) return;
      await this.turns.run(async () => {
        await this.turn(who, { kind: 'dm', channel: e.channel }, (msg) => this.options.bot.handle(msg), { text: typedText(e.text) });
      });
    });

    app.event('app_mention', async ({ event, body }) => {
      const e = event as Loose;
      const who = actor((body as Loose).team_id ?? e.team, e.user);
      if (!who) return;
      await this.turns.run(async () => {
        const origin: Origin = e.channel?.startsWith('D') ? { kind: 'dm', channel: e.channel } : { kind: 'channel', channel: e.channel };
        await this.turn(who, origin, (msg) => this.options.bot.handle(msg), { text: typedText(e.text) });
      });
    });

    app.event('app_home_opened', async ({ event, body }) => {
      const e = event as Loose;
      const who = actor((body as Loose).team_id ?? e.team, e.user);
      if (e.tab !== 'home' || !who) return;
      await this.turns.run(async () => {
        await this.guard(who, () => this.publishHome(who));
      });
    });

    app.command(options.coalition.slashCommand, async ({ command, ack, respond }) => {
      await ack();
      const who = actor(command.team_id, command.user_id);
      if (!who) return;
      const text = typedText(command.text);
      const asForm = /^(\S+)\s+form$/i.exec(text);
      if (asForm && options.bot.flows.hasForm(asForm[1].toLowerCase())) return this.openForm(who, command.trigger_id, asForm[1].toLowerCase());
      // Typed in the member's DM with the bot: answered there; anywhere else, see answer().
      const inDm = command.channel_id.startsWith('D') && (await this.guard(who, () => this.chat.dmChannel(who.user))) === command.channel_id;
      const origin: Origin = inDm ? { kind: 'dm', channel: command.channel_id } : { kind: 'channel', channel: command.channel_id, respond };
      // The slash command alone lists the commands.
      await this.turn(who, origin, (msg) => options.bot.handle(msg), { text: text === '' ? 'help' : text });
    });

    // open_form (a message's form button) or open_form:<flow> (the App Home's, unique in its block).
    app.action({ action_id: new RegExp(`^${ACTION.openForm}(:|$)`) }, async ({ ack, body, action }) => {
      await ack();
      const b = body as Loose;
      const who = actor(b.team?.id ?? b.user?.team_id, b.user?.id);
      if (who) await this.openForm(who, b.trigger_id, String((action as Loose).value ?? ''));
    });

    app.action({ action_id: new RegExp(`^${ACTION.homeCommand}:`) }, async ({ ack, body, action }) => {
      await ack();
      const b = body as Loose;
      const who = actor(b.team?.id ?? b.user?.team_id, b.user?.id);
      if (!who || !(await this.guard(who, () => this.firstAction(who, action as Loose)))) return;
      const dm = await this.guard(who, () => this.chat.dmChannel(who.user));
      if (dm) await this.turn(who, { kind: 'dm', channel: dm }, (msg) => options.bot.command(msg, String((action as Loose).value ?? '')), {});
    });

    app.action({ action_id: new RegExp(`^${ACTION.choice}:`) }, async ({ ack, body, action, respond }) => {
      await ack();
      const b = body as Loose;
      const a = action as Loose;
      const who = actor(b.team?.id ?? b.user?.team_id, b.user?.id);
      if (!who || !(await this.guard(who, () => this.firstAction(who, a)))) return;
      const chosen = chosenValues(a);
      if (chosen === null) return;
      const channel: string | undefined = b.container?.channel_id ?? b.channel?.id;
      const ephemeral = b.container?.is_ephemeral === true;
      const origin: Origin = channel?.startsWith('D') && !ephemeral ? { kind: 'dm', channel } : { kind: 'channel', channel: channel ?? '', respond };
      const replies = await this.turn(who, origin, (msg) => options.bot.handle(msg), { action: chosen.values });
      // The decision shows in place and its buttons go, unless the answer was refused.
      if (replies && replies[0]?.tone !== 'error' && channel && b.message?.ts && !ephemeral) {
        await this.guard(who, async () => {
          await app.client.chat.update({ channel, ts: b.message.ts, text: b.message.text ?? '', blocks: decidedBlocks((b.message.blocks ?? []) as Block[], who.user, chosen.labels, this.t) as never });
        });
      }
    });

    app.view(FORM_CALLBACK, async ({ ack, body, view }) => {
      const who = actor(body.team?.id ?? body.user.team_id, body.user.id);
      const metadata = formMetadata(view.private_metadata);
      if (!who || !metadata) return ack();
      const values = submittedValues(view.state as never);
      // Checked before the ack: a refused field is shown in the modal, next to the field.
      let result;
      try {
        // No Slack call here (a rate-limited one could outlast the ack): what is absent is kept as stored.
        result = await options.bot.checkForm({ ...incoming(who, this.users.cached(who.user), {}), form: { id: metadata.form, values } });
      } catch (error) {
        await ack();
        await this.failed(who, error);
        return;
      }
      if (!result.ok) return ack({ response_action: 'errors', errors: result.errors });
      await ack();
      // Completed after the ack: it may notify others (the secretariat) through Slack.
      const { complete } = result;
      await this.guard(who, async () => {
        const replies = await complete();
        const dm = await this.chat.dmChannel(who.user);
        for (const reply of replies) await this.chat.post(dm, reply);
        await this.refreshHome(who, replies);
      });
    });

    app.error(async (error) => {
      this.log.error({ err: error.message }, 'Slack listener error');
    });
  }

  /** Identifies the member, runs the turn and answers where it belongs. */
  private async turn(who: SlackActor, origin: Origin, run: (msg: IncomingMessage) => Promise<OutgoingMessage[]>, input: Pick<IncomingMessage, 'text' | 'action' | 'form'>): Promise<OutgoingMessage[] | undefined> {
    return this.guard(who, async () => {
      const profile = await this.users.lookup(who.user);
      const message = incoming(who, profile, input);
      const replies = await run(message);
      await this.answer(who, origin, message, replies);
      await this.refreshHome(who, replies);
      return replies;
    });
  }

  /** The member's App Home tab, built from what is stored now. */
  private async publishHome(who: SlackActor): Promise<void> {
    const profile = await this.users.lookup(who.user);
    const view = await homeView(this.options.bot, this.options.coalition, incoming(who, profile, {}), profile.displayName, this.t);
    await this.app.client.views.publish({ user_id: who.user, view: view as never });
  }

  /**
   * After a turn that changed something of the member's (a reply in the success tone: profile,
   * groups, meetings, pledges), the Home tab is published again so it never shows stale data.
   * Best effort: the member already has the answer.
   */
  private async refreshHome(who: SlackActor, replies: OutgoingMessage[]): Promise<void> {
    if (!replies.some((r) => r.tone === 'success')) return;
    try {
      await this.publishHome(who);
    } catch (error) {
      this.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'App Home not refreshed');
    }
  }

  /**
   * In the DM: every reply as a message. Elsewhere: a flow continues in the DM (with a
   * pointer where the member asked); a one-off answer is shown only to the member.
   */
  private async answer(who: SlackActor, origin: Origin, message: IncomingMessage, replies: OutgoingMessage[]): Promise<void> {
    if (replies.length === 0) return;
    if (origin.kind === 'dm') {
      for (const reply of replies) await this.chat.post(origin.channel, reply);
      return;
    }
    if (await this.options.bot.activeFlow(message)) {
      const dm = await this.chat.dmChannel(who.user);
      for (const reply of replies) await this.chat.post(dm, reply);
      await this.ephemeral(who, origin, [{ text: this.t('slack.continue_in_dm') }]);
      return;
    }
    await this.ephemeral(who, origin, replies);
  }

  /**
   * Only the member sees it: the replies joined into as few messages as Slack takes (block ids
   * kept unique). A response_url takes 5 messages; a longer answer goes to the DM instead.
   */
  private async ephemeral(who: SlackActor, origin: Extract<Origin, { kind: 'channel' }>, replies: OutgoingMessage[]): Promise<void> {
    const messages = renderReplies(replies, this.t);
    if (messages.length > RESPONSE_URL_MESSAGES) {
      const dm = await this.chat.dmChannel(who.user);
      for (const reply of replies) await this.chat.post(dm, reply);
      return this.ephemeral(who, origin, [{ text: this.t('slack.continue_in_dm') }]);
    }
    const respond = origin.respond;
    if (respond) {
      for (const m of messages) await respond({ response_type: 'ephemeral', replace_original: false, text: m.text, blocks: m.blocks as never });
      return;
    }
    try {
      for (const m of messages) await this.chat.postEphemeral(origin.channel, who.user, m);
    } catch {
      // The bot is not in that channel: the DM always works.
      const dm = await this.chat.dmChannel(who.user);
      for (const reply of replies) await this.chat.post(dm, reply);
    }
  }

  /** Opens the modal with the trigger id first (it expires in 3 s), then fills in the form. */
  private async openForm(who: SlackActor, triggerId: string, flowId: string): Promise<void> {
    await this.guard(who, async () => {
      const opened = await this.app.client.views.open({ trigger_id: triggerId, view: loadingView(this.options.coalition.botName, this.t) as never });
      const view = opened.view as { id: string; hash?: string };
      if (!this.options.bot.flows.hasForm(flowId)) {
        const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: this.t('slack.unknown_form', { form: flowId.replace(/[^\w-]/g, '').slice(0, 40) }) } }];
        await this.app.client.views.update({ view_id: view.id, view: { ...loadingView(this.options.coalition.botName, this.t), blocks } as never });
        return;
      }
      const profile = await this.users.lookup(who.user);
      const refusal = await this.options.bot.formRefusal(flowId, incoming(who, profile, {}));
      if (refusal) {
        const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: clipTo(`:warning: ${escapeMrkdwn(refusal)}`, 3000) } }];
        await this.app.client.views.update({ view_id: view.id, view: { ...loadingView(this.options.coalition.botName, this.t), blocks } as never });
        return;
      }
      const form = await this.options.bot.form(flowId, incoming(who, profile, {}));
      await this.app.client.views.update({ view_id: view.id, hash: view.hash, view: formView(form, this.options.coalition.botName, this.t) as never });
    });
  }

  /**
   * Before the ack (both modes): records an Events API delivery's event_id. A duplicate is
   * acked and dropped; an unavailable database asks Slack to retry, except on its last
   * retry (X-Slack-Retry-Num or retry_attempt 3), when the delivery is acked and the member
   * asked to resend. Slash commands, buttons and modal submissions carry no event id: in HTTP
   * mode the signed request itself is recorded, so a replayed copy (valid for Slack's 5 minutes)
   * is acked and does nothing. (While the database is unavailable nothing can be recorded, and
   * the listener meets the same outage and tells the member.)
   */
  private async admit(body: Loose, retryNum: number, replayKey?: string): Promise<Admission> {
    if (body.type !== 'event_callback' || typeof body.event_id !== 'string') {
      if (!replayKey) return { kind: 'process' };
      try {
        if (await this.options.processedEvents.firstSeen(replayKey, this.options.clock.now())) return { kind: 'process' };
        this.log.warn({ type: typeof body.type === 'string' ? body.type : body.command ? 'slash_command' : 'unknown' }, 'a replayed Slack request was ignored');
        return { kind: 'skip' };
      } catch (error) {
        if (!isBotError(error, 'DB.UNAVAILABLE')) throw error;
        return { kind: 'process' };
      }
    }
    try {
      const first = await this.options.processedEvents.firstSeen(`slack:event:${body.event_id}`, this.options.clock.now());
      return first ? { kind: 'process' } : { kind: 'skip' };
    } catch (error) {
      if (!isBotError(error, 'DB.UNAVAILABLE')) throw error;
      if (retryNum < SLACK_LAST_RETRY) {
        this.log.warn({ eventId: body.event_id, retryNum }, 'database unavailable: Slack is asked to deliver the event again');
        return { kind: 'retry' };
      }
      this.log.warn({ eventId: body.event_id, retryNum }, 'database unavailable on Slack\'s last retry: the member is asked to send it again');
      const e = (body.event ?? {}) as Loose;
      const typed = (e.type === 'message' && e.channel_type === 'im' && !e.subtype && !e.bot_id) || e.type === 'app_mention';
      const who = typed ? actor(body.team_id ?? e.team, e.user) : null;
      return { kind: 'skip', after: who ? () => this.tell(who, this.t('slack.send_again')) : undefined };
    }
  }

  private async firstAction(who: SlackActor, action: Loose): Promise<boolean> {
    if (typeof action.action_ts !== 'string') return true;
    return this.options.processedEvents.firstSeen(`slack:action:${who.team}:${who.user}:${action.action_id}:${action.action_ts}`, this.options.clock.now());
  }

  /** Runs after the ack; a failure is logged and the member told, never thrown at Bolt. */
  private async guard<T>(who: SlackActor, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      await this.failed(who, error);
      return undefined;
    }
  }

  private async failed(who: SlackActor, error: unknown): Promise<void> {
    const unavailable = isBotError(error, 'DB.UNAVAILABLE');
    this.log[unavailable ? 'warn' : 'error']({ err: error instanceof Error ? error.message : String(error), code: isBotError(error) ? error.code : undefined }, 'Slack turn failed');
    await this.tell(who, this.t(unavailable ? 'error.temporarily_unavailable' : 'error.internal'));
  }

  /** An error line in the member's DM; Slack being unreachable too is only logged. */
  private async tell(who: SlackActor, text: string): Promise<void> {
    try {
      const dm = await this.chat.dmChannel(who.user);
      await this.chat.post(dm, { text, tone: 'error' });
    } catch {
      // Slack itself is unreachable: the log line above is all that can be done.
    }
  }
}

/** The value(s) a button or select carries, and their labels for the "chose" line. */
function chosenValues(action: Loose): { values: string | string[]; labels: string } | null {
  if (action.type === 'button' && typeof action.value === 'string') return { values: action.value, labels: action.text?.text ?? action.value };
  if (action.type === 'static_select' && action.selected_option) return { values: action.selected_option.value, labels: action.selected_option.text?.text ?? action.selected_option.value };
  if (action.type === 'multi_static_select' && Array.isArray(action.selected_options)) {
    const options = action.selected_options as { value: string; text?: { text?: string } }[];
    return { values: options.map((o) => o.value), labels: options.map((o) => o.text?.text ?? o.value).join(', ') };
  }
  return null;
}
