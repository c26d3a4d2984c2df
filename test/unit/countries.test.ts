import { readFileSync } from 'node:fs';
import { CountryRegistry, type CountryResolution } from '../../src/core/countries/country-registry';
import {
  COUNTRY_GROUPS_COMPILED_ON,
  COUNTRY_GROUPS_LIST_DATE,
  countryGroupsFile,
  loadCountryRegistry,
  readCsvRecords,
} from '../../src/data/countries';

const registry = loadCountryRegistry();

/** What a resolution names, compactly: `KEN`, `global`, `region:ldc`, `?Kenya|...`. */
function describe_(resolution: CountryResolution): string {
  switch (resolution.kind) {
    case 'country':
      return resolution.country.iso3;
    case 'global':
      return 'global';
    case 'region':
      return `region:${resolution.key}`;
    case 'unknown':
      return `?${resolution.suggestions.map((c) => c.iso3).join('|')}`;
  }
}

const resolve = (input: string) => describe_(registry.resolve(input));

describe('the shipped country data', () => {
  it('parses the UN groups CSV, quoted notes with commas included', () => {
    const rows = readCsvRecords(countryGroupsFile);
    expect(rows).toHaveLength(110);
    expect(rows.filter((r) => r.ldc === '1')).toHaveLength(44);
    expect(rows.filter((r) => r.lldc === '1')).toHaveLength(32);
    expect(rows.filter((r) => r.sids === '1')).toHaveLength(57);
    expect(rows.find((r) => r.iso3 === 'SEN')?.notes).toBe('LDC graduation scheduled 2029-12-19 (A/RES/79/230 of 2024-12-19, 5-year preparatory period)');
  });

  it('ships the CSV and its notes unchanged from the compilation', () => {
    expect(readFileSync(countryGroupsFile, 'utf8')).toMatch(/^iso3,name,ldc,lldc,sids,sids_un_member,notes\n/);
    expect(readFileSync(countryGroupsFile.replace(/\.csv$/, '.md'), 'utf8')).toMatch(/Compiled 2026-11-28/);
  });

  it('knows every ISO 3166-1 country and the date of the lists', () => {
    expect(registry.all()).toHaveLength(249);
    expect(registry.get('xkx')).toBeUndefined();
    expect(registry.listDate).toBe('2024-12-13');
    expect(COUNTRY_GROUPS_LIST_DATE).toBe('2024-12-13');
    expect(registry.compiledOn).toBe(COUNTRY_GROUPS_COMPILED_ON);
    expect(COUNTRY_GROUPS_COMPILED_ON).toBe('2026-11-28');
  });

  it('builds the LDC, LLDC and SIDS regions from the groups', () => {
    expect(registry.region('ldc')?.members).toHaveLength(44);
    expect(registry.region('lldc')?.members).toHaveLength(32);
    expect(registry.region('sids')?.members).toHaveLength(57);
  });

  it('places the LDCs in their M49 regions as the compilation counts them', () => {
    const ldcs = registry.region('ldc')!.members;
    const inRegion = (key: string) => ldcs.filter((iso3) => registry.region(key)!.members.includes(iso3)).length;
    expect([inRegion('africa'), inRegion('asia'), inRegion('latin_america_caribbean'), inRegion('oceania')]).toEqual([32, 8, 1, 3]);
  });

  it('puts every country but Antarctica in exactly one continent', () => {
    const continents = ['africa', 'americas', 'asia', 'europe', 'oceania'].map((key) => registry.region(key)!.members);
    const placed = continents.flat();
    expect(new Set(placed).size).toBe(placed.length);
    expect(registry.all().filter((c) => !placed.includes(c.iso3)).map((c) => c.iso3)).toEqual(['ATA']);
  });

  it('is read once', () => {
    expect(loadCountryRegistry()).toBe(registry);
  });
});

describe('resolve', () => {
  it.each([
    ['KEN', 'KEN'],
    ['ken', 'KEN'],
    ['KE', 'KEN'],
    ['ke', 'KEN'],
    ['Kenya', 'KEN'],
    ['  kenya ', 'KEN'],
  ])('finds a country by code or name: %s', (input, iso3) => {
    expect(resolve(input)).toBe(iso3);
  });

  it.each([
    ['USA', 'USA'],
    ['United States', 'USA'],
    ['U.S.', 'USA'],
    ['UK', 'GBR'],
    ['Great Britain', 'GBR'],
    ['Laos', 'LAO'],
    ["Lao People's Democratic Republic", 'LAO'],
    ['Bolivia', 'BOL'],
    ['Tanzania', 'TZA'],
    ['United Republic of Tanzania', 'TZA'],
    ['Ivory Coast', 'CIV'],
    ["Cote d'Ivoire", 'CIV'],
    ['Côte d’Ivoire', 'CIV'],
    ['DRC', 'COD'],
    ['Democratic Republic of the Congo', 'COD'],
    ['Vietnam', 'VNM'],
    ['Viet Nam', 'VNM'],
    ['Russia', 'RUS'],
    ['South Korea', 'KOR'],
    ['Korea, Republic of', 'KOR'],
    ['Cape Verde', 'CPV'],
    ['Micronesia', 'FSM'],
    ['The Gambia', 'GMB'],
    ['St. Lucia', 'LCA'],
    ['Trinidad & Tobago', 'TTO'],
  ])('knows the alias %s', (input, iso3) => {
    expect(resolve(input)).toBe(iso3);
  });

  it('folds accents both ways', () => {
    expect(resolve('Sao Tome and Principe')).toBe('STP');
    expect(resolve('SÃO TOMÉ AND PRÍNCIPE')).toBe('STP');
    expect(resolve('Curacao')).toBe('CUW');
    expect(registry.get('CUW')?.name).toBe('Curaçao');
  });

  it('names countries as the UN list does where it has them', () => {
    expect(registry.get('LAO')?.name).toBe('Laos');
    expect(registry.get('FSM')?.name).toBe('Micronesia');
    expect(registry.get('CIV')?.name).toBe("Côte d'Ivoire");
    expect(registry.get('CHN')?.name).toBe('China');
  });

  it('resolves global and the regions', () => {
    expect(registry.resolve('global')).toEqual({ kind: 'global' });
    expect(resolve('Worldwide')).toBe('global');
    expect(resolve('LDCs')).toBe('region:ldc');
    expect(resolve('least developed countries')).toBe('region:ldc');
    expect(resolve('LLDC')).toBe('region:lldc');
    expect(resolve('SIDS')).toBe('region:sids');
    expect(resolve('Small Island Developing States')).toBe('region:sids');
    expect(resolve('Africa')).toBe('region:africa');
    expect(resolve('Latin America')).toBe('region:latin_america_caribbean');
    expect(resolve('Pacific')).toBe('region:oceania');
    const ldc = registry.resolve('ldc');
    expect(ldc).toMatchObject({ kind: 'region', key: 'ldc', name: 'Least Developed Countries' });
    expect(ldc.kind === 'region' && ldc.members).toContain('NPL');
  });

  it('suggests the closest countries for a typo', () => {
    expect(resolve('Keniya')).toBe('?KEN');
    expect(resolve('Nigerai')).toMatch(/^\?NGA/);
    expect(resolve('Frnace')).toBe('?FRA');
    expect(resolve('Bangldesh')).toBe('?BGD');
    const unknown = registry.resolve('Nigerai');
    expect(unknown.kind === 'unknown' && unknown.suggestions.length).toBeLessThanOrEqual(3);
  });

  it('offers the candidates of an ambiguous name', () => {
    expect(resolve('Congo')).toBe('?COG|COD');
  });

  it('returns no suggestion when nothing is close', () => {
    expect(registry.resolve('Narnia')).toEqual({ kind: 'unknown', input: 'Narnia', suggestions: [] });
    expect(resolve('XX')).toBe('?');
  });
});

describe('parseList', () => {
  it('splits on commas, semicolons, "and" and new lines, keeping names that contain them', () => {
    const { resolved, unknown } = registry.parseList(
      'Kenya, Uganda and Nepal; global\nTrinidad and Tobago, Bonaire, Sint Eustatius and Saba & Fiji, and Atlantis, Keniya, KEN, SIDS',
    );
    expect(resolved.map(describe_)).toEqual(['KEN', 'UGA', 'NPL', 'global', 'TTO', 'BES', 'FJI', 'region:sids']);
    expect(unknown).toEqual([
      { input: 'Atlantis', suggestions: [] },
      { input: 'Keniya', suggestions: [expect.objectContaining({ iso3: 'KEN' })] },
    ]);
  });

  it('keeps an inverted name with a comma whole', () => {
    expect(registry.parseList('Korea, Republic of; Moldova, Republic of').resolved.map(describe_)).toEqual(['KOR', 'MDA']);
  });

  it('ignores empty items', () => {
    expect(registry.parseList(' , ;\n').resolved).toEqual([]);
    expect(registry.parseList('Chad,,Mali,').resolved.map(describe_)).toEqual(['TCD', 'MLI']);
  });
});

describe('classify', () => {
  it('counts distinct countries in each group', () => {
    // Nepal: LDC+LLDC; Haiti: LDC+SIDS; Bolivia: LLDC; Fiji: SIDS; France: none.
    expect(registry.classify(['NPL', 'HTI', 'BOL', 'FJI', 'FRA', 'npl'])).toEqual({ ldc: 2, lldc: 2, sids: 2 });
    expect(registry.classify([])).toEqual({ ldc: 0, lldc: 0, sids: 0 });
  });

  it('answers per country', () => {
    expect(registry.isLdc('NPL')).toBe(true);
    expect(registry.isLldc('npl')).toBe(true);
    expect(registry.isSids('NPL')).toBe(false);
    expect(registry.isLdc('BTN')).toBe(false); // graduated 2023-12-13
    expect(registry.isSids('COK')).toBe(true);
    expect(registry.groupsOf('COK')?.sidsUnMember).toBe(false);
    expect(registry.isLdc('FRA')).toBe(false);
  });
});

describe('CountryRegistry from data', () => {
  const small = () =>
    new CountryRegistry({
      countries: [
        { iso3: 'AAA', iso2: 'AA', name: 'Alphaland', aliases: ['Alpha'] },
        { iso3: 'BBB', iso2: 'BB', name: 'Betania' },
      ],
      groups: [{ iso3: 'AAA', ldc: true, lldc: false, sids: true }],
      regions: [{ key: 'north', name: 'The North', members: ['BBB'] }],
      listDate: '2024-01-01',
    });

  it('works on any data, with built-in group regions', () => {
    const registry = small();
    expect(describe_(registry.resolve('alpha'))).toBe('AAA');
    expect(describe_(registry.resolve('north'))).toBe('region:north');
    expect(registry.region('sids')?.members).toEqual(['AAA']);
    expect(registry.compiledOn).toBeUndefined();
  });

  it('rejects a group or region naming an unknown country', () => {
    expect(
      () => new CountryRegistry({ countries: [{ iso3: 'AAA', iso2: 'AA', name: 'A' }], groups: [{ iso3: 'ZZZ', ldc: true, lldc: false, sids: false }], listDate: '2024-01-01' }),
    ).toThrow(/ZZZ/);
  });
});
