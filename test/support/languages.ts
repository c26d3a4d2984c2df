// The shipped coalition in its four languages. Where the shipped file does not (yet) carry
// every language, English is declared the fallback, so the bot still offers all four.
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import type { Coalition } from '../../src/core/coalition/coalition';
import { defaultCoalitionFile, loadCoalitionFile, parseCoalition } from '../../src/data/coalition-file';

export const LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;

export function fourLanguageCoalition(): Coalition {
  const shipped = loadCoalitionFile(defaultCoalitionFile);
  if (LANGUAGES.every((language) => shipped.languages.includes(language))) return shipped;
  const data = parse(readFileSync(defaultCoalitionFile, 'utf8'));
  data.languages = [...LANGUAGES];
  data.fallbacks = Object.fromEntries(LANGUAGES.filter((l) => l !== 'en').map((l) => [l, 'en']));
  return parseCoalition(stringify(data), 'yaml', 'p2c in four languages (test)');
}
