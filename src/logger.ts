// pino logs: JSON lines, or readable lines on a terminal (LOG_FORMAT). Tokens, secrets,
// authorization headers and message texts are redacted wherever they appear in logged
// objects, and the configured secret values are masked in every line as a last guard.
// Lines logged while a request is handled carry its request id.
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export type LogFormat = 'json' | 'pretty';

export const REDACT_PATHS = [
  '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.appPassword', '*.password', '*.secret', '*.clientSecret',
  'authorization', '*.authorization', '*.Authorization', '*.headers.authorization', '*.headers.Authorization', '*.headers["x-slack-signature"]',
  'req.headers.authorization', 'req.headers["x-slack-signature"]', 'headers.authorization',
  '*.text', 'text', '*.body', 'body',
  // Personal data: never logged, at any level.
  '*.email', 'email', '*.displayName', 'displayName', '*.realName', '*.real_name', '*.userPrincipalName', '*.givenName', '*.surname',
];

const CENSOR = '[redacted]';

/** The request being handled in this async context (set by the HTTP server). */
const requestScope = new AsyncLocalStorage<string>();

/** Runs `work` as part of request `requestId`: every line logged meanwhile names it. */
export function inRequest<T>(requestId: string, work: () => T): T {
  return requestScope.run(requestId, work);
}

/** pretty on a terminal, JSON otherwise, unless LOG_FORMAT chose. */
export function chooseLogFormat(setting: LogFormat | undefined, isTTY: boolean): LogFormat {
  return setting ?? (isTTY ? 'pretty' : 'json');
}

export interface LoggerOptions {
  format?: LogFormat;
  /** Values that must never appear in a log line (tokens, passwords), masked wherever they occur. */
  secrets?: readonly (string | undefined)[];
  /** Where lines go (default: standard output). */
  destination?: DestinationStream;
  /** Colour the level in pretty lines (default: when standard output is a terminal). */
  colors?: boolean;
}

export function createLogger(level: string, options: LoggerOptions | DestinationStream = {}): Logger {
  const opts: LoggerOptions = 'write' in options ? { destination: options } : options;
  const format = opts.format ?? 'json';
  const secrets = (opts.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const out: DestinationStream = opts.destination ?? pino.destination({ dest: 1, sync: true });
  const pretty = format === 'pretty';
  const colors = opts.colors ?? (pretty && process.stdout.isTTY === true);
  const destination: DestinationStream = {
    write(line: string) {
      const masked = maskSecrets(line, secrets);
      out.write(pretty ? prettyLine(masked, { colors }) : masked);
    },
  };
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError, error: serializeError },
      mixin(_object, _level, logger) {
        const requestId = requestScope.getStore();
        return requestId && !('requestId' in logger.bindings()) ? { requestId } : {};
      },
    },
    destination,
  );
}

const CONSOLE_CENSORED = /^(headers|authorization|cookie|body|text|token|.*secret.*|.*password.*|config|request|response)$/i;

/**
 * Routes what libraries print with console.* (botbuilder prints a refused activity's error)
 * through the logger, so it is a structured line, redacted and with its request id. Errors
 * are reduced to type, message, code and stack; other objects lose header, body and secret keys.
 */
export function captureConsole(log: Logger): void {
  const logger = log.child({ component: 'console' });
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    if (!logger.isLevelEnabled(level)) return;
    const error = args.find((a): a is Error => a instanceof Error);
    const text = args
      .filter((a) => a !== error)
      .map((a) => (typeof a === 'string' ? a : JSON.stringify(a, (key, v: unknown) => (key !== '' && CONSOLE_CENSORED.test(key) ? CENSOR : v)) ?? String(a)))
      .join(' ');
    const status = (error as { statusCode?: unknown; status?: unknown } | undefined)?.statusCode ?? (error as { status?: unknown } | undefined)?.status;
    // A library reporting a request it refused (botbuilder prints 401s): the caller's fault, not ours.
    if (error && typeof status === 'number' && status >= 400 && status < 500) logger[level === 'error' ? 'warn' : level]({ status }, text || error.message);
    else if (error) logger[level]({ err: error }, text || error.message);
    else logger[level](text);
  };
  console.log = write('info');
  console.info = write('info');
  console.debug = write('debug');
  console.warn = write('warn');
  console.error = write('error');
}

function maskSecrets(line: string, secrets: readonly string[]): string {
  let masked = line;
  for (const secret of secrets) {
    if (masked.includes(secret)) masked = masked.split(secret).join(CENSOR);
    // The same value as it appears inside a JSON string.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && masked.includes(escaped)) masked = masked.split(escaped).join(CENSOR);
  }
  return masked;
}

/**
 * Errors are logged by type, message, code, status and stack (and their cause), never with
 * their other properties: SDK errors carry the request they failed on, headers included.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return typeof error === 'object' && error !== null ? { message: String((error as { message?: unknown }).message ?? 'non-error thrown') } : error;
  const e = error as Error & { code?: unknown; status?: unknown; statusCode?: unknown; cause?: unknown };
  const out: Record<string, unknown> = { type: e.name, message: e.message };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  const status = e.statusCode ?? e.status;
  if (typeof status === 'number') out.status = status;
  if (e.stack) out.stack = e.stack;
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '90' },
  20: { name: 'DEBUG', color: '36' },
  30: { name: 'INFO', color: '32' },
  40: { name: 'WARN', color: '33' },
  50: { name: 'ERROR', color: '31' },
  60: { name: 'FATAL', color: '35' },
};

/**
 * One JSON log line as a readable line: time (HH:MM:SS.mmm), level, message, then key=value
 * pairs; an error's stack follows on indented lines. A line that is not JSON passes as it is.
 */
export function prettyLine(json: string, options: { colors?: boolean } = {}): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const { time, level, msg, err, error, ...rest } = entry;
  const when = typeof time === 'string' ? time.slice(11, 23) : '';
  const known = LEVELS[Number(level)] ?? { name: String(level ?? ''), color: '0' };
  const name = known.name.padEnd(5);
  const levelText = options.colors ? `\u001b[${known.color}m${name}\u001b[0m` : name;
  const failure = (err ?? error) as { type?: string; message?: string; stack?: string } | string | undefined;
  const pairs = Object.entries(rest).map(([key, value]) => `${key}=${formatValue(value)}`);
  if (failure && typeof failure === 'object' && failure.message !== undefined) pairs.unshift(`err=${formatValue(failure.message)}`);
  else if (failure !== undefined) pairs.unshift(`err=${formatValue(failure)}`);
  const head = [when, levelText, typeof msg === 'string' ? msg : '', ...pairs].filter((part) => part !== '').join(' ');
  const stack = failure && typeof failure === 'object' && typeof failure.stack === 'string' ? failure.stack.split('\n').slice(1).map((l) => `    ${l.trim()}`) : [];
  return [head, ...stack].join('\n') + '\n';
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value);
}
