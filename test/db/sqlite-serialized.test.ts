// The one SQLite connection is shared by concurrent requests: a query outside a transaction must
// not run inside another request's open transaction (it would be undone by that rollback).
import { openDatabase } from '../../src/db/open-database';
import { cleanupTestDatabases, sqliteTestUrl } from '../support/databases';

afterAll(cleanupTestDatabases);

it('keeps a concurrent write out of an open transaction that rolls back', async () => {
  const db = await openDatabase({ url: sqliteTestUrl() });
  try {
    const failing = db.prisma
      .$transaction(async (tx) => {
        await tx.processedEvent.create({ data: { key: 'inside', at: new Date() } });
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('roll back');
      })
      .catch((error: Error) => error.message);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await db.repositories.processedEvents.firstSeen('outside', new Date())).toBe(true);
    expect(await failing).toBe('roll back');
    expect((await db.prisma.processedEvent.findMany()).map((e) => e.key)).toEqual(['outside']);
  } finally {
    await db.close();
  }
});
