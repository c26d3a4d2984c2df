// Right-to-left text (Arabic) mixed with numbers, URLs and English names reads correctly
// only when each inserted piece is isolated from the sentence around it: Unicode FSI (first
// strong isolate, U+2068) … PDI (pop directional isolate, U+2069). The catalog wraps every
// text parameter of a right-to-left language's message in them; the web chat sets each
// message's `dir` from textDirection.

export const FSI = '\u2068';
export const PDI = '\u2069';

/** `text` isolated from its surroundings: its direction is its own first strong character's. */
export function isolate(text: string): string {
  return text === '' ? text : `${FSI}${text}${PDI}`;
}

/** True for a right-to-left language (ar, fa, he, ur …), by the locale data of Intl. */
export function isRightToLeft(locale: string): boolean {
  try {
    const info = (new Intl.Locale(locale) as Intl.Locale & { textInfo?: { direction?: string }; getTextInfo?: () => { direction?: string } });
    const direction = (info.getTextInfo?.() ?? info.textInfo)?.direction;
    if (direction) return direction === 'rtl';
  } catch {
    return false;
  }
  return ['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'yi', 'dv', 'ckb'].includes(locale.split('-')[0]!.toLowerCase());
}

const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/gu;
const LTR_LETTER = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Devanagari}]/gu;

/**
 * The direction a whole message reads in: right to left when most of its letters are
 * right-to-left ones, links and isolated parameters aside (an Arabic sentence with an
 * English name or a URL inside is still rtl).
 */
export function textDirection(text: string): 'rtl' | 'ltr' {
  // Isolated parameters and links say nothing about the sentence around them.
  const sample = text.slice(0, 4000).replace(/\u2068[^\u2069]*\u2069/g, ' ').replace(/\bhttps?:\/\/\S+/g, ' ');
  const rtl = sample.match(RTL_LETTER)?.length ?? 0;
  const ltr = sample.match(LTR_LETTER)?.length ?? 0;
  return rtl > ltr ? 'rtl' : 'ltr';
}
