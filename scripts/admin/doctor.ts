// `admin doctor`: one line per check, each failure with what to do about it.
import { applyEnvFile, ConfigError, loadConfig, type Config } from '../../src/config';
import { CoalitionFileError, defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { describeDatabase, parseDatabaseUrl } from '../../src/db/database-url';
import { openDatabase } from '../../src/db/open-database';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do when the check fails. */
  fix?: string;
}

async function slackAuth(config: NonNullable<Config['slack']>): Promise<Check> {
  const base = (config.apiUrl ?? 'https://slack.com/api/').replace(/\/?$/, '/');
  try {
    const response = await fetch(`${base}auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { ok?: boolean; error?: string; team?: string; user?: string };
    if (body.ok) return { name: 'slack', ok: true, detail: `auth.test ok (team ${body.team ?? '?'}, bot user ${body.user ?? '?'})` };
    return { name: 'slack', ok: false, detail: `auth.test refused: ${body.error ?? `HTTP ${response.status}`}`, fix: 'check SLACK_BOT_TOKEN (the bot token from OAuth & Permissions) and that the app is installed' };
  } catch (error) {
    return { name: 'slack', ok: false, detail: `auth.test unreachable: ${error instanceof Error ? error.message : String(error)}`, fix: 'check the network and SLACK_API_URL' };
  }
}

function safeDescribe(url: string): string {
  try {
    return describeDatabase(parseDatabaseUrl(url));
  } catch {
    return 'DATABASE_URL';
  }
}

export async function doctor(env: NodeJS.ProcessEnv): Promise<Check[]> {
  const checks: Check[] = [];
  let config: Config;
  try {
    applyEnvFile(env);
    config = loadConfig(env);
    checks.push({ name: 'configuration', ok: true, detail: 'every setting is valid' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    checks.push({ name: 'configuration', ok: false, detail: error.problems.map((p) => `${p.variable}: ${p.message}`).join('; '), fix: 'correct these variables in .env (see .env.example)' });
    return checks;
  }
  const file = config.coalitionFile ?? defaultCoalitionFile;
  try {
    const coalition = loadCoalitionFile(file);
    checks.push({ name: 'coalition file', ok: true, detail: `${file}: ${coalition.name}, ${coalition.focusAreas.length} working groups` });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    checks.push({ name: 'coalition file', ok: false, detail: message.split('\n').join(' '), fix: error instanceof CoalitionFileError ? 'correct the file named by COALITION_FILE' : 'set COALITION_FILE to a readable YAML or JSON file' });
  }
  try {
    const database = await openDatabase({ url: config.databaseUrl, connectTimeoutMs: 5_000 });
    try {
      const healthy = await database.health();
      checks.push(
        healthy
          ? { name: 'database', ok: true, detail: `${database.provider} reachable, migrations applied` }
          : { name: 'database', ok: false, detail: `${database.provider} does not answer SELECT 1`, fix: 'check that the database server is running' },
      );
    } finally {
      await database.close();
    }
  } catch (error) {
    checks.push({ name: 'database', ok: false, detail: `${safeDescribe(config.databaseUrl)}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, fix: 'check DATABASE_URL, that the server runs and that the user may create tables' });
  }
  if (config.slack) checks.push(await slackAuth(config.slack));
  if (config.teams.appId) {
    const complete = config.teams.appType === 'UserAssignedMSI' || Boolean(config.teams.appPassword);
    checks.push(
      complete
        ? { name: 'teams', ok: true, detail: `credentials present for app ${config.teams.appId} (${config.teams.appType})` }
        : { name: 'teams', ok: false, detail: 'MICROSOFT_APP_PASSWORD is missing', fix: 'set the client secret of the Azure bot registration' },
    );
  }
  return checks;
}

export function checkLine(check: Check): string {
  return `${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}${check.ok || !check.fix ? '' : ` -> ${check.fix}`}`;
}
