import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEnvFile, ConfigError, loadConfig } from '../../src/config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/bot');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable}: ${p.message}${p.found ? ` (${p.found})` : ''}`);
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('has working defaults: port 3978, SQLite under data/, local chat on', () => {
    const config = loadConfig({}, '/srv/bot');
    expect(config).toMatchObject({
      port: 3978,
      databaseUrl: 'file:/srv/bot/data/coalition.db',
      localChat: true,
      reminderTickCron: '* * * * *',
      logLevel: 'info',
      teams: { appType: 'MultiTenant' },
      secretariat: { slack: [], teams: [] },
    });
    expect(config.slack).toBeUndefined();
  });

  it('parses lists and platform settings, and turns the local chat off when a platform is configured', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        DATABASE_URL: 'postgresql://bot@db:5432/coalition',
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's',
        SECRETARIAT_SLACK_USERS: 'U1, U2,,',
        SECRETARIAT_TEAMS_USERS: 'aad-1',
        DIGEST_CRON: '0 9 * * 1',
        TZ: 'Europe/Zurich',
      },
      '/srv/bot',
    );
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgresql://bot@db:5432/coalition',
      localChat: false,
      slack: { botToken: 'xoxb-1', signingSecret: 's' },
      secretariat: { slack: ['U1', 'U2'], teams: ['aad-1'] },
      digest: { cron: '0 9 * * 1' },
      timeZone: 'Europe/Zurich',
    });
  });

  it('listens on loopback while only the local chat is on, on every interface once a platform is, or where HOST says', () => {
    expect(loadConfig({}, '/srv/bot')).toMatchObject({ host: '127.0.0.1', dataDir: '/srv/bot/data', rateLimitPerMinute: 20, flowRetentionDays: 30 });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, '/srv/bot').host).toBe('0.0.0.0');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', LOCAL_CHAT: 'on' }, '/srv/bot').host).toBe('0.0.0.0');
    expect(loadConfig({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'p' }, '/srv/bot').host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }, '/srv/bot').host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '::' }, '/srv/bot').host).toBe('::');
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '5', FLOW_RETENTION_DAYS: '90', LOCAL_CHAT_TOKEN: 'a-token-of-20-chars-' }, '/srv/bot')).toMatchObject({ rateLimitPerMinute: 5, flowRetentionDays: 90, localChatToken: 'a-token-of-20-chars-' });
  });

  it('refuses a rate limit, retention period, local chat token or HOST it cannot use', () => {
    expect(problems({ RATE_LIMIT_PER_MINUTE: '0', FLOW_RETENTION_DAYS: '1.5', HOST: 'a b' })).toEqual([
      'HOST: expected an address to listen on, such as 127.0.0.1, 0.0.0.0 or :: ("a b")',
      'RATE_LIMIT_PER_MINUTE: expected a whole number from 1 to 100000 ("0")',
      'FLOW_RETENTION_DAYS: expected a whole number from 1 to 3650 ("1.5")',
    ]);
    // A token is a secret: the problem is named, the value never echoed.
    expect(problems({ LOCAL_CHAT_TOKEN: 'short' })).toEqual(['LOCAL_CHAT_TOKEN: expected 16 to 200 letters, digits, or . _ ~ - (unset: one is generated and kept in the data directory)']);
  });

  it('lists every bad value at once, naming the variable, what is expected and what was found', () => {
    expect(
      problems({ PORT: 'abc', DATABASE_URL: 'mysql://x', DIGEST_CRON: 'every monday', TZ: 'Mars/Base', LOCAL_CHAT: 'maybe', SLACK_API_URL: 'ftp://x' }),
    ).toEqual([
      'PORT: expected an integer from 0 to 65535 ("abc")',
      'DATABASE_URL: expected file:<path> (SQLite) or postgresql://user@host:port/db ("mysql://x")',
      'SLACK_API_URL: expected an http(s) URL ("ftp://x")',
      'DIGEST_CRON: expected a cron expression of 5 fields (minute hour day month weekday), or 6 with seconds first; found 2 ("every monday")',
      'TZ: expected an IANA time zone such as Europe/Zurich ("Mars/Base")',
      'LOCAL_CHAT: expected on or off (also true/false, 1/0, yes/no) ("maybe")',
    ]);
  });

  it('checks settings that go together and never echoes a secret', () => {
    const found = problems({ SLACK_BOT_TOKEN: 'xoxp-wrong', MICROSOFT_APP_PASSWORD: 'hunter2', MICROSOFT_APP_TYPE: 'SingleTenant' });
    expect(found).toEqual([
      'SLACK_BOT_TOKEN: expected a bot token starting with xoxb-',
      'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (HTTP mode), unless SLACK_APP_TOKEN selects Socket Mode',
      'MICROSOFT_APP_ID: required with MICROSOFT_APP_PASSWORD',
      'MICROSOFT_APP_TENANT_ID: required when MICROSOFT_APP_TYPE is SingleTenant',
    ]);
    expect(found.join('\n')).not.toContain('hunter2');
    expect(found.join('\n')).not.toContain('xoxp-wrong');
  });

  it('formats one message with every problem', () => {
    try {
      loadConfig({ PORT: '-1', LOG_LEVEL: 'loud' });
      throw new Error('not refused');
    } catch (error) {
      expect((error as Error).message).toBe(
        [
          'Configuration is invalid:',
          '  - PORT: expected an integer from 0 to 65535, found "-1"',
          '  - LOG_LEVEL: expected fatal, error, warn, info, debug, trace or silent, found "loud"',
        ].join('\n'),
      );
    }
  });
});

describe('applyEnvFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'env-file-'));
    writeFileSync(join(dir, '.env'), '# settings\nPORT=4000\nSLACK_BOT_TOKEN="xoxb-from-file"\nSLACK_SIGNING_SECRET=s3cret\nTZ=Africa/Nairobi\n');
    writeFileSync(join(dir, 'other.env'), 'PORT=5000\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fills in from .env in the working directory what the environment does not set', () => {
    const env: NodeJS.ProcessEnv = { TZ: 'UTC' };
    expect(applyEnvFile(env, dir)).toBe(join(dir, '.env'));
    expect(env).toEqual({ TZ: "UTC", PORT: "4000", SLACK_BOT_TOKEN: "xoxb-from-file", SLACK_SIGNING_SECRET: "s3cret" });
    expect(loadConfig(env, dir)).toMatchObject({ port: 4000, timeZone: 'UTC', slack: { botToken: 'xoxb-from-file' } });
  });

  it('reads the file ENV_FILE names, none when it is empty, and refuses a missing one', () => {
    const named: NodeJS.ProcessEnv = { ENV_FILE: 'other.env' };
    applyEnvFile(named, dir);
    expect(named.PORT).toBe('5000');
    const none: NodeJS.ProcessEnv = { ENV_FILE: '' };
    expect(applyEnvFile(none, dir)).toBeUndefined();
    expect(none).toEqual({ ENV_FILE: '' });
    expect(() => applyEnvFile({ ENV_FILE: 'missing.env' }, dir)).toThrow(/ENV_FILE: names no file, found "missing.env"/);
    expect(applyEnvFile({}, join(dir, 'nowhere'))).toBeUndefined();
  });
});
