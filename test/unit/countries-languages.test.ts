// Country, region and group names in French, Spanish and Arabic (i18n-iso-countries' names,
// the UN's terms): understood whatever the member's language, shown in the reader's.
import { loadCountryRegistry } from '../../src/data/countries';

const registry = loadCountryRegistry();

describe('countries in four languages', () => {
  it('understands a country typed in French, Spanish or Arabic', () => {
    const iso3 = (text: string) => {
      const found = registry.resolve(text);
      return found.kind === 'country' ? found.country.iso3 : found.kind;
    };
    expect(['Sénégal', 'senegal', 'السنغال', 'Bolivie', 'Bolivia', 'اليمن', 'Yémen', 'Estados Unidos', 'États-Unis', 'Côte d’Ivoire', 'Costa de Marfil', 'ساحل العاج'].map(iso3)).toEqual([
      'SEN', 'SEN', 'SEN', 'BOL', 'BOL', 'YEM', 'YEM', 'USA', 'USA', 'CIV', 'CIV', 'CIV',
    ]);
  });

  it('every name of every language finds its own country, or is shared by countries named so in English too', () => {
    const english = registry.inLanguage('en');
    const wrong: string[] = [];
    for (const country of english.all()) {
      for (const [language, name] of Object.entries(country.names ?? {})) {
        const found = english.resolve(name);
        if (found.kind === 'country' && found.country.iso3 === country.iso3) continue;
        if (found.kind === 'unknown' && found.suggestions.some((s) => s.iso3 === country.iso3)) continue; // a shared name: all are offered
        wrong.push(`${country.iso3} ${language} "${name}" -> ${found.kind === 'country' ? found.country.iso3 : found.kind}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(english.all().filter((c) => ['fr', 'es', 'ar'].every((l) => c.names?.[l])).length).toBeGreaterThan(240);
  });

  it("names countries, regions and the UN's groups in the reader's language", () => {
    expect(registry.inLanguage('fr-SN').get('SEN')?.name).toBe('Sénégal');
    expect(registry.inLanguage('ar').get('YEM')?.name).toBe('اليمن');
    expect(registry.inLanguage('es-BO').get('BOL')?.name).toBe('Bolivia');
    expect(registry.inLanguage('de').get('SEN')?.name).toBe('Senegal'); // no German names: English
    expect(registry.inLanguage('fr').inLanguage('en')).toBe(registry);
    expect(registry.inLanguage('fr').region('ldc')?.name).toBe('Pays les moins avancés (PMA)');
    expect(registry.inLanguage('es').region('lldc')?.name).toBe('Países en desarrollo sin litoral (PDSL)');
    expect(registry.inLanguage('ar').region('sids')?.name).toBe('الدول الجزرية الصغيرة النامية');
    expect(registry.inLanguage('fr').region('africa')?.name).toBe('Afrique');
  });

  it('understands the groups, regions and "everywhere" in each language', () => {
    const kind = (text: string) => {
      const found = registry.inLanguage('fr').resolve(text);
      return found.kind === 'region' ? found.key : found.kind;
    };
    expect(['PMA', 'pays les moins avancés', 'PDSL', 'PEID', 'أقل البلدان نموا', 'Amérique latine et Caraïbes', 'África subsahariana', 'mondial', 'todo el mundo', 'عالمي'].map(kind)).toEqual([
      'ldc', 'ldc', 'lldc', 'sids', 'ldc', 'latin_america_caribbean', 'sub_saharan_africa', 'global', 'global', 'global',
    ]);
  });
});

describe('lists in every language: the language\'s "and" words come from the caller', () => {
  const codes = (text: string, and: string[]) => {
    const { resolved, unknown } = registry.parseList(text, { and });
    return [...resolved.map((r) => (r.kind === 'country' ? r.country.iso3 : r.kind === 'region' ? `region:${r.key}` : r.kind)), ...unknown.map((u) => `?${u.input}`)];
  };
  it('French "et", names with "et" or hyphens kept whole', () => {
    expect(codes('Mali et Niger', ['et', '&', 'plus', 'and'])).toEqual(['MLI', 'NER']);
    expect(codes('Trinité-et-Tobago, Bosnie-Herzégovine et Saint-Kitts-et-Nevis', ['et'])).toEqual(['TTO', 'BIH', 'KNA']);
    expect(codes('Sénégal, Tchad et Antigua et Barbuda', ['et'])).toEqual(['SEN', 'TCD', 'ATG']);
  });
  it('Spanish "y" and "e", "Trinidad y Tobago" and "Antigua y Barbuda" kept whole', () => {
    expect(codes('Chile e India y Perú', ['y', 'e', 'más'])).toEqual(['CHL', 'IND', 'PER']);
    expect(codes('Trinidad y Tobago y Antigua y Barbuda', ['y', 'e'])).toEqual(['TTO', 'ATG']);
    expect(codes('Bolivia y San Vicente y las Granadinas', ['y'])).toEqual(['BOL', 'VCT']);
  });
  it('Arabic "و", spaced or glued to the next name, names with "و" kept whole', () => {
    expect(codes('مالي والنيجر', ['و', '&', 'and'])).toEqual(['MLI', 'NER']);
    expect(codes('مالي و النيجر وتشاد', ['و'])).toEqual(['MLI', 'NER', 'TCD']);
    expect(codes('ترينيداد وتوباغو والبوسنة والهرسك', ['و'])).toEqual(['TTO', 'BIH']);
    expect(codes('مالي، والس وفوتونا', ['و'])).toEqual(['MLI', 'WLF']);
    expect(codes('مالي والس وفوتونا', ['و'])).toEqual(['MLI', 'WLF']);
    expect(codes('اليمن؛ الأردن، مصر', ['و'])).toEqual(['YEM', 'JOR', 'EGY']);
  });
  it('English stays the default; another language\'s word is not a separator there', () => {
    expect(codes('Mali and Niger', ['et'])).toEqual(['?Mali and Niger']);
    expect(registry.parseList('Mali and Niger').resolved).toHaveLength(2);
  });
});
