// Signed links are accepted only in the exact form the bot writes them. The expected
// signature is computed here independently (HMAC-SHA256 of "path\nexpires", base64url).
import { createHmac } from 'node:crypto';
import { LinkSigner } from '../../src/http/signed-links';

const KEY = 'k'.repeat(43);
const NOW = new Date('2026-12-01T10:00:00Z');
const PATH = '/exports/members.csv';
const EXPIRES = String(Math.floor(NOW.getTime() / 1000) + 3600);
const signer = new LinkSigner(KEY, 'http://localhost:3978');
const oracle = (path: string, expires: string) => createHmac('sha256', KEY).update(`${path}\n${expires}`).digest('base64url');
const check = (query: string) => signer.check(PATH, new URLSearchParams(query), NOW);

/** Base64url text that a lenient decoder reads as the same 32 bytes but that is not what the bot writes. */
function lastCharVariant(sig: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const index = alphabet.indexOf(sig[42]);
  // The last of 43 characters carries 4 bits of data and 2 spare bits: set a spare bit.
  return sig.slice(0, 42) + alphabet[index ^ 1];
}

describe('signed links', () => {
  const sig = oracle(PATH, EXPIRES);

  it('accepts the link as written, with the signature an independent HMAC gives', () => {
    const url = new URL(signer.url(PATH, new Date(Number(EXPIRES) * 1000)));
    expect(url.searchParams.get('sig')).toBe(sig);
    expect(check(url.search)).toBe('ok');
    expect(signer.check('/calendar/x.ics', new URLSearchParams({ sig: oracle('/calendar/x.ics', '') }), NOW)).toBe('ok');
  });

  it('refuses every non-canonical spelling of a valid signature', () => {
    expect(Buffer.from(lastCharVariant(sig), 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    const spellings = [
      `!!${sig}`, `${sig}!!`, ` ${sig}`, `${sig}=`, `${sig}==`, `${sig.slice(0, 20)}.${sig.slice(20)}`,
      sig.replace(/-/g, '+').replace(/_/g, '/') === sig ? `${sig}A` : sig.replace(/-/g, '+').replace(/_/g, '/'),
      lastCharVariant(sig), `${sig}AAAA`,
    ];
    for (const spelled of spellings) expect([spelled, check(`expires=${EXPIRES}&sig=${encodeURIComponent(spelled)}`)]).toEqual([spelled, 'invalid']);
  });

  it('refuses a second sig or expires, and an expiry not written as the bot writes it', () => {
    expect(check(`expires=${EXPIRES}&sig=${sig}&sig=${sig}`)).toBe('invalid');
    expect(check(`expires=${EXPIRES}&expires=${EXPIRES}&sig=${sig}`)).toBe('invalid');
    for (const expires of [`0${EXPIRES}`, `+${EXPIRES}`, `${EXPIRES}.0`, `${EXPIRES} `]) {
      expect(check(`expires=${encodeURIComponent(expires)}&sig=${oracle(PATH, expires)}`)).toBe('invalid');
    }
  });

  it('refuses an expired link and a link for another path', () => {
    const past = String(Math.floor(NOW.getTime() / 1000) - 1);
    expect(check(`expires=${past}&sig=${oracle(PATH, past)}`)).toBe('expired');
    expect(check(`expires=${EXPIRES}&sig=${oracle('/exports/pledges.csv', EXPIRES)}`)).toBe('invalid');
  });
});
