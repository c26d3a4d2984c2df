import { describeDatabase, parseDatabaseUrl } from '../../src/db/database-url';

describe('parseDatabaseUrl', () => {
  it.each([
    ['file:./data/x.db', '/srv/bot/data/x.db'],
    ['file:data/x.db?connection_limit=1', '/srv/bot/data/x.db'],
    ['file:/abs/x.db', '/abs/x.db'],
    ['file:///abs/x.db', '/abs/x.db'],
    ['sqlite:./x.db', '/srv/bot/x.db'],
    ['sqlite:///abs/x.db', '/abs/x.db'],
    ['./data/bot.db', '/srv/bot/data/bot.db'],
    ['/var/lib/bot.db', '/var/lib/bot.db'],
  ])('reads %s as the SQLite file %s', (url, file) => {
    expect(parseDatabaseUrl(url, '/srv/bot')).toEqual({ provider: 'sqlite', file });
  });

  it('reads PostgreSQL URLs, taking ?schema= out of the connection string', () => {
    expect(parseDatabaseUrl('postgresql://u:p@db:5432/bot?schema=coalition&sslmode=require')).toEqual({
      provider: 'postgresql',
      connectionString: 'postgresql://u:p@db:5432/bot?sslmode=require',
      schema: 'coalition',
    });
    expect(parseDatabaseUrl('postgres://db/bot')).toEqual({ provider: 'postgresql', connectionString: 'postgres://db/bot', schema: 'public' });
  });

  it('names what it accepts, without the password, for anything else', () => {
    expect(() => parseDatabaseUrl('mysql://root:secret@db/bot')).toThrow(/Unsupported DATABASE_URL scheme in "mysql:\/\/root:\*\*\*@db\/bot".*file:<path>.*postgresql:\/\//);
    expect(() => parseDatabaseUrl('  ')).toThrow(/empty/);
    expect(() => parseDatabaseUrl('postgresql://db/bot?schema=')).toThrow(/empty \?schema=/);
  });

  it('describes a database for logs without its password', () => {
    expect(describeDatabase(parseDatabaseUrl('postgresql://u:secret@db/bot?schema=s'))).toBe('postgresql postgresql://u:***@db/bot schema s');
  });
});
