// A reverse proxy on loopback, as a sidecar or nginx would be: it relays every request to
// the bot and adds the usual forwarding headers, so the bot sees a loopback socket whoever
// the real caller is. What the attack in the security review went through.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ForwardingProxy {
  url: string;
  close(): Promise<void>;
}

/** `headers`: what the proxy adds (default X-Forwarded-For / -Proto / -Host naming the caller). */
export async function startForwardingProxy(target: string, headers?: (client: string, host: string) => Record<string, string>): Promise<ForwardingProxy> {
  const upstream = new URL(target);
  const add = headers ?? ((client, host) => ({ 'x-forwarded-for': `203.0.113.7, ${client}`, 'x-forwarded-proto': 'https', 'x-forwarded-host': host }));
  const server: Server = createServer((req, res) => {
    const extra = add(req.socket.remoteAddress ?? '', req.headers.host ?? '');
    // The Host is passed on as the caller sent it (nginx: proxy_set_header Host $host).
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, ...extra } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
