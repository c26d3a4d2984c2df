// Deterministic odd inputs for the resilience tests: a seeded PRNG and the texts that break
// naive code (control characters, emoji, right-to-left text, 10,000-character walls).

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function prng(seed: number): { next(): number; int(n: number): number; pick<T>(items: readonly T[]): T; chance(p: number): boolean } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

export const EMOJI = '🌍 Pledge 🎉👍🏽 👨‍👩‍👧‍👦 🇺🇳';
export const RIGHT_TO_LEFT = 'مرحبا بالعالم — שלום עולם';
/** C0 and C1 control characters (NUL, BEL, ESC, DEL, NEL) inside ordinary text. */
export const CONTROL = 'Ann\u0000 Ex\u0007am\u001b[31mple\u007f\u0085';
/** A wall of text exactly at the local chat's limit. */
export const WALL = 'Lorem ipsum dolor sit amet, '.repeat(400).slice(0, 10_000);

/** The C0/C1 control characters the bot must never store (tab and newline are text). */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** A text a member might plausibly (or maliciously) type; at most 10,000 UTF-16 units. */
export function oddText(r: ReturnType<typeof prng>): string {
  const pieces = [EMOJI, RIGHT_TO_LEFT, CONTROL, 'help', 'profile', '', '   ', '\n\n', '\u202Eevil', '\uD800', 'a'.repeat(r.int(300)), '<script>alert(1)</script>', "'; DROP TABLE \"Member\"; --", '%s%n{0}${x}', '*bold* _it_ `code` <@U0X>'];
  if (r.chance(0.08)) return WALL;
  const count = 1 + r.int(4);
  let text = '';
  for (let i = 0; i < count; i++) text += r.pick(pieces) + (r.chance(0.5) ? ' ' : '');
  return text.slice(0, 10_000);
}
