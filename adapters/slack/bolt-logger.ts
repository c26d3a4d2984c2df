// Bolt and the Web API client log through the bot's pino logger, tagged as Slack's.
// Their debug lines carry request and response payloads ("http request body: {...}"):
// the JSON in them is kept for its structure, with texts, blocks, tokens and personal data
// (users.info's names and emails) censored.
import type { Logger as SlackLogger } from '@slack/bolt';
import { LogLevel } from './bolt';
import type { Logger } from '../../src/logger';

const CENSORED_KEYS = /^(text|blocks|attachments|body|value|values|token|authorization|.*secret.*|.*password.*|view|message|messages|state|fallback|title|placeholder|label|initial_value|selected_options?|.*email.*|.*name.*|.*name_normalized|phone|skype|pronouns|userPrincipalName|givenName|surname|status_text)$/i;

function censor(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key !== '' && CENSORED_KEYS.test(key) && v !== null && v !== undefined ? '[redacted]' : v));
}

/** One part of a Bolt log call as text: JSON payloads (alone or after "label: ") censored. */
export function slackLogPart(part: unknown): string {
  if (part instanceof Error) return part.message;
  if (typeof part !== 'string') return censor(part);
  const json = /^([^{[]*?)([{[].*)$/s.exec(part);
  if (!json) return part;
  try {
    return `${json[1]}${censor(JSON.parse(json[2]))}`;
  } catch {
    return part;
  }
}

export function boltLogger(log: Logger): SlackLogger {
  let level = LogLevel.INFO;
  const child = log.child({ component: 'slack' });
  const line = (parts: unknown[]) => parts.map(slackLogPart).join(' ');
  return {
    // The payloads are parsed only when the level is on.
    debug: (...msg) => child.isLevelEnabled('debug') && child.debug(line(msg)),
    info: (...msg) => child.isLevelEnabled('info') && child.info(line(msg)),
    warn: (...msg) => child.warn(line(msg)),
    error: (...msg) => child.error(line(msg)),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
