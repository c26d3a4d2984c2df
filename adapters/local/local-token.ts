// The local chat's token: whoever holds it may speak as any demo identity, so it is what
// separates the person at this machine (who saw it printed, or can read the data directory)
// from any other program or page that can reach the port.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { localChatTokenFile } from '../../src/paths';

const TOKEN = /^[\w.~-]{16,200}$/;

/** The token kept in the data directory, or undefined when there is none (or it is unreadable). */
export function readLocalChatToken(dataDir: string): string | undefined {
  try {
    const token = readFileSync(localChatTokenFile(dataDir), 'utf8').trim();
    return TOKEN.test(token) ? token : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The configured token, else the one kept in the data directory, else a new random one written
 * there (readable by its owner only) so it survives restarts and `npm run chat` can read it.
 */
export function localChatToken(configured: string | undefined, dataDir: string): { token: string; source: 'configured' | 'kept' | 'generated' } {
  if (configured) return { token: configured, source: 'configured' };
  const kept = readLocalChatToken(dataDir);
  if (kept) return { token: kept, source: 'kept' };
  const token = randomBytes(24).toString('base64url');
  const file = localChatTokenFile(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, source: 'generated' };
}
