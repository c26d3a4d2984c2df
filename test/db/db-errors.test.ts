import { BotError, isBotError } from '../../src/core/errors';
import { guardRepository, isConnectionError, toDbError } from '../../src/db/db-errors';

const prismaError = (code: string, kind?: string) =>
  Object.assign(new Error(`prisma ${code}`), { name: 'PrismaClientKnownRequestError', code, meta: kind ? { driverAdapterError: { cause: { kind } } } : {} });

describe('database error translation', () => {
  it.each([
    ['P1001 unreachable', prismaError('P1001')],
    ['P1017 connection closed', prismaError('P1017')],
    ['a raw query that could not reach the server', prismaError('P2010', 'DatabaseNotReachable')],
    ['ECONNREFUSED from pg', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['pg connect timeout', new Error('timeout expired')],
    ['an administrator shutdown', Object.assign(new Error('terminating connection'), { code: '57P01' })],
  ])('treats %s as DB.UNAVAILABLE', (_, error) => {
    expect(isConnectionError(error)).toBe(true);
    const translated = toDbError(error);
    expect(isBotError(translated, 'DB.UNAVAILABLE')).toBe(true);
    expect((translated as BotError).cause).toBe(error);
  });

  it('turns a write conflict into DB.CONFLICT and leaves other errors alone', () => {
    expect(isBotError(toDbError(prismaError('P2034')), 'DB.CONFLICT')).toBe(true);
    const unique = prismaError('P2002');
    expect(toDbError(unique)).toBe(unique);
    const stale = new BotError('FLOW.STALE', 'stale');
    expect(toDbError(stale)).toBe(stale);
  });

  it('guards every method of a repository', async () => {
    const repository = guardRepository({
      async ok() {
        return 1;
      },
      async down(): Promise<number> {
        throw prismaError('P1001');
      },
    });
    expect(await repository.ok()).toBe(1);
    await expect(repository.down()).rejects.toMatchObject({ code: 'DB.UNAVAILABLE' });
  });
});
