// The only reader of process.env: every setting is parsed and checked here at start,
// and the rest of the program receives typed options.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { validate as isCron } from 'node-cron';
import { z } from 'zod';
import { isTimeZone } from './core/time-zones';

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

const cron = optionalText.refine((v) => v === undefined || isCron(v), {
  message: 'expected a cron expression such as "0 9 * * 1" (minute hour day month weekday)',
});

const url = optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), { message: 'expected an http(s) URL' });

const envSchema = z
  .object({
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
  });

export interface Config {
  port: number;
  databaseUrl: string;
  coalitionFile?: string;
  slack?: { signingSecret?: string; botToken: string; appToken?: string; apiUrl?: string };
  teams: { appId?: string; appPassword?: string; tenantId?: string; appType: string };
  secretariat: { slack: string[]; teams: string[] };
  digest: { slackChannel?: string; teamsConversation?: string; cron?: string };
  reminderTickCron: string;
  timeZone?: string;
  localChat: boolean;
  publicUrl?: string;
  /** The ORGANIZER of calendar files (default: noreply@ the public URL's host). */
  calendarOrganizerEmail?: string;
  /** When set, GET /metrics requires it as a bearer token. */
  metricsToken?: string;
  logLevel: string;
  /** json or pretty; unset: pretty when standard output is a terminal, else json. */
  logFormat?: 'json' | 'pretty';
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
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL ?? `file:${resolve(baseDir, 'data', 'coalition.db')}`,
    coalitionFile: e.COALITION_FILE ? resolve(baseDir, e.COALITION_FILE) : undefined,
    slack: e.SLACK_BOT_TOKEN
      ? { signingSecret: e.SLACK_SIGNING_SECRET, botToken: e.SLACK_BOT_TOKEN, appToken: e.SLACK_APP_TOKEN, apiUrl: e.SLACK_API_URL }
      : undefined,
    teams: { appId: e.MICROSOFT_APP_ID, appPassword: e.MICROSOFT_APP_PASSWORD, tenantId: e.MICROSOFT_APP_TENANT_ID, appType: e.MICROSOFT_APP_TYPE },
    secretariat: { slack: e.SECRETARIAT_SLACK_USERS, teams: e.SECRETARIAT_TEAMS_USERS },
    digest: { slackChannel: e.DIGEST_SLACK_CHANNEL, teamsConversation: e.DIGEST_TEAMS_CONVERSATION, cron: e.DIGEST_CRON },
    reminderTickCron: e.REMINDER_TICK_CRON ?? '* * * * *',
    timeZone: e.TZ,
    localChat: e.LOCAL_CHAT ?? (!e.SLACK_BOT_TOKEN && !teamsConfigured),
    publicUrl: e.PUBLIC_URL,
    calendarOrganizerEmail: e.CALENDAR_ORGANIZER_EMAIL,
    metricsToken: e.METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
  };
}

/** Every variable the bot reads (docs/configuration.md and .env.example document each one). */
export const ENVIRONMENT_VARIABLES: readonly string[] = [...Object.keys(envSchema.innerType().shape), 'ENV_FILE'];
