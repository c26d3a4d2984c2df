// Edit distance for "did you mean" suggestions (commands, countries, time zones).

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[rows - 1][cols - 1];
}

/** Arabic letter variants typed interchangeably: hamza carriers to alif, ta marbuta to ha, alif maqsura to ya. */
const ARABIC_FOLDS: Record<string, string> = { 'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ة': 'ه', 'ى': 'ي' };

/**
 * Lower case, combining marks dropped (Latin accents, Arabic short vowels and shadda), Arabic letter
 * variants folded (أ إ آ -> ا, ة -> ه, ى -> ي), tatweel removed, Arabic-Indic digits to 0-9;
 * punctuation kept ("2.5m", "us$").
 */
export function foldLetters(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC')
    .replace(/\u0640/g, '')
    .replace(/[أإآٱةى]/g, (c) => ARABIC_FOLDS[c])
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/٫/g, '.')
    .replace(/٬/g, ',')
    .toLowerCase();
}

/** What is compared when matching words: letters folded (foldLetters), punctuation to spaces, spaces collapsed. */
export function normalize(text: string): string {
  return foldLetters(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The candidates closest to `input`, best first, within a distance that grows with
 * the word's length (1 for short words, up to a third of the length).
 */
export function closest<T>(input: string, candidates: readonly T[], keyOf: (c: T) => string | string[], limit = 3): T[] {
  const needle = normalize(input);
  if (!needle) return [];
  const allowed = Math.max(1, Math.floor(needle.length / 3));
  const scored: { candidate: T; score: number }[] = [];
  for (const candidate of candidates) {
    const keys = ([] as string[]).concat(keyOf(candidate)).map(normalize);
    // The distance is at least the difference in length: a key too long or short for `allowed`
    // is skipped unmeasured, so a wall of text costs no quadratic work per candidate.
    const score = Math.min(...keys.map((k) => (k.startsWith(needle) && needle.length >= 3 ? 0.5 : Math.abs(k.length - needle.length) > allowed ? Infinity : editDistance(needle, k))));
    if (score <= allowed) scored.push({ candidate, score });
  }
  return scored.sort((x, y) => x.score - y.score).slice(0, limit).map((s) => s.candidate);
}
