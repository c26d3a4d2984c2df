// Sign-in tokens and the session cookie. Tokens are 256 random bits; the database keeps
// only their SHA-256, so a copy of it opens no session.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'dashboard_session';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isToken(text: string | null | undefined): text is string {
  return typeof text === 'string' && TOKEN.test(text);
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The session token the request's cookie carries, if well formed. */
export function sessionToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE && isToken(value.join('='))) return value.join('=');
  }
  return undefined;
}

/** The cookie that opens a session: HttpOnly, SameSite=Strict, Secure behind HTTPS, only sent to /dashboard. */
export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/dashboard; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

/**
 * False when a form post comes from another site (a browser says so in Sec-Fetch-Site or
 * Origin): nobody can sign a visitor in to a session of theirs.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
