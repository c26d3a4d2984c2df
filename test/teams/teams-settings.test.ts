// botbuilder is loaded at the Teams endpoint's first use, so the settings it would refuse when
// it builds its authentication must be refused at start instead, by the configuration. The
// oracle is botbuilder itself: over every combination of app type, password, tenant and
// allowed tenants, what the configuration accepts botbuilder and the adapter accept too (the
// configuration is stricter where the bot's own rules are: a password, the allowed tenants).
import { loadConfig, ConfigError, teamsMode } from '../../src/config';
import { createTeamsAuthentication } from '../../adapters/teams/authentication';
import { DeferredTeamsAdapter } from '../../adapters/teams/deferred-teams';
import { TeamsAdapter, type TeamsAdapterOptions } from '../../adapters/teams/teams-adapter';

const TENANT = '11111111-1111-1111-1111-111111111111';

function accepted(env: Record<string, string>): ReturnType<typeof loadConfig> | undefined {
  try {
    return loadConfig(env, '/srv/bot');
  } catch (error) {
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
}

/** What botbuilder (and the adapter around it) says of these settings when built at the first activity. */
function botbuilderAccepts(env: Record<string, string>): boolean {
  const settings = {
    appId: env.MICROSOFT_APP_ID,
    appPassword: env.MICROSOFT_APP_PASSWORD,
    tenantId: env.MICROSOFT_APP_TENANT_ID,
    appType: env.MICROSOFT_APP_TYPE || 'MultiTenant',
    allowedTenants: env.TEAMS_ALLOWED_TENANTS ? [env.TEAMS_ALLOWED_TENANTS] : env.MICROSOFT_APP_TYPE && env.MICROSOFT_APP_TYPE !== 'MultiTenant' && env.MICROSOFT_APP_TENANT_ID ? [env.MICROSOFT_APP_TENANT_ID] : [],
  };
  try {
    createTeamsAuthentication(settings);
    new TeamsAdapter({ settings, coalition: { defaultLocale: 'en' } } as unknown as TeamsAdapterOptions);
    return true;
  } catch {
    return false;
  }
}

describe('Teams settings, checked at start', () => {
  const cases: Record<string, string>[] = [];
  for (const type of ['', 'MultiTenant', 'SingleTenant', 'UserAssignedMSI'])
    for (const password of ['', 'secret'])
      for (const tenant of ['', TENANT])
        for (const allowed of ['', TENANT]) {
          const env: Record<string, string> = { MICROSOFT_APP_ID: 'app-id' };
          if (type) env.MICROSOFT_APP_TYPE = type;
          if (password) env.MICROSOFT_APP_PASSWORD = password;
          if (tenant) env.MICROSOFT_APP_TENANT_ID = tenant;
          if (allowed) env.TEAMS_ALLOWED_TENANTS = allowed;
          cases.push(env);
        }

  it('covers settings accepted at start and settings refused there', () => {
    const verdicts = cases.map((env) => accepted(env) !== undefined);
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(4);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(4);
  });

  it.each(cases.map((env) => [JSON.stringify(env), env]))('%s: accepted at start only if botbuilder accepts it', (_name, env) => {
    const config = accepted(env);
    // Accepted at start: botbuilder takes it, and the deferred endpoint is set up without loading it.
    if (config) {
      expect(botbuilderAccepts(env)).toBe(true);
      expect(teamsMode(config)).toBe('authenticated');
      expect(() => new DeferredTeamsAdapter({ settings: config.teams } as unknown as TeamsAdapterOptions)).not.toThrow();
    }
  });

  it('refuses a managed identity given a password, naming the setting', () => {
    expect(() => loadConfig({ MICROSOFT_APP_ID: 'app-id', MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: TENANT, MICROSOFT_APP_PASSWORD: 'secret' }, '/srv/bot')).toThrow(
      'MICROSOFT_APP_PASSWORD: must not be set when MICROSOFT_APP_TYPE is UserAssignedMSI',
    );
  });

  it('refuses an app id without allowed tenants before botbuilder is loaded', () => {
    expect(() => new DeferredTeamsAdapter({ settings: { appId: 'app-id', appType: 'MultiTenant', allowedTenants: [] } } as unknown as TeamsAdapterOptions)).toThrow('TEAMS_ALLOWED_TENANTS');
  });
});
