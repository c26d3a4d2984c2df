// Bearer tokens (the metrics scrape, the local chat), compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';

/** True when the Authorization header is exactly "Bearer <token>". */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
  if (given === undefined) return false;
  // Digests of equal length: the time taken says nothing about the token, not even its length.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}
