// Builds the CountryRegistry from the data shipped with the bot:
// - ISO 3166-1 codes and names in English, French, Spanish and Arabic: the i18n-iso-countries package;
// - LDC, LLDC and SIDS flags: un-country-groups.csv (sources and caveats in un-country-groups.md);
// - regions: un-m49-regions.csv, the UN M49 standard's region and sub-region of every
//   country or territory (Antarctica has none); Sub-Saharan Africa and Latin America and the
//   Caribbean are M49 sub-regions.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
// The package's index without its node entry, which registers all of its ~80 languages.
import { getAlpha2Codes } from 'i18n-iso-countries/index';
import arabic from 'i18n-iso-countries/langs/ar.json';
import english from 'i18n-iso-countries/langs/en.json';
import spanish from 'i18n-iso-countries/langs/es.json';
import french from 'i18n-iso-countries/langs/fr.json';
import { CountryRegistry, type CountryGroups, type CountryRegistryData } from '../core/countries/country-registry';
import { projectFile } from '../paths';

/** The LDC list in force since this date (44 countries); see un-country-groups.md. */
export const COUNTRY_GROUPS_LIST_DATE = '2024-12-13';
/** When un-country-groups.csv was compiled and checked against its sources. */
export const COUNTRY_GROUPS_COMPILED_ON = '2026-11-28';

export const countryGroupsFile = projectFile('src/data/un-country-groups.csv');
export const regionsFile = projectFile('src/data/un-m49-regions.csv');

// Kosovo's XK is a user-assigned code, not part of ISO 3166-1.
const NOT_ISO_3166_1 = new Set(['XK']);

/** Display names where the package's first English name is not the usual short one. */
const DISPLAY_NAMES: Record<string, string> = { CHN: 'China', CIV: "Côte d'Ivoire", VAT: 'Holy See' };

/** What members also type, beyond the package's and the UN list's names. */
const EXTRA_ALIASES: Record<string, string[]> = {
  ARE: ['Emirates'],
  ATG: ['Antigua'],
  BIH: ['Bosnia'],
  BOL: ['Bolivia (Plurinational State of)', 'Plurinational State of Bolivia'],
  BRN: ['Brunei'],
  CIV: ['Ivory Coast'],
  COD: ['DRC', 'DR Congo', 'Congo-Kinshasa', 'Congo Kinshasa', 'Democratic Republic of Congo', 'Congo DR'],
  COG: ['Congo-Brazzaville', 'Congo Brazzaville', 'Republic of Congo'],
  CPV: ['Cabo Verde', 'Cape Verde'],
  CZE: ['Czechia'],
  FSM: ['Micronesia (Federated States of)', 'Federated States of Micronesia'],
  GBR: ['Britain', 'United Kingdom of Great Britain and Northern Ireland'],
  HKG: ['Hong Kong SAR'],
  IRN: ['Iran (Islamic Republic of)'],
  KNA: ['Saint Kitts', 'St Kitts', 'Saint-Kitts-et-Nevis'],
  KOR: ['Korea, South'],
  LAO: ['Laos', 'Lao PDR'],
  MAC: ['Macau', 'Macao SAR'],
  MDA: ['Moldova', 'Republic of Moldova'],
  MKD: ['Macedonia'],
  MMR: ['Burma'],
  NLD: ['Holland'],
  PRK: ['DPRK', "Democratic People's Republic of Korea", 'Korea, North'],
  RUS: ['Russia'],
  STP: ['Sao Tome'],
  SWZ: ['Swaziland'],
  SYR: ['Syria'],
  TLS: ['East Timor'],
  TTO: ['Trinidad'],
  TZA: ['Tanzania'],
  USA: ['United States of America', 'États-Unis', 'EEUU', 'EE. UU.'],
  VAT: ['Vatican', 'Vatican City', 'Holy See (Vatican City State)'],
  VCT: ['Saint Vincent'],
  VEN: ['Venezuela (Bolivarian Republic of)'],
  VNM: ['Viet Nam', 'Vietnam'],
};

/** Country names in the bot's other languages (the package's first name in each). */
const OTHER_LANGUAGES: Record<string, { countries: Record<string, string | string[]> }> = { fr: french, es: spanish, ar: arabic };

/** Region names as the UN's M49 standard gives them in French, Spanish and Arabic. */
const REGIONS: { key: string; name: string; names: Record<string, string>; aliases?: string[]; column: 'region' | 'subregion'; value: string }[] = [
  { key: 'africa', name: 'Africa', names: { fr: 'Afrique', es: 'África', ar: 'أفريقيا' }, column: 'region', value: 'Africa' },
  {
    key: 'sub_saharan_africa',
    name: 'Sub-Saharan Africa',
    names: { fr: 'Afrique subsaharienne', es: 'África subsahariana', ar: 'أفريقيا جنوب الصحراء الكبرى' },
    column: 'subregion',
    value: 'Sub-Saharan Africa',
  },
  { key: 'americas', name: 'Americas', names: { fr: 'Amériques', es: 'Américas', ar: 'الأمريكتان' }, column: 'region', value: 'Americas' },
  {
    key: 'latin_america_caribbean',
    name: 'Latin America and the Caribbean',
    names: { fr: 'Amérique latine et Caraïbes', es: 'América Latina y el Caribe', ar: 'أمريكا اللاتينية ومنطقة البحر الكاريبي' },
    aliases: ['Latin America', 'Latin America and Caribbean', 'LAC', 'Amérique latine', 'América Latina'],
    column: 'subregion',
    value: 'Latin America and the Caribbean',
  },
  { key: 'asia', name: 'Asia', names: { fr: 'Asie', es: 'Asia', ar: 'آسيا' }, column: 'region', value: 'Asia' },
  { key: 'europe', name: 'Europe', names: { fr: 'Europe', es: 'Europa', ar: 'أوروبا' }, column: 'region', value: 'Europe' },
  { key: 'oceania', name: 'Oceania', names: { fr: 'Océanie', es: 'Oceanía', ar: 'أوقيانوسيا' }, aliases: ['Pacific', 'Pacific Islands', 'Pacifique', 'Pacífico'], column: 'region', value: 'Oceania' },
];

let registry: CountryRegistry | undefined;

/** The registry built from the shipped data, read once. */
export function loadCountryRegistry(): CountryRegistry {
  registry ??= new CountryRegistry(countryRegistryData());
  return registry;
}

export function countryRegistryData(): CountryRegistryData {
  const groupRows = readCsvRecords(countryGroupsFile);
  const listNames = new Map(groupRows.map((row) => [row.iso3, row.name]));
  const regionRows = readCsvRecords(regionsFile);
  return {
    countries: isoCountryList(listNames),
    groups: groupRows.map(toGroups),
    regions: REGIONS.map(({ key, name, names, aliases, column, value }) => ({
      key,
      name,
      names,
      aliases,
      members: regionRows.filter((row) => row[column] === value).map((row) => row.iso3),
    })),
    listDate: COUNTRY_GROUPS_LIST_DATE,
    compiledOn: COUNTRY_GROUPS_COMPILED_ON,
  };
}

/** Every ISO 3166-1 country; the UN list's short name ("Laos", "Micronesia") where it has one. */
function isoCountryList(listNames: Map<string, string>): CountryRegistryData['countries'] {
  const englishNames = english.countries as Record<string, string | string[]>;
  return Object.entries(getAlpha2Codes())
    .filter(([iso2]) => !NOT_ISO_3166_1.has(iso2))
    .map(([iso2, iso3]) => {
      const packageNames = ([] as string[]).concat(englishNames[iso2] ?? []);
      const name = listNames.get(iso3) ?? DISPLAY_NAMES[iso3] ?? packageNames[0] ?? iso3;
      const names: Record<string, string> = {};
      const otherNames: string[] = [];
      for (const [language, data] of Object.entries(OTHER_LANGUAGES)) {
        const inLanguage = ([] as string[]).concat(data.countries[iso2] ?? []);
        if (inLanguage[0]) names[language] = inLanguage[0];
        otherNames.push(...inLanguage);
      }
      const aliases = [...new Set([...packageNames, ...(EXTRA_ALIASES[iso3] ?? []), ...otherNames])].filter((alias) => alias !== name);
      return { iso3, iso2, name, aliases, names };
    });
}

function toGroups(row: Record<string, string>): CountryGroups {
  return {
    iso3: row.iso3,
    ldc: row.ldc === '1',
    lldc: row.lldc === '1',
    sids: row.sids === '1',
    ...(row.sids_un_member ? { sidsUnMember: row.sids_un_member === '1' } : {}),
    ...(row.notes ? { notes: row.notes } : {}),
  };
}

/** A CSV file (RFC 4180) with a header row, as one record per line keyed by the header's names. */
export function readCsvRecords(file: string): Record<string, string>[] {
  try {
    return parse(readFileSync(file, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
}
