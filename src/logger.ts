// pino JSON logs. Tokens, secrets, authorization headers and message texts are
// redacted wherever they appear in logged objects.
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.appPassword', '*.password', '*.secret',
  'req.headers.authorization', 'req.headers["x-slack-signature"]', 'headers.authorization',
  '*.text', 'text', '*.body', 'body',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: undefined, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
