// POST /api/messages on the shared HTTP server, handed to botbuilder's CloudAdapter through
// a thin request/response shim. Without an app id botbuilder authenticates nothing, so this
// receiver then takes activities from loopback callers only, naming a loopback serviceUrl.
import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { isLoopbackAddress, notFromThisMachine } from '../../src/http/local-caller';
import { HttpError, readBody, sendJson, type Handler, type RequestContext } from '../../src/http/server';
import { isLoopbackUrl } from '../../src/http/loopback-url';

export { isLoopbackUrl };

/**
 * The fence of unauthenticated mode: a caller that is not on this machine, or an activity
 * asking the bot to answer anywhere else, is refused before anything is read or written.
 */
export function unauthenticatedRefusal(remoteAddress: string | undefined, serviceUrl: unknown): string | undefined {
  if (!isLoopbackAddress(remoteAddress)) return 'Teams runs unauthenticated (no MICROSOFT_APP_ID): only callers on this machine are accepted';
  if (!isLoopbackUrl(serviceUrl)) return 'Teams runs unauthenticated (no MICROSOFT_APP_ID): only a loopback serviceUrl is answered';
  return undefined;
}

/** An activity from a tenant that is not allowed: answered 403 and nothing else. */
export class TenantRefused extends Error {
  constructor(readonly tenant: string | undefined) {
    super('Teams tenant not allowed');
    this.name = 'TenantRefused';
  }
}

export interface ReceiverOptions {
  adapter: CloudAdapter;
  authenticated: boolean;
  logic: (context: TurnContext) => Promise<void>;
}

/** The handler of POST /api/messages. */
export function teamsReceiver(options: ReceiverOptions): Handler {
  return (req, res, ctx) => receive(req, res, ctx, options);
}

async function receive(req: HttpRequest, res: ServerResponse, ctx: RequestContext, options: ReceiverOptions): Promise<void> {
  if (!options.authenticated) {
    // The same fence as the local chat: not relayed by a proxy, and a Host naming this machine.
    const refusal = notFromThisMachine(req);
    if (refusal) throw new HttpError(403, `Teams runs unauthenticated (no MICROSOFT_APP_ID): ${refusal}`);
  }
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) throw new HttpError(415, 'content-type must be application/json');
  const raw = await readBody(req);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  // botbuilder throws (a 500) on an object without a type: refused here as what it is.
  if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') throw new HttpError(400, 'body is not an activity');
  if (!options.authenticated) {
    const refusal = unauthenticatedRefusal(req.socket.remoteAddress, (body as { serviceUrl?: unknown }).serviceUrl);
    if (refusal) throw new HttpError(403, refusal);
  }

  // The express-like request/response botbuilder's process() expects, over node's http.
  const shimRequest = { body: body as Record<string, unknown>, headers: req.headers as Record<string, string | string[] | undefined>, method: req.method };
  let status = 200;
  let payload: unknown;
  const headers: Record<string, string> = {};
  const shimResponse = {
    socket: req.socket,
    status(code: number) {
      status = code;
      return shimResponse;
    },
    header(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
      return shimResponse;
    },
    send(value?: unknown) {
      payload = value;
      return shimResponse;
    },
    end() {
      return shimResponse;
    },
  };
  // A failing turn is caught here rather than in botbuilder, which would print the whole
  // error (with the outgoing request) to the console: one log line with the code instead.
  let failure: unknown;
  await options.adapter.process(shimRequest, shimResponse, async (context) => {
    try {
      await options.logic(context);
    } catch (error) {
      failure = error;
    }
  });
  if (failure instanceof TenantRefused) {
    // The tenant id names an organisation, not a person: operators need it to extend the list.
    ctx.log.warn({ tenant: failure.tenant ?? null }, 'Teams activity refused: its tenant is not in TEAMS_ALLOWED_TENANTS');
    sendJson(res, 403, { error: 'tenant not allowed' });
    return;
  }
  if (failure !== undefined) {
    ctx.log.error({ code: (failure as { code?: string }).code, message: failure instanceof Error ? failure.message : String(failure) }, 'Teams turn failed');
    sendJson(res, 500, { error: 'failed' });
    return;
  }
  if (status === 401) ctx.log.warn('Teams activity refused: its token is missing or invalid');
  else if (status >= 500) ctx.log.error({ status }, 'Teams activity failed');
  if (payload === undefined) {
    res.writeHead(status, headers);
    res.end();
  } else if (typeof payload === 'string' && status >= 400) {
    sendJson(res, status, { error: status === 401 ? 'unauthorized' : 'failed' });
  } else {
    sendJson(res, status, payload);
  }
}
