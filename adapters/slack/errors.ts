// Web API failures translated to the bot's error codes, so callers decide by code.
import { BotError } from '../../src/core/errors';

/** Slack errors meaning this address cannot be reached (left, deleted, archived). */
const UNREACHABLE = new Set(['channel_not_found', 'user_not_found', 'is_archived', 'not_in_channel', 'account_inactive', 'user_disabled', 'cannot_dm_bot']);

export function toBotError(error: unknown, method: string): BotError {
  const data = (error as { data?: { error?: string } }).data;
  const code = (error as { code?: string }).code;
  const slackError = data?.error ?? code ?? 'unknown';
  if (code === 'slack_webapi_rate_limited_error') return new BotError('PLATFORM.RATE_LIMITED', `Slack ${method}: rate limited`, { method }, { cause: error });
  if (UNREACHABLE.has(slackError)) return new BotError('PLATFORM.UNREACHABLE', `Slack ${method}: ${slackError}`, { method, error: slackError }, { cause: error });
  return new BotError('PLATFORM.FAILED', `Slack ${method}: ${slackError}`, { method, error: slackError }, { cause: error });
}
