// The words a coded column of an imported sheet may hold (stakeholder category, focus area or
// working group, pillar, pledge type, beneficiary group, pledge status), each folded as the import
// compares it (`normalize`), with the code it stands for: the keys, and the names in every language.
// A word that stands for two codes would be read as either: the coalition file that makes one is
// refused, and the import reads such a word as neither.
import { normalize } from '../text/similarity';
import type { Coalition } from './coalition';

/** One way of writing a code: its key (language "key") or its name in a language. */
export interface NamedCode {
  word: string;
  code: string;
  language: string;
}

/** Folded word -> code -> the languages (or "key") that write it so. */
export type CodeTable = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

/** The table of these ways of writing codes, each word folded by `fold` (the import's `normalize`, or a header's own folding). */
export function codeTable(entries: Iterable<NamedCode>, fold: (word: string) => string = normalize): CodeTable {
  const table = new Map<string, Map<string, string[]>>();
  for (const { word, code, language } of entries) {
    const folded = fold(word);
    if (!folded) continue;
    let codes = table.get(folded);
    if (!codes) table.set(folded, (codes = new Map<string, string[]>()));
    const languages = codes.get(code) ?? [];
    if (!languages.includes(language)) codes.set(code, [...languages, language]);
  }
  return table;
}

/** The code `text` stands for; undefined when it names none, or two. */
export function codeOf(table: CodeTable, text: string): string | undefined {
  const codes = table.get(normalize(text));
  return codes?.size === 1 ? [...codes.keys()][0] : undefined;
}

/** A word that stands for two codes or more in one column. */
export interface CodeClash {
  column: string;
  word: string;
  codes: { code: string; languages: readonly string[] }[];
}

export function codeClashes(tables: Readonly<Record<string, CodeTable>>): CodeClash[] {
  const clashes: CodeClash[] = [];
  for (const [column, table] of Object.entries(tables)) {
    for (const [word, codes] of table) if (codes.size > 1) clashes.push({ column, word, codes: [...codes].map(([code, languages]) => ({ code, languages })) });
  }
  return clashes;
}

type Named = { key: string; name: string };

/** Each item's key and its name in every language of the coalition (`name` picks the name). */
function named<T extends Named>(coalition: Coalition, items: (c: Pick<Coalition, 'focusAreas' | 'stakeholderCategories' | 'pledgeTypes' | 'beneficiaryGroups'>) => readonly T[], name: (item: T) => string = (item) => item.name): NamedCode[] {
  const entries: NamedCode[] = items(coalition).map((item) => ({ word: item.key, code: item.key, language: 'key' }));
  for (const language of coalition.languages) {
    const own = coalition.translations[language] ?? coalition;
    for (const item of items(own)) entries.push({ word: name(item), code: item.key, language });
  }
  return entries;
}

/** The import's column (its field) for each coded list of the coalition file. */
export const CODED_LISTS = {
  sector: 'stakeholderCategories',
  focusArea: 'focusAreas',
  type: 'pledgeTypes',
  beneficiaries: 'beneficiaryGroups',
} as const;

/**
 * The tables of the coalition's coded columns: categories, focus areas (and their working
 * groups' names), pledge types, beneficiary groups, and the pillars of each focus area
 * (`pillar:<area>`).
 */
export function coalitionCodeTables(coalition: Coalition): Record<string, CodeTable> {
  const tables: Record<string, CodeTable> = {
    sector: codeTable(named(coalition, (c) => c.stakeholderCategories)),
    focusArea: codeTable([...named(coalition, (c) => c.focusAreas), ...named(coalition, (c) => c.focusAreas, (area) => area.workingGroup.name)]),
    type: codeTable(named(coalition, (c) => c.pledgeTypes)),
    beneficiaries: codeTable(named(coalition, (c) => c.beneficiaryGroups)),
  };
  for (const area of coalition.focusAreas) {
    tables[`pillar:${area.key}`] = codeTable(named(coalition, (c) => c.focusAreas.find((a) => a.key === area.key)?.pillars ?? []));
  }
  return tables;
}
