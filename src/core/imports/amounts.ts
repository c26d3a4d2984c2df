// Amounts of a register in any catalog language: "2,500,000", "2,5 millions", "٧٥٠ ألف",
// "مليونان". Each language's words (given by the caller, as the headers are) read the cell; an amount
// two languages read differently ("1,500": 1,500 with an English thousands separator, 1.5 with a
// French decimal comma) is refused unless the file's language, known from its headers, reads it.
import { parseUsd, type AmountWords, type ValueParse } from '../pledges/value';

/** One language's amount words, with the mark it writes between units and decimals. */
export interface LanguageAmountWords {
  language: string;
  words: AmountWords;
}

export type AmountRead =
  | { ok: true; value: number }
  /** Two languages read different amounts: the first two readings, each with its language. */
  | { ok: false; reason: 'ambiguous'; readings: [{ language: string; value: number }, { language: string; value: number }] }
  | { ok: false; reason: Exclude<ValueParse, { ok: true }>['reason'] };

/**
 * The amount `text` says. `languages` in the order tried (the operator's first); `fileLanguage`,
 * when the file's headers name one language, wins over the others. Without languages, English.
 */
export function readAmount(text: string, languages: readonly LanguageAmountWords[], fileLanguage?: string): AmountRead {
  if (languages.length === 0) return settled(parseUsd(text));
  const readings = languages.map(({ language, words }) => ({ language, read: parseUsd(text, words) }));
  const own = readings.find((r) => r.language === fileLanguage)?.read;
  if (own?.ok) return own;
  const values: { language: string; value: number }[] = [];
  for (const { language, read } of readings) if (read.ok) values.push({ language, value: read.value });
  const other = values.find((v) => v.value !== values[0]?.value);
  if (values[0] && other) return { ok: false, reason: 'ambiguous', readings: [values[0], other] };
  if (values[0]) return { ok: true, value: values[0].value };
  // Read by none: the reason the first language (the operator's) gives.
  return settled(readings[0]!.read);
}

function settled(read: ValueParse): AmountRead {
  if (read.ok) return read;
  return { ok: false, reason: read.reason };
}
