// Closing the database ends every PostgreSQL session it opened, even one a transaction was
// still starting on when Prisma disconnected (Prisma 6 drops such a transaction with its
// connection checked out and BEGIN sent; pg's pool.end() would wait for it forever, and the
// session would stay "idle in transaction" holding whatever it had locked).
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { parseDatabaseUrl } from '../../src/db/database-url';
import { connectPrisma, IDLE_IN_TRANSACTION_TIMEOUT_MS } from '../../src/db/prisma-client';
import { describePostgres, withoutSchema } from '../support/databases';

describePostgres('closing the database', (getUrl) => {
  async function sessions(applicationName: string): Promise<{ state: string }[]> {
    const client = new Client({ connectionString: withoutSchema(getUrl()) });
    await client.connect();
    try {
      const rows = await client.query<{ state: string }>('SELECT state FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
      return rows.rows;
    } finally {
      await client.end();
    }
  }

  async function settle(applicationName: string): Promise<{ state: string }[]> {
    for (let i = 0; i < 50; i++) {
      const open = await sessions(applicationName);
      if (open.length === 0) return open;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return sessions(applicationName);
  }

  it('ends every session, also those of transactions still starting at the close', async () => {
    const applicationName = `pool-close-${randomBytes(4).toString('hex')}`;
    const { prisma, close } = connectPrisma(parseDatabaseUrl(getUrl()), { poolSize: 4, applicationName });
    await prisma.$queryRawUnsafe('SELECT 1');
    expect((await sessions(applicationName)).length).toBeGreaterThan(0);

    // Transactions queue for the 4 connections; the close comes while they start.
    const started = Array.from({ length: 24 }, () =>
      prisma.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT pg_sleep(0.05)')).then(
        () => 'done',
        () => 'failed',
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    await close();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(started), new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
    clearTimeout(timer);

    expect(await settle(applicationName)).toEqual([]);
  });

  it('asks the server to end a session left idle inside a transaction', async () => {
    const applicationName = `pool-close-${randomBytes(4).toString('hex')}`;
    const { prisma, close } = connectPrisma(parseDatabaseUrl(getUrl()), { poolSize: 1, applicationName });
    try {
      const rows = await prisma.$queryRawUnsafe<{ setting: string; unit: string }[]>(
        "SELECT setting, unit FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout'",
      );
      expect(rows[0]).toEqual({ setting: String(IDLE_IN_TRANSACTION_TIMEOUT_MS), unit: 'ms' });
    } finally {
      await close();
    }
  });
});
