// The only reader of process.env: every setting is parsed and checked here at start,
// and the rest of the program receives typed options.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import type { TeamsConnection } from '../adapters/teams/connection';
import { cronProblem, describeCronProblem } from './core/schedules/cron';
import { isTimeZone } from './core/time-zones';
import { isLoopbackUrl } from './http/loopback-url';
import { dataDirectory } from './paths';

const list = z
  .string()
  .optional()
  .transform((s) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean));

const optionalText = z
  .string()
  .optional()
  .transform((s) => (s && s.trim() !== '' ? s.trim() : undefined));

const flag = z
  .enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no', ''], {
    errorMap: () => ({ message: 'expected on or off (also true/false, 1/0, yes/no)' }),
  })
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : ['on', 'true', '1', 'yes'].includes(v)));

// Read by the same parser as the digest's slots; the time zone does not change whether it fires.
const cron = optionalText.superRefine((v, ctx) => {
  const problem = v === undefined ? null : cronProblem(v, 'UTC', new Date());
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: describeCronProblem(problem) });
});

/** A Microsoft Entra tenant id. */
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The listed tenants; for a single-tenant (or managed identity) app with no list, the app's own tenant. */
function allowedTenants(listed: string[], appType: string, appTenant: string | undefined): string[] {
  const tenants = listed.length > 0 ? listed : appType !== 'MultiTenant' && appTenant ? [appTenant] : [];
  return [...new Set(tenants.map((t) => t.toLowerCase()))];
}

const url = optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), { message: 'expected an http(s) URL' });

/** A whole number from 1 to `max`; `fallback` when unset. */
function positiveInteger(fallback: number, max: number) {
  return z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= 1 && n <= max, { message: `expected a whole number from 1 to ${max}` });
}

const envSchema = z
  .object({
    HOST: optionalText.refine((v) => v === undefined || /^[\w.:-]+$/.test(v), { message: 'expected an address to listen on, such as 127.0.0.1, 0.0.0.0 or ::' }),
    PORT: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v === '' ? 3978 : Number(v)))
      .refine((n) => Number.isInteger(n) && n >= 0 && n <= 65535, { message: 'expected an integer from 0 to 65535' }),
    DATABASE_URL: optionalText.refine((v) => v === undefined || /^(file:|sqlite:|postgres(ql)?:\/\/)/.test(v), {
      message: 'expected file:<path> (SQLite) or postgresql://user@host:port/db',
    }),
    COALITION_FILE: optionalText,
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), { message: 'expected a bot token starting with xoxb-' }),
    SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), { message: 'expected an app-level token starting with xapp-' }),
    SLACK_API_URL: url,
    MICROSOFT_APP_ID: optionalText,
    MICROSOFT_APP_PASSWORD: optionalText,
    MICROSOFT_APP_TENANT_ID: optionalText,
    MICROSOFT_APP_TYPE: z
      .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI', ''], { errorMap: () => ({ message: 'expected MultiTenant, SingleTenant or UserAssignedMSI' }) })
      .optional()
      .transform((v) => (v ? v : 'MultiTenant')),
    TEAMS_ALLOWED_TENANTS: list.refine((ids) => ids.every((id) => TENANT_ID.test(id)), { message: 'expected Microsoft Entra tenant ids (GUIDs), comma-separated' }),
    MICROSOFT_OPENID_METADATA_URL: url.refine((v) => v === undefined || isLoopbackUrl(v), {
      message: 'accepted only for a loopback URL (http://127.0.0.1:<port>/...): it names a test issuer of Bot Framework tokens',
    }),
    SECRETARIAT_SLACK_USERS: list,
    SECRETARIAT_TEAMS_USERS: list,
    DIGEST_SLACK_CHANNEL: optionalText,
    DIGEST_TEAMS_CONVERSATION: optionalText,
    DIGEST_CRON: cron,
    REMINDER_TICK_CRON: cron,
    TZ: optionalText.refine((v) => v === undefined || isTimeZone(v), { message: 'expected an IANA time zone such as Europe/Zurich' }),
    LOCAL_CHAT: flag,
    PUBLIC_URL: url,
    CALENDAR_ORGANIZER_EMAIL: optionalText.refine((v) => v === undefined || /^[^\s@:;,"<>]{1,64}@[A-Za-z0-9.-]{1,190}$/.test(v), { message: 'expected an email address such as meetings@example.org' }),
    METRICS_TOKEN: optionalText,
    LOCAL_CHAT_TOKEN: optionalText.refine((v) => v === undefined || /^[\w.~-]{16,200}$/.test(v), {
      message: 'expected 16 to 200 letters, digits, or . _ ~ - (unset: one is generated and kept in the data directory)',
    }),
    RATE_LIMIT_PER_MINUTE: positiveInteger(20, 100000),
    FLOW_RETENTION_DAYS: positiveInteger(30, 3650),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent', ''], { errorMap: () => ({ message: 'expected fatal, error, warn, info, debug, trace or silent' }) })
      .optional()
      .transform((v) => (v ? v : 'info')),
    LOG_FORMAT: z
      .enum(['json', 'pretty', ''], { errorMap: () => ({ message: 'expected json or pretty' }) })
      .optional()
      .transform((v) => (v ? v : undefined)),
  })
  .superRefine((env, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN)
      problem('SLACK_SIGNING_SECRET', 'required with SLACK_BOT_TOKEN (HTTP mode), unless SLACK_APP_TOKEN selects Socket Mode');
    if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN) problem('SLACK_BOT_TOKEN', 'required when Slack is configured');
    if (env.MICROSOFT_APP_PASSWORD && !env.MICROSOFT_APP_ID) problem('MICROSOFT_APP_ID', 'required with MICROSOFT_APP_PASSWORD');
    if (env.MICROSOFT_APP_ID && env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD)
      problem('MICROSOFT_APP_PASSWORD', 'required with MICROSOFT_APP_ID');
    if (env.MICROSOFT_APP_TYPE === 'SingleTenant' && !env.MICROSOFT_APP_TENANT_ID) problem('MICROSOFT_APP_TENANT_ID', 'required when MICROSOFT_APP_TYPE is SingleTenant');
    // A multi-tenant app can be installed by the admin of any Microsoft 365 tenant, who controls
    // every user attribute there: without a list of trusted tenants anyone could talk to the bot.
    if (env.MICROSOFT_APP_TYPE === 'UserAssignedMSI' && env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_TENANT_ID) problem('MICROSOFT_APP_TENANT_ID', 'required when MICROSOFT_APP_TYPE is UserAssignedMSI');
    if (env.MICROSOFT_APP_TYPE === 'UserAssignedMSI' && env.MICROSOFT_APP_PASSWORD) problem('MICROSOFT_APP_PASSWORD', 'must not be set when MICROSOFT_APP_TYPE is UserAssignedMSI (a managed identity has no password)');
    if (env.MICROSOFT_APP_ID && env.MICROSOFT_APP_TYPE === 'MultiTenant' && env.TEAMS_ALLOWED_TENANTS.length === 0)
      problem('TEAMS_ALLOWED_TENANTS', `required with MICROSOFT_APP_TYPE=${env.MICROSOFT_APP_TYPE}: list the tenant ids whose users may use the bot (any tenant's admin can install a multi-tenant app)`);
    if (env.MICROSOFT_OPENID_METADATA_URL && !env.MICROSOFT_APP_ID) problem('MICROSOFT_OPENID_METADATA_URL', 'needs MICROSOFT_APP_ID: it only changes where tokens are validated');
  });

export interface Config {
  /** The address the HTTP server listens on. */
  host: string;
  port: number;
  /** Where the bot keeps its files (the SQLite database by default, the local chat token). */
  dataDir: string;
  databaseUrl: string;
  coalitionFile?: string;
  slack?: { signingSecret?: string; botToken: string; appToken?: string; apiUrl?: string };
  teams: TeamsConnection;
  secretariat: { slack: string[]; teams: string[] };
  digest: { slackChannel?: string; teamsConversation?: string; cron?: string };
  reminderTickCron: string;
  timeZone?: string;
  localChat: boolean;
  /** LOCAL_CHAT_TOKEN; unset: generated once and kept in the data directory. */
  localChatToken?: string;
  /** Messages one person may send in a minute; more get one notice, then silence. */
  rateLimitPerMinute: number;
  /** Unfinished flows (drafts with personal answers) are deleted after this many days. */
  flowRetentionDays: number;
  publicUrl?: string;
  /** The ORGANIZER of calendar files (default: noreply@ the public URL's host). */
  calendarOrganizerEmail?: string;
  /** When set, GET /metrics requires it as a bearer token. */
  metricsToken?: string;
  logLevel: string;
  /** json or pretty; unset: pretty when standard output is a terminal, else json. */
  logFormat?: 'json' | 'pretty';
}

/**
 * How the Teams endpoint runs: validating every token when an app id is set; without one,
 * unauthenticated for local testing, but only while the local chat is on and no Slack or
 * Teams credentials are configured (a deployment never opens a door where anyone on the
 * machine can claim any Teams user); otherwise off.
 */
export function teamsMode(config: Pick<Config, 'teams' | 'slack' | 'localChat'>): 'authenticated' | 'unauthenticated' | 'off' {
  if (config.teams.appId) return 'authenticated';
  if (config.localChat && !config.slack) return 'unauthenticated';
  return 'off';
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string; found?: string }[]) {
    super(['Configuration is invalid:', ...problems.map((p) => `  - ${p.variable}: ${p.message}${p.found === undefined ? '' : `, found ${p.found}`}`)].join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Fills in, from an env file, the variables the environment itself does not set: `.env` in the
 * working directory when there is one, the file ENV_FILE names (which must exist), or none when
 * ENV_FILE is empty. Returns the file read, if any.
 */
export function applyEnvFile(env: NodeJS.ProcessEnv = process.env, baseDir = process.cwd()): string | undefined {
  if (env.ENV_FILE === '') return undefined;
  const file = resolve(baseDir, env.ENV_FILE ?? '.env');
  if (!existsSync(file)) {
    if (env.ENV_FILE) throw new ConfigError([{ variable: 'ENV_FILE', message: 'names no file', found: JSON.stringify(env.ENV_FILE) }]);
    return undefined;
  }
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (env[name] === undefined) env[name] = value;
  }
  return file;
}

/** Secrets are never echoed back in an error. */
const SECRET = /SECRET|TOKEN|PASSWORD/;

/** The configured values that must never be logged: tokens, passwords, the database password (as written and decoded). */
export function secretValues(config: Config): string[] {
  const passwords: string[] = [];
  try {
    const { password } = new URL(config.databaseUrl);
    if (password) passwords.push(password, decodeURIComponent(password));
  } catch {
    // A SQLite path: no password.
  }
  const values = [config.slack?.signingSecret, config.slack?.botToken, config.slack?.appToken, config.teams.appPassword, config.metricsToken, ...passwords];
  return [...new Set(values.filter((s): s is string => typeof s === 'string' && s !== ''))];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, baseDir = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0]);
        const value = env[variable];
        return { variable, message: issue.message, found: value === undefined || SECRET.test(variable) ? undefined : JSON.stringify(value) };
      }),
    );
  }
  const e = parsed.data;
  const teamsConfigured = Boolean(e.MICROSOFT_APP_ID);
  const localChat = e.LOCAL_CHAT ?? (!e.SLACK_BOT_TOKEN && !teamsConfigured);
  return {
    // Only the local chat: nobody else needs to reach the bot, so it listens on loopback alone.
    host: e.HOST ?? (localChat && !e.SLACK_BOT_TOKEN && !teamsConfigured ? '127.0.0.1' : '0.0.0.0'),
    port: e.PORT,
    dataDir: dataDirectory(resolve(baseDir)),
    databaseUrl: e.DATABASE_URL ?? `file:${resolve(baseDir, 'data', 'coalition.db')}`,
    coalitionFile: e.COALITION_FILE ? resolve(baseDir, e.COALITION_FILE) : undefined,
    slack: e.SLACK_BOT_TOKEN
      ? { signingSecret: e.SLACK_SIGNING_SECRET, botToken: e.SLACK_BOT_TOKEN, appToken: e.SLACK_APP_TOKEN, apiUrl: e.SLACK_API_URL }
      : undefined,
    teams: {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD,
      tenantId: e.MICROSOFT_APP_TENANT_ID,
      appType: e.MICROSOFT_APP_TYPE,
      allowedTenants: allowedTenants(e.TEAMS_ALLOWED_TENANTS, e.MICROSOFT_APP_TYPE, e.MICROSOFT_APP_TENANT_ID),
      openIdMetadataUrl: e.MICROSOFT_OPENID_METADATA_URL,
    },
    secretariat: { slack: e.SECRETARIAT_SLACK_USERS, teams: e.SECRETARIAT_TEAMS_USERS },
    digest: { slackChannel: e.DIGEST_SLACK_CHANNEL, teamsConversation: e.DIGEST_TEAMS_CONVERSATION, cron: e.DIGEST_CRON },
    reminderTickCron: e.REMINDER_TICK_CRON ?? '* * * * *',
    timeZone: e.TZ,
    localChat,
    localChatToken: e.LOCAL_CHAT_TOKEN,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    flowRetentionDays: e.FLOW_RETENTION_DAYS,
    publicUrl: e.PUBLIC_URL,
    calendarOrganizerEmail: e.CALENDAR_ORGANIZER_EMAIL,
    metricsToken: e.METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
  };
}

/** Every variable the bot reads (docs/configuration.md and .env.example document each one). */
export const ENVIRONMENT_VARIABLES: readonly string[] = [...Object.keys(envSchema.innerType().shape), 'ENV_FILE'];
