// One error base for the whole bot: a string code chosen by the core, a message
// for logs, and the params a user-facing message (picked by code) may show.
export type ErrorCode =
  | 'AUTH.ROLE_REQUIRED'
  | 'AUTH.ROLE_HOLDER'
  | 'DB.UNAVAILABLE'
  | 'DB.CONFLICT'
  | 'FLOW.STALE'
  | 'NOT_FOUND'
  | 'INPUT.INVALID'
  | 'PLATFORM.NOT_SUPPORTED'
  | 'PLATFORM.UNREACHABLE'
  | 'PLATFORM.RATE_LIMITED'
  | 'PLATFORM.FAILED';

export class BotError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params: Record<string, string | number> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BotError';
  }
}

export function isBotError(error: unknown, code?: ErrorCode): error is BotError {
  return error instanceof BotError && (code === undefined || error.code === code);
}
