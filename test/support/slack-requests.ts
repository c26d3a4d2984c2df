// Signed requests to the bot's POST /slack/events, built from Slack's documented payloads
// (test/fixtures/slack/*.json) with the fields a test varies.
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const fixtures = join(__dirname, '..', 'fixtures', 'slack');

export function fixture<T = Record<string, any>>(name: string): T {
  return JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8')) as T;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Overrides the computed signature (forgeries); null leaves the header out. */
  signature?: string | null;
  headers?: Record<string, string>;
}

export class SlackSender {
  constructor(private readonly botUrl: string, private readonly secret: string, private readonly responseBase: string) {}

  async post(body: string, contentType: string, options: SendOptions = {}): Promise<Response> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = options.signature === undefined ? sign(this.secret, timestamp, body) : options.signature;
    const headers: Record<string, string> = { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), ...options.headers };
    if (signature !== null) headers['x-slack-signature'] = signature;
    return fetch(`${this.botUrl}/slack/events`, { method: 'POST', headers, body });
  }

  json(payload: unknown, options?: SendOptions): Promise<Response> {
    return this.post(JSON.stringify(payload), 'application/json', options);
  }

  form(fields: Record<string, string>, options?: SendOptions): Promise<Response> {
    return this.post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
  }

  /** An event_callback built from a fixture, with a fresh event_id unless one is given. */
  eventPayload(name: string, event: Record<string, unknown>, eventId = `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`) {
    const payload = fixture(name);
    return { ...payload, event_id: eventId, event: { ...payload.event, ...event } };
  }

  dm(user: string, text: string, options?: SendOptions & { eventId?: string }): Promise<Response> {
    return this.json(this.eventPayload('event_message_im', { user, text, channel: `D${user.slice(1)}`, ts: ts() }, options?.eventId), options);
  }

  mention(user: string, channel: string, text: string): Promise<Response> {
    return this.json(this.eventPayload('event_app_mention', { user, channel, text, ts: ts() }));
  }

  homeOpened(user: string): Promise<Response> {
    return this.json(this.eventPayload('event_app_home_opened', { user, channel: `D${user.slice(1)}` }));
  }

  slash(user: string, text: string, channel = 'C0GENERAL'): Promise<Response> {
    const fields = fixture<Record<string, string>>('slash_command');
    return this.form({ ...fields, user_id: user, text, channel_id: channel, response_url: `${this.responseBase}/response/${randomUUID()}`, trigger_id: `trigger-${randomUUID()}` });
  }

  /** A click on a button or a choice in a select, on a message the bot posted. */
  blockAction(user: string, message: { channel: string; ts: string; blocks: unknown[]; text?: string }, action: Record<string, unknown>): Promise<Response> {
    const payload = fixture('block_actions');
    const body = {
      ...payload,
      user: { ...payload.user, id: user },
      container: { ...payload.container, channel_id: message.channel, message_ts: message.ts },
      channel: { id: message.channel, name: 'directmessage' },
      message: { ...payload.message, ts: message.ts, text: message.text ?? '', blocks: message.blocks },
      response_url: `${this.responseBase}/response/${randomUUID()}`,
      trigger_id: `trigger-${randomUUID()}`,
      actions: [{ block_id: 'choices', action_ts: ts(), ...action }],
    };
    return this.form({ payload: JSON.stringify(body) });
  }

  /** A click on a button of the App Home tab (a view, not a message). */
  homeAction(user: string, action: Record<string, unknown>): Promise<Response> {
    const payload = fixture('block_actions');
    const { channel: _channel, message: _message, response_url: _url, ...rest } = payload;
    const body = {
      ...rest,
      user: { ...payload.user, id: user },
      container: { type: 'view', view_id: 'VHOME' },
      view: { id: 'VHOME', type: 'home', blocks: [] },
      trigger_id: `trigger-${randomUUID()}`,
      actions: [{ block_id: 'home', action_ts: ts(), ...action }],
    };
    return this.form({ payload: JSON.stringify(body) });
  }

  viewSubmission(user: string, view: { id: string; private_metadata: string; values: Record<string, Record<string, unknown>> }): Promise<Response> {
    const payload = fixture('view_submission');
    const body = {
      ...payload,
      user: { ...payload.user, id: user },
      view: { ...payload.view, id: view.id, private_metadata: view.private_metadata, state: { values: view.values } },
    };
    return this.form({ payload: JSON.stringify(body) });
  }
}

let seq = 0;
function ts(): string {
  return `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
}
