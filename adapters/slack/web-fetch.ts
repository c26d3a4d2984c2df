// The HTTP transport of the Slack Web API client (its `fetch` option). Every Web API call is a
// POST of a url-encoded form answered with a small JSON document; Node's fetch builds web
// streams, an abort controller and WHATWG headers around each one, which cost more CPU than the
// call itself under load. Such calls go here over node:http(s) with keep-alive connections, and
// the answer is read whole. Anything else (a multipart upload) goes to the global fetch.
import http from 'node:http';
import https from 'node:https';
import type { FetchFunction } from '@slack/web-api';

type FetchRequestInit = NonNullable<Parameters<FetchFunction>[1]>;
type FetchResponse = Awaited<ReturnType<FetchFunction>>;

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** A connection silent this long is given up, as fetch gives up waiting for headers or body. */
const SILENCE_MS = 300_000;

/** The headers of an answer, as the client reads them (fetch's Headers, for what it uses). */
class AnswerHeaders {
  constructor(private readonly raw: http.IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** As fetch's: sorted by name, each set-cookie on its own. */
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw).sort()) {
      const value = this.raw[name];
      if (name === 'set-cookie' && Array.isArray(value)) for (const cookie of value) yield [name, cookie];
      else yield [name, this.get(name) as string];
    }
  }
}

class Answer implements FetchResponse {
  readonly ok: boolean;
  readonly headers: AnswerHeaders;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    headers: http.IncomingHttpHeaders,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = new AnswerHeaders(headers);
  }

  async text(): Promise<string> {
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body.toString('utf8'));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.body.buffer.slice(this.body.byteOffset, this.body.byteOffset + this.body.byteLength) as ArrayBuffer;
  }
}

function post(url: URL, init: FetchRequestInit, body: string): Promise<Answer> {
  const module = url.protocol === 'https:' ? https : http;
  const payload = Buffer.from(body, 'utf8');
  const headers = { ...init.headers, 'content-length': String(payload.length) };
  return new Promise<Answer>((resolve, reject) => {
    const request = module.request(url, { method: 'POST', headers, agent: agents[url.protocol as keyof typeof agents], ...(init.signal ? { signal: init.signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('close', () => {
        if (!res.complete) reject(new TypeError('fetch failed', { cause: new Error('the connection closed before the answer ended') }));
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        // As fetch with redirect: 'error', which the client asks for.
        if (REDIRECTS.has(status) && init.redirect === 'error') return reject(new TypeError('fetch failed', { cause: new Error(`unexpected redirect (${status})`) }));
        resolve(new Answer(url.href, status, res.statusMessage ?? '', res.headers, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
      });
    });
    request.on('error', reject);
    request.setTimeout(SILENCE_MS, () => request.destroy(new TypeError('fetch failed', { cause: new Error(`no answer for ${SILENCE_MS / 1000} s`) })));
    request.end(payload);
  });
}

/** A fetch for the Web API client: form posts over node:http(s), anything else by the global fetch. */
export const webApiFetch: FetchFunction = (input, init = {}) => {
  const url = typeof input === 'string' ? new URL(input) : input;
  if ((url.protocol === 'http:' || url.protocol === 'https:') && init.method === 'POST' && typeof init.body === 'string') return post(url, init, init.body);
  // Node's Headers has entries(); the DOM library's type does not say so.
  return fetch(input, init) as Promise<unknown> as Promise<FetchResponse>;
};
