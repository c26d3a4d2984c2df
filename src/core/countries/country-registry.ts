// Countries, the UN development groupings (LDC, LLDC, SIDS) and regions, built from data
// passed in (src/data/countries.ts loads it). Turns what members type into ISO alpha-3 codes.
import { closest, normalize } from '../text/similarity';

export interface Country {
  /** ISO 3166-1 alpha-3, upper case: the code stored everywhere. */
  readonly iso3: string;
  readonly iso2: string;
  /** The name in the registry's language (inLanguage), English by default. */
  readonly name: string;
  readonly aliases: readonly string[];
  /** Names by language (fr, es, ar …): what members may type in any of them. */
  readonly names?: Readonly<Record<string, string>>;
}

export interface CountryGroups {
  readonly iso3: string;
  readonly ldc: boolean;
  readonly lldc: boolean;
  readonly sids: boolean;
  /** For SIDS: whether it is a UN member state. */
  readonly sidsUnMember?: boolean;
  /** Graduations and caveats from the compilation. */
  readonly notes?: string;
}

export interface Region {
  readonly key: string;
  readonly name: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly aliases: readonly string[];
  /** ISO alpha-3 codes. */
  readonly members: readonly string[];
}

export interface CountryRegistryData {
  countries: readonly { iso3: string; iso2: string; name: string; aliases?: readonly string[]; names?: Readonly<Record<string, string>> }[];
  groups: readonly CountryGroups[];
  /** Geographic regions (e.g. continents); the LDC, LLDC and SIDS regions are built in. */
  regions?: readonly { key: string; name: string; aliases?: readonly string[]; names?: Readonly<Record<string, string>>; members: readonly string[] }[];
  /** Date of the group lists in force, YYYY-MM-DD. */
  listDate: string;
  /** When the lists were compiled and checked, YYYY-MM-DD. */
  compiledOn?: string;
}

export type CountryTarget =
  | { kind: 'country'; country: Country }
  | { kind: 'global' }
  | { kind: 'region'; key: string; name: string; members: readonly string[] };

export interface UnknownCountry {
  input: string;
  /** Closest countries, best first (at most 3); empty when nothing is close. */
  suggestions: Country[];
}

export type CountryResolution = CountryTarget | ({ kind: 'unknown' } & UnknownCountry);

export interface ParsedCountryList {
  resolved: CountryTarget[];
  unknown: UnknownCountry[];
}

export interface GroupCounts {
  ldc: number;
  lldc: number;
  sids: number;
}

const GLOBAL_WORDS = [
  'global', 'worldwide', 'world', 'all countries', 'everywhere',
  'mondial', 'monde', 'le monde entier', 'tous les pays', 'partout',
  'mundial', 'mundo', 'todo el mundo', 'todos los paises', 'en todas partes',
  'عالمي', 'العالم', 'جميع البلدان', 'كل البلدان',
];

/** The UN's groupings, named with the UN's own terms in each language. */
const GROUP_REGIONS = [
  {
    key: 'ldc', name: 'Least Developed Countries', flag: 'ldc',
    names: { fr: 'Pays les moins avancés (PMA)', es: 'Países menos adelantados (PMA)', ar: 'أقل البلدان نموا' },
    aliases: ['LDCs', 'least developed countries', 'least developed', 'PMA', 'pays les moins avancés', 'países menos adelantados', 'أقل البلدان نموا', 'أقل البلدان نموًا'],
  },
  {
    key: 'lldc', name: 'Landlocked Developing Countries', flag: 'lldc',
    names: { fr: 'Pays en développement sans littoral (PDSL)', es: 'Países en desarrollo sin litoral (PDSL)', ar: 'البلدان النامية غير الساحلية' },
    aliases: ['LLDCs', 'landlocked developing countries', 'landlocked', 'PDSL', 'pays en développement sans littoral', 'países en desarrollo sin litoral', 'البلدان النامية غير الساحلية'],
  },
  {
    key: 'sids', name: 'Small Island Developing States', flag: 'sids',
    names: { fr: 'Petits États insulaires en développement (PEID)', es: 'Pequeños Estados insulares en desarrollo (PEID)', ar: 'الدول الجزرية الصغيرة النامية' },
    aliases: ['small island developing states', 'small island states', 'PEID', 'petits États insulaires en développement', 'pequeños Estados insulares en desarrollo', 'الدول الجزرية الصغيرة النامية'],
  },
] as const;

/** How many list items one country name may span ("Bonaire, Sint Eustatius and Saba" spans 3). */
const MAX_PARTS_PER_NAME = 4;

/** Case, accents, apostrophes, "&" and "St." folded: "Côte d’Ivoire" = "cote divoire". */
export function foldCountryName(text: string): string {
  return normalize(text.replace(/['’ʼ`.]/g, '').replace(/&/g, ' and '))
    .replace(/\bst\b/g, 'saint')
    .replace(/^the /, '');
}

export class CountryRegistry {
  readonly listDate: string;
  readonly compiledOn: string | undefined;
  private readonly countries: readonly Country[];
  private readonly byIso3 = new Map<string, Country>();
  private readonly byIso2 = new Map<string, Country>();
  /** Folded name or alias -> the countries it names (more than one: ambiguous, e.g. "Congo"). */
  private readonly byName = new Map<string, Set<Country>>();
  private readonly regionList: Region[] = [];
  private readonly regionByName = new Map<string, Region>();
  private readonly groupsByIso3 = new Map<string, CountryGroups>();
  private readonly globalWords = new Set(GLOBAL_WORDS.map(foldCountryName));
  private readonly fuzzyKeys = new Map<Country, string[]>();
  /** Every language's registry built so far from the same data, shared among them. */
  private readonly languages: Map<string, CountryRegistry>;

  /**
   * `language`: the language of every name it gives (a name missing in it stays English);
   * members may type names in any language the data has.
   */
  constructor(private readonly data: CountryRegistryData, readonly language = 'en', siblings?: Map<string, CountryRegistry>) {
    this.languages = siblings ?? new Map([[language, this]]);
    this.listDate = data.listDate;
    this.compiledOn = data.compiledOn;
    this.countries = data.countries.map((c) => {
      const names = c.names ?? {};
      const name = names[language] ?? c.name;
      const aliases = [...new Set([c.name, ...(c.aliases ?? []), ...Object.values(names)])].filter((alias) => alias !== name);
      return Object.freeze({ iso3: c.iso3.toUpperCase(), iso2: c.iso2.toUpperCase(), name, aliases, names });
    });
    for (const country of this.countries) this.addCountry(country);
    for (const groups of data.groups) {
      const iso3 = this.known(groups.iso3, 'group list');
      this.groupsByIso3.set(iso3, { ...groups, iso3 });
    }
    for (const group of GROUP_REGIONS) {
      const members = [...this.groupsByIso3.values()].filter((g) => g[group.flag]).map((g) => g.iso3);
      this.addRegion(this.inOwnLanguage({ key: group.key, name: group.name, names: group.names, aliases: group.aliases, members }));
    }
    for (const region of data.regions ?? []) {
      this.addRegion(this.inOwnLanguage({ ...region, aliases: region.aliases ?? [], members: region.members.map((m) => this.known(m, `region ${region.key}`)) }));
    }
  }

  /** The same registry naming countries and regions in `locale`'s language (`fr-SN` -> French); built once per language. */
  inLanguage(locale: string): CountryRegistry {
    const language = locale.split('-')[0]!.toLowerCase();
    if (language === this.language) return this;
    let found = this.languages.get(language);
    if (!found) this.languages.set(language, (found = new CountryRegistry(this.data, language, this.languages)));
    return found;
  }

  private inOwnLanguage(region: Region): Region {
    const name = region.names?.[this.language] ?? region.name;
    return { ...region, name, aliases: [...new Set([region.name, ...region.aliases, ...Object.values(region.names ?? {})])].filter((alias) => alias !== name) };
  }

  all(): readonly Country[] {
    return this.countries;
  }

  /** The country with this ISO alpha-3 (or alpha-2) code, in any case. */
  get(code: string): Country | undefined {
    const wanted = code.trim().toUpperCase();
    return this.byIso3.get(wanted) ?? this.byIso2.get(wanted);
  }

  regions(): readonly Region[] {
    return this.regionList;
  }

  region(key: string): Region | undefined {
    return this.regionList.find((r) => r.key === key);
  }

  /** One token: a code, a name or alias, `global`, or a region; else close suggestions. */
  resolve(input: string): CountryResolution {
    const text = input.trim();
    const found = this.exactMatch(text);
    if (found) return found;
    const named = this.byName.get(foldCountryName(text));
    // A name shared by several countries ("Congo") is answered with all of them.
    const suggestions = named ? [...named] : this.suggest(foldCountryName(text));
    return { kind: 'unknown', input: text, suggestions };
  }

  /**
   * A list as members type it: separated by commas, semicolons, "and", "&" or new lines.
   * Names that contain those ("Trinidad and Tobago", "Korea, Republic of") stay whole.
   */
  parseList(input: string): ParsedCountryList {
    const resolved = new Map<string, CountryTarget>();
    const unknown = new Map<string, UnknownCountry>();
    for (const chunk of input.split(/[;\n\r]+/)) {
      const pieces = chunk.split(/(\s*,\s*|\s+and\s+|\s*&\s*)/i);
      const parts = pieces.filter((_, i) => i % 2 === 0).map((p) => p.trim().replace(/^(and|&)\s+/i, ''));
      const separators = pieces.filter((_, i) => i % 2 === 1);
      for (let start = 0; start < parts.length; ) {
        if (!parts[start]) {
          start++;
          continue;
        }
        const match = this.longestMatch(parts, separators, start);
        if (match) {
          resolved.set(targetId(match.target), match.target);
          start = match.end;
        } else {
          const result = this.resolve(parts[start]);
          if (result.kind === 'unknown') unknown.set(foldCountryName(result.input), { input: result.input, suggestions: result.suggestions });
          start++;
        }
      }
    }
    return { resolved: [...resolved.values()], unknown: [...unknown.values()] };
  }

  /** How many of the (distinct) countries are in each group. */
  classify(iso3List: readonly string[]): GroupCounts {
    const counts: GroupCounts = { ldc: 0, lldc: 0, sids: 0 };
    for (const iso3 of new Set(iso3List.map((code) => code.toUpperCase()))) {
      const groups = this.groupsByIso3.get(iso3);
      if (groups?.ldc) counts.ldc++;
      if (groups?.lldc) counts.lldc++;
      if (groups?.sids) counts.sids++;
    }
    return counts;
  }

  groupsOf(iso3: string): CountryGroups | undefined {
    return this.groupsByIso3.get(iso3.toUpperCase());
  }

  isLdc(iso3: string): boolean {
    return this.groupsOf(iso3)?.ldc ?? false;
  }

  isLldc(iso3: string): boolean {
    return this.groupsOf(iso3)?.lldc ?? false;
  }

  isSids(iso3: string): boolean {
    return this.groupsOf(iso3)?.sids ?? false;
  }

  private longestMatch(parts: string[], separators: string[], start: number): { target: CountryTarget; end: number } | undefined {
    for (let end = Math.min(parts.length, start + MAX_PARTS_PER_NAME); end > start; end--) {
      let candidate = parts[start];
      for (let i = start + 1; i < end; i++) candidate += separators[i - 1] + parts[i];
      const target = this.exactMatch(candidate);
      if (target) return { target, end };
    }
    return undefined;
  }

  private exactMatch(text: string): CountryTarget | undefined {
    const folded = foldCountryName(text);
    if (this.globalWords.has(folded)) return { kind: 'global' };
    const region = this.regionByName.get(folded);
    if (region) return { kind: 'region', key: region.key, name: region.name, members: region.members };
    const byCode = /^[a-z]{2,3}$/i.test(text.trim()) ? this.get(text) : undefined;
    if (byCode) return { kind: 'country', country: byCode };
    const named = this.byName.get(folded);
    return named?.size === 1 ? { kind: 'country', country: [...named][0] } : undefined;
  }

  private suggest(folded: string): Country[] {
    return closest(folded, this.countries, (country) => this.fuzzyKeys.get(country) ?? []);
  }

  private addCountry(country: Country): void {
    if (this.byIso3.has(country.iso3)) throw new Error(`Country ${country.iso3} is listed twice`);
    this.byIso3.set(country.iso3, country);
    this.byIso2.set(country.iso2, country);
    const names = [...new Set([country.name, ...country.aliases].map(foldCountryName))];
    for (const name of names) {
      const named = this.byName.get(name) ?? new Set<Country>();
      named.add(country);
      this.byName.set(name, named);
    }
    // Very short aliases ("UK", "US") would make every short typo look close.
    this.fuzzyKeys.set(country, names.filter((name) => name.length > 3));
  }

  private addRegion(region: Region): void {
    this.regionList.push(region);
    for (const name of [region.key, region.name, ...region.aliases]) this.regionByName.set(foldCountryName(name), region);
  }

  private known(iso3: string, where: string): string {
    const country = this.byIso3.get(iso3.toUpperCase());
    if (!country) throw new Error(`Unknown country code ${iso3} in the ${where}`);
    return country.iso3;
  }
}

function targetId(target: CountryTarget): string {
  return target.kind === 'country' ? `country:${target.country.iso3}` : target.kind === 'region' ? `region:${target.key}` : 'global';
}
