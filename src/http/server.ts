// One HTTP server for every endpoint. It gives each request an id and a child
// logger, limits body size, answers unknown routes with 404, and drains in-flight
// requests on shutdown (answering 503 to any that arrive meanwhile).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inRequest, type Logger } from '../logger';

export interface RequestContext {
  requestId: string;
  log: Logger;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, ctx: RequestContext) => Promise<void> | void;

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole body, refusing more than `limit` bytes with 413. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export class HttpServer {
  private readonly routes = new Map<string, Handler>();
  private readonly prefixes: { method: string; prefix: string; handler: Handler }[] = [];
  private readonly server: Server;
  private inFlight = 0;
  private draining = false;
  private idle?: () => void;
  private observer?: (path: string, status: number, seconds: number) => void;

  constructor(private readonly log: Logger) {
    this.server = createServer((req, res) => void this.dispatch(req, res));
    this.server.keepAliveTimeout = 5000;
  }

  /** Told about every answered request (for metrics). */
  observe(observer: (path: string, status: number, seconds: number) => void): void {
    this.observer = observer;
  }

  route(method: string, path: string, handler: Handler): void {
    this.routes.set(`${method} ${path}`, handler);
  }

  /** A handler for every path under `prefix` (e.g. "/calendar/"); exact routes win. */
  routePrefix(method: string, prefix: string, handler: Handler): void {
    this.prefixes.push({ method, prefix, handler });
  }

  async listen(port: number, host?: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  /**
   * Stops taking connections and waits for requests in flight (up to `timeoutMs`, within the
   * 30 s a service manager or orchestrator usually grants). A request that arrives meanwhile on a
   * connection already open is answered 503, not cut off. A Slack request stays in flight until
   * its turn has replied, though Slack has its ack: a burst's queued turns are finished too.
   */
  async close(timeoutMs = 25_000): Promise<void> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const deadline = Date.now() + timeoutMs;
    // One turn of the event loop first, so requests already received are read and counted.
    await new Promise((r) => setImmediate(r));
    while (this.inFlight > 0 && Date.now() < deadline) {
      await Promise.race([new Promise<void>((resolve) => (this.idle = resolve)), new Promise((r) => setTimeout(r, deadline - Date.now()).unref())]);
      await new Promise((r) => setImmediate(r));
    }
    this.server.closeAllConnections();
    await closed;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const incomingId = req.headers['x-request-id'];
    const requestId = typeof incomingId === 'string' && /^[\w-]{1,64}$/.test(incomingId) ? incomingId : randomUUID();
    // The request's child logger is made when a line is logged through it, not for every request.
    let child: Logger | undefined;
    const parent = this.log;
    const ctx: RequestContext = {
      requestId,
      get log() {
        return (child ??= parent.child({ requestId }));
      },
    };
    res.setHeader('x-request-id', requestId);
    if (this.draining) {
      res.setHeader('connection', 'close');
      sendJson(res, 503, { error: 'shutting down' });
      this.observer?.((req.url ?? '/').split('?')[0], 503, 0);
      return;
    }
    this.inFlight++;
    const started = process.hrtime.bigint();
    try {
      const path = (req.url ?? '/').split('?')[0];
      const handler =
        this.routes.get(`${req.method} ${path}`) ?? this.prefixes.find((p) => p.method === req.method && path.startsWith(p.prefix))?.handler;
      if (handler) await inRequest(requestId, () => handler(req, res, ctx));
      else if ([...this.routes.keys()].some((k) => k.endsWith(` ${path}`))) sendJson(res, 405, { error: `method ${req.method} not allowed on ${path}` });
      else sendJson(res, 404, { error: `no route for ${path}` });
    } catch (error) {
      if (error instanceof HttpError) {
        if (!res.headersSent) sendJson(res, error.status, { error: error.message });
      } else {
        ctx.log.error({ err: error }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      }
    } finally {
      this.inFlight--;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (parent.isLevelEnabled('debug')) ctx.log.debug({ method: req.method, path: (req.url ?? '').split('?')[0], status: res.statusCode, ms }, 'request');
      this.observer?.((req.url ?? '/').split('?')[0], res.statusCode, ms / 1000);
      if (this.inFlight === 0 && this.idle) this.idle();
    }
  }
}
