import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEnvFile, ConfigError, loadConfig, teamsMode } from '../../src/config';

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
    expect(loadConfig({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'p', TEAMS_ALLOWED_TENANTS: '72f988bf-86f1-41af-91ab-2d7cd011db47' }, '/srv/bot').host).toBe('0.0.0.0');
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

  it('refuses a multi-tenant Teams app without TEAMS_ALLOWED_TENANTS, saying why; a single-tenant app defaults to its own tenant', () => {
    const app = { MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'secret' };
    expect(problems(app)).toEqual([
      'TEAMS_ALLOWED_TENANTS: required with MICROSOFT_APP_TYPE=MultiTenant: list the tenant ids whose users may use the bot (any tenant\'s admin can install a multi-tenant app)',
    ]);
    expect(problems({ ...app, TEAMS_ALLOWED_TENANTS: 'contoso.onmicrosoft.com' })).toEqual([
      'TEAMS_ALLOWED_TENANTS: expected Microsoft Entra tenant ids (GUIDs), comma-separated ("contoso.onmicrosoft.com")',
    ]);
    const tenantA = '11111111-1111-1111-1111-11111111111A';
    const tenantB = '22222222-2222-2222-2222-222222222222';
    expect(loadConfig({ ...app, TEAMS_ALLOWED_TENANTS: ` ${tenantA}, ${tenantB} ` }).teams.allowedTenants).toEqual([tenantA.toLowerCase(), tenantB]);
    expect(loadConfig({ ...app, MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: tenantB }).teams.allowedTenants).toEqual([tenantB]);
    // An explicit list wins over the app's tenant.
    expect(loadConfig({ ...app, MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: tenantB, TEAMS_ALLOWED_TENANTS: tenantA }).teams.allowedTenants).toEqual([tenantA.toLowerCase()]);
  });

  it('accepts MICROSOFT_OPENID_METADATA_URL only on loopback and with an app id', () => {
    const app = { MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'secret', TEAMS_ALLOWED_TENANTS: '11111111-1111-1111-1111-111111111111' };
    expect(loadConfig({ ...app, MICROSOFT_OPENID_METADATA_URL: 'http://127.0.0.1:4000/v1/.well-known/openidconfiguration' }).teams.openIdMetadataUrl).toBe(
      'http://127.0.0.1:4000/v1/.well-known/openidconfiguration',
    );
    for (const url of ['https://login.botframework.com/v1/.well-known/openidconfiguration', 'http://127.0.0.1.attacker.example/x', 'http://10.0.0.1/x']) {
      expect(problems({ ...app, MICROSOFT_OPENID_METADATA_URL: url })).toEqual([
        `MICROSOFT_OPENID_METADATA_URL: accepted only for a loopback URL (http://127.0.0.1:<port>/...): it names a test issuer of Bot Framework tokens (${JSON.stringify(url)})`,
      ]);
    }
    expect(problems({ MICROSOFT_OPENID_METADATA_URL: 'http://127.0.0.1:4000/x' })).toEqual(['MICROSOFT_OPENID_METADATA_URL: needs MICROSOFT_APP_ID: it only changes where tokens are validated ("http://127.0.0.1:4000/x")']);
  });

  it('opens unauthenticated Teams only while the local chat is on and neither Slack nor Teams is configured', () => {
    expect(teamsMode(loadConfig({}))).toBe('unauthenticated');
    expect(teamsMode(loadConfig({ LOCAL_CHAT: 'off' }))).toBe('off');
    expect(teamsMode(loadConfig({ LOCAL_CHAT: 'on', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }))).toBe('off');
    expect(teamsMode(loadConfig({ LOCAL_CHAT: 'on', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }))).toBe('off');
    expect(teamsMode(loadConfig({ LOCAL_CHAT: 'on', MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'p', TEAMS_ALLOWED_TENANTS: '11111111-1111-1111-1111-111111111111' }))).toBe('authenticated');
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
