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
