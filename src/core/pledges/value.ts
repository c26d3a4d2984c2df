// Amounts in US dollars as members type them: "2.5m", "2,500,000", "USD 2.5 million", "1.2bn",
// "750k", "2,5 Mio" (a decimal comma before a scale word), "two million", "two and a half
// million", "dix-sept mille", "deux millions et demi". The words (scales, numbers, currency names) are given by the caller in the member's
// language; English by default. Negative amounts and words that are not an amount are refused.
import { foldLetters } from '../text/similarity';

export type ValueParse =
  | { ok: true; value: number }
  | { ok: false; reason: 'negative' | 'unreadable' | 'zero' }
  /** A number was read, followed by a word that is not a scale ("2.5 zillion"). */
  | { ok: false; reason: 'unknown_word'; number: number; word: string };

export interface AmountWords {
  /** Scale words and their factor: "m" → 1e6, "thousand" → 1e3. Lower case. */
  scales: Record<string, number>;
  /** Number words: "two" → 2, "half" → 0.5. Lower case; may hold spaces ("a hundred"). */
  numbers: Record<string, number>;
  /** Currency names and signs around the amount: "usd", "$", "us dollars". */
  currency: string[];
  /** Words that join number words ("two and a half"). */
  and: string[];
  /**
   * Words that say two of a number or scale word (Arabic duals: "مليونان" two million, "مئتا" two
   * hundred), each read as the words it stands for ("اثنان مليون"). Lower case, letters folded.
   */
  duals?: Record<string, string>;
  /**
   * The mark the language writes before decimals, when it is a comma ("1,5", "1 500,25"): then a
   * comma before digits is that mark and dots group thousands ("1.500" is 1,500). Without it, a
   * comma is read as in English (a thousands separator, or decimals before a scale: "2,5 Mio").
   */
  decimal?: ',' | '.';
}

export const ENGLISH_AMOUNT_WORDS: AmountWords = {
  scales: { k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, mio: 1e6, million: 1e6, millions: 1e6, b: 1e9, bn: 1e9, billion: 1e9, billions: 1e9 },
  numbers: { one: 1, a: 1, 'a half': 0.5, 'half a': 0.5, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twenty: 20, fifty: 50, hundred: 100, half: 0.5 },
  currency: ['usd', 'us$', '$', 'us dollars', 'dollars'],
  and: ['and'],
};

/** At most this many characters are read: an amount is short. */
const MAX_LENGTH = 100;

function stripCurrency(text: string, currency: string[]): string {
  const names = [...currency].sort((a, b) => b.length - a.length);
  let out = text;
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of names) {
      if (out.startsWith(name) && (name === '$' || name === 'us$' || !/[a-z]/.test(out[name.length] ?? ''))) {
        out = out.slice(name.length).trim();
        changed = true;
      }
      if (out.endsWith(name) && (name === '$' || !/[a-z]/.test(out[out.length - name.length - 1] ?? ''))) {
        out = out.slice(0, out.length - name.length).trim();
        changed = true;
      }
    }
  }
  return out;
}

/**
 * A figure as typed: thousands grouped by commas, dots, spaces or apostrophes ("2,500,000",
 * "2.500.000", "2 500 000"), with a decimal part after the other mark; or a plain decimal with a
 * dot or, when `commaDecimal`, a comma ("2,5"). With a `decimal` comma, a comma before the
 * decimals and dots between thousands ("1.500", "1 500,25"). NaN when it is not one.
 */
function figure(text: string, commaDecimal: boolean, decimal?: ',' | '.'): number {
  if (decimal === ',') {
    if (/^\d{1,3}(?:\.\d{3})+$/.test(text)) return Number(text.replace(/\./g, ''));
    const m = /^(\d+|\d{1,3}(?:[.' ]\d{3})+),(\d+)$/.exec(text);
    if (m && new Set(m[1].replace(/\d/g, '')).size <= 1) return Number(`${m[1].replace(/[.' ]/g, '')}.${m[2]}`);
  }
  if (/^\d+(\.\d+)?$|^\.\d+$/.test(text)) return Number(text);
  if (commaDecimal && /^\d+,\d{1,2}$/.test(text)) return Number(text.replace(',', '.'));
  let m = /^(\d{1,3}(?:,\d{3})+)(\.\d+)?$/.exec(text);
  if (m) return Number(m[1].replace(/,/g, '') + (m[2] ?? ''));
  m = /^(\d{1,3}(?:[.' ]\d{3})+)(,\d+)?$/.exec(text);
  if (m && new Set(m[1].replace(/\d/g, '')).size === 1) return Number(m[1].replace(/[.' ]/g, '') + (m[2] ?? '').replace(',', '.'));
  return NaN;
}

/** Number words ("two and a half", "a hundred"), longest match first; NaN when a word is not one. */
function wordsNumber(text: string, words: AmountWords): number {
  const known = Object.keys(words.numbers).sort((a, b) => b.length - a.length);
  // Hyphenated number words ("dix-sept", "quatre-vingt-dix") are listed with spaces.
  let rest = text.replace(/(\p{L})-(?=\p{L})/gu, '$1 ').trim();
  let total = 0;
  let read = false;
  while (rest) {
    const and = words.and.find((w) => rest === w || rest.startsWith(`${w} `) || (isGluedAnd(w) && rest.startsWith(w) && rest.length > 1));
    if (and && read) {
      rest = rest.slice(and.length).trim();
      continue;
    }
    const word = known.find((w) => rest === w || rest.startsWith(`${w} `));
    if (!word) return NaN;
    const n = words.numbers[word];
    total = n === 100 ? (total || 1) * 100 : total + n;
    read = true;
    rest = rest.slice(word.length).trim();
  }
  return read ? total : NaN;
}

/** A one-letter Arabic-script "and" ("و") is written glued to the next word ("ونصف"). */
const isGluedAnd = (word: string) => /^[\u0600-\u06ff]$/u.test(word);

const escapeRegExp = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A scale word followed by a fraction: "deux millions et demi", "dos millones y medio", "2 million
 * and a half", "مليون ونصف" (no number before the scale: one). NaN when the text is not so built.
 */
function scaleThenFraction(text: string, words: AmountWords): number {
  const scaleWords = Object.keys(words.scales).sort((a, b) => b.length - a.length);
  for (const scaleWord of scaleWords) {
    const m = new RegExp(`^(.*?)\\s*(?<![\\p{L}])${escapeRegExp(scaleWord)}(?![\\p{L}])\\s*(.+)$`, 'u').exec(text);
    if (!m) continue;
    let after = m[2].trim();
    const and = words.and.find((w) => after.startsWith(`${w} `) || (isGluedAnd(w) && after.startsWith(w)));
    if (!and) continue;
    after = after.slice(and.length).trim();
    const fraction = wordsNumber(after, words);
    if (!(fraction > 0 && fraction < 1)) continue;
    const before = m[1].trim();
    let number = before ? figure(before, true, words.decimal) : 1;
    if (Number.isNaN(number)) number = wordsNumber(before, words);
    if (!Number.isNaN(number)) return (number + fraction) * words.scales[scaleWord];
  }
  return NaN;
}

export function parseUsd(raw: string, words: AmountWords = ENGLISH_AMOUNT_WORDS): ValueParse {
  if (raw.length > MAX_LENGTH) return { ok: false, reason: 'unreadable' };
  let text = stripCurrency(foldLetters(raw.trim()).replace(/\s+/g, ' '), words.currency);
  const negative = /^[-−(]/.test(text);
  text = stripCurrency(text.replace(/^[-−(]\s*/, '').replace(/\)$/, '').trim(), words.currency);
  if (words.duals) text = text.split(' ').map((word) => words.duals![word] ?? word).join(' ');
  if (!text) return { ok: false, reason: 'unreadable' };
  // The scale word at the end, if any ("2.5 million", "1.2m", "two mio").
  const scaleWords = Object.keys(words.scales).sort((a, b) => b.length - a.length);
  let scale = 1;
  let number = text;
  const scaleWord = scaleWords.find((w) => text.endsWith(w) && (text.length === w.length || /[\d\s.-]/.test(text[text.length - w.length - 1])));
  if (scaleWord) {
    scale = words.scales[scaleWord];
    number = text.slice(0, text.length - scaleWord.length).replace(/-$/, '').trim();
  }
  let value = figure(number, Boolean(scaleWord), words.decimal);
  if (Number.isNaN(value)) value = wordsNumber(number, words);
  if (Number.isNaN(value) && !scaleWord) value = scaleThenFraction(text, words);
  if (Number.isNaN(value)) {
    // A figure followed by a word that is not a scale: that word is what was not understood.
    const m = /^([\d.,' ]*\d)\s*(\p{L}.*)$/u.exec(text);
    const read = m ? figure(m[1].trim(), true, words.decimal) : NaN;
    if (m && !Number.isNaN(read)) return { ok: false, reason: 'unknown_word', number: read, word: m[2].trim().slice(0, 30) };
    return { ok: false, reason: 'unreadable' };
  }
  if (negative) return { ok: false, reason: 'negative' };
  const amount = Math.round(value * scale * 100) / 100;
  if (!Number.isFinite(amount)) return { ok: false, reason: 'unreadable' };
  if (amount === 0) return { ok: false, reason: 'zero' };
  return { ok: true, value: amount };
}
