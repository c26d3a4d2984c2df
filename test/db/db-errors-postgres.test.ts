// The errors PostgreSQL, pg and Prisma's driver adapter really raise when the connection is lost
// mid-transaction, each classified as DB.UNAVAILABLE. Every shape is produced by the real stack:
// a TCP relay that resets the connection (RST) when a chosen statement goes out, and the server
// terminating a backend (pg_terminate_backend, as an administrator shutdown does).
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { Client } from 'pg';
import { isBotError } from '../../src/core/errors';
import { isConnectionError, toDbError } from '../../src/db/db-errors';
import { openDatabase, type Database } from '../../src/db/open-database';
import { describePostgres, withoutSchema } from '../support/databases';

/** A relay to PostgreSQL that resets both sides of the connection instead of forwarding a client packet containing `trigger` (once armed). */
async function resettingRelay(upstream: URL) {
  const sockets = new Set<Socket>();
  let trigger: string | undefined;
  const server = createServer((client) => {
    const target = connect(Number(upstream.port || 5432), upstream.hostname);
    for (const socket of [client, target]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk: Buffer) => {
      if (trigger !== undefined && chunk.includes(trigger)) {
        trigger = undefined;
        client.resetAndDestroy();
        target.resetAndDestroy();
      } else {
        target.write(chunk);
      }
    });
    target.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url(through: string): string {
      const url = new URL(through);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    resetOn(text: string): void {
      trigger = text;
    },
    async close(): Promise<void> {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const failure = (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => {
      throw new Error('expected the database call to fail');
    },
    (error: unknown) => error,
  );

function expectUnavailable(error: unknown): void {
  expect(isConnectionError(error)).toBe(true);
  const translated = toDbError(error);
  expect(isBotError(translated, 'DB.UNAVAILABLE')).toBe(true);
  expect((translated as Error).cause).toBe(error);
}

describePostgres('database errors raised by the real driver when the connection is lost', (getUrl) => {
  let relay: Awaited<ReturnType<typeof resettingRelay>>;
  let db: Database;
  let admin: Client;

  beforeAll(async () => {
    const url = getUrl();
    relay = await resettingRelay(new URL(url));
    db = await openDatabase({ url: relay.url(url) });
    admin = new Client({ connectionString: withoutSchema(url) });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await db?.close();
    await relay?.close();
  });

  /** Ends the backend running a statement that contains `tag`, once it is running. */
  async function terminateBackendRunning(tag: string): Promise<void> {
    for (;;) {
      const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()', [`%${tag}%`]);
      if (rows.length > 0) {
        await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('a connection reset while COMMIT is on the wire: the adapter error itself (Prisma does not wrap a failed commit)', async () => {
    const error = await failure(
      db.prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        relay.resetOn('COMMIT');
      }),
    );
    expect(error).toMatchObject({ name: 'DriverAdapterError', cause: { kind: 'ConnectionClosed' } });
    expectUnavailable(error);
  });

  it('a connection reset while a statement of a transaction is on the wire: a Prisma error carrying the adapter error', async () => {
    const error = await failure(
      db.prisma.$transaction(async (tx) => {
        relay.resetOn('reset-me');
        await tx.$queryRaw`SELECT 'reset-me'`;
      }),
    );
    expect(error).toMatchObject({ name: 'PrismaClientKnownRequestError', meta: { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } } });
    expectUnavailable(error);
  });

  it('the backend terminated by the server during a statement (57P01): a Prisma error whose adapter error carries the SQLSTATE', async () => {
    const running = failure(db.prisma.$queryRaw`SELECT pg_sleep(30), 'terminate-me-1'`);
    await terminateBackendRunning('terminate-me-1');
    const error = await running;
    expect(error).toMatchObject({ name: 'PrismaClientKnownRequestError', meta: { driverAdapterError: { cause: { kind: 'postgres', code: '57P01' } } } });
    expectUnavailable(error);
  });

  it('the backend terminated by the server during a statement of a transaction (57P01)', async () => {
    const running = failure(db.prisma.$transaction(async (tx) => tx.$queryRaw`SELECT pg_sleep(30), 'terminate-me-2'`));
    await terminateBackendRunning('terminate-me-2');
    const error = await running;
    expect(error).toMatchObject({ meta: { driverAdapterError: { cause: { kind: 'postgres', code: '57P01' } } } });
    expectUnavailable(error);
  });

  it('a statement that fails for another reason is not taken for an outage', async () => {
    const error = await failure(db.prisma.$queryRaw`SELECT 1 / 0`);
    expect(error).toMatchObject({ meta: { driverAdapterError: { cause: { kind: 'postgres', code: '22012' } } } });
    expect(isConnectionError(error)).toBe(false);
    expect(toDbError(error)).toBe(error);
  });
});
