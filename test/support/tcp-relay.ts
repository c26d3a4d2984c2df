// A TCP relay in front of a server (PostgreSQL): cutting it is the server becoming
// unreachable for whoever connects through it; restoring it brings it back on the same port.
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface Relay {
  port: number;
  /** The given URL with its host and port replaced by the relay's. */
  url(through: string): string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startRelay(upstream: { host: string; port: number }): Promise<Relay> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  let open = false;
  const listen = async () => {
    if (server) return;
    server = createServer((client) => {
      // A connection accepted while the relay is being cut is cut too.
      if (!open) return void client.destroy();
      const target = connect(upstream.port, upstream.host);
      for (const [socket, other] of [[client, target], [target, client]]) {
        sockets.add(socket);
        socket.on('error', () => undefined);
        // One side gone (even abruptly, which a pipe does not pass on): the other goes too.
        socket.on('close', () => {
          sockets.delete(socket);
          other.destroy();
        });
      }
      client.pipe(target).pipe(client);
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server!.address() as AddressInfo).port;
    open = true;
  };
  const cut = async () => {
    open = false;
    const closed = server ? new Promise<void>((resolve) => server!.close(() => resolve())) : Promise.resolve();
    server = undefined;
    for (const socket of sockets) socket.destroy();
    await closed;
    for (const socket of sockets) socket.destroy();
  };
  await listen();
  return {
    get port() {
      return port;
    },
    url(through) {
      const url = new URL(through);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    cut,
    restore: listen,
    close: cut,
  };
}
