// Links the bot serves (calendar files, exports) carry an HMAC of their path and expiry,
// so they can be shared in chat without opening the data to anyone who guesses an id.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Where the key lives in the settings table: one key for every replica. */
export const LINK_KEY_SETTING = 'link-signing-key';

export function newLinkKey(): string {
  return randomBytes(32).toString('base64url');
}

export class LinkSigner {
  constructor(private readonly secret: string, private readonly baseUrl: string) {}

  /** An absolute URL for `path`, valid until `expiresAt` (never expiring when absent). */
  url(path: string, expiresAt?: Date): string {
    const expires = expiresAt ? String(Math.floor(expiresAt.getTime() / 1000)) : '';
    const query = new URLSearchParams({ ...(expires ? { expires } : {}), sig: this.signature(path, expires) });
    return `${this.baseUrl.replace(/\/$/, '')}${path}?${query}`;
  }

  /** 'ok', or why the link is refused. */
  check(path: string, query: URLSearchParams, now: Date): 'ok' | 'expired' | 'invalid' {
    // Exactly one of each, in the one form url() writes: a decoder that skips junk
    // ("!!<sig>", padding, a second sig) would accept links the bot never signed.
    const sigs = query.getAll('sig');
    const expiries = query.getAll('expires');
    if (sigs.length !== 1 || expiries.length > 1) return 'invalid';
    const expires = expiries[0] ?? '';
    if (expires !== '' && !/^[1-9]\d{0,11}$/.test(expires)) return 'invalid';
    const given = canonicalSignature(sigs[0]);
    if (!given) return 'invalid';
    const expected = Buffer.from(this.signature(path, expires), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    if (expires && Number(expires) * 1000 < now.getTime()) return 'expired';
    return 'ok';
  }

  private signature(path: string, expires: string): string {
    return createHmac('sha256', this.secret).update(`${path}\n${expires}`).digest('base64url');
  }
}

/** The bytes of a base64url HMAC-SHA256 written canonically (43 characters, no padding), else null. */
function canonicalSignature(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.length === 32 && bytes.toString('base64url') === text ? bytes : null;
}
