// Arabic messages with names, numbers and URLs inside: each text parameter isolated (FSI … PDI),
// the direction of a whole message found from its letters, and locales read from platforms.
import { FSI, isolate, isRightToLeft, PDI, textDirection } from '../../src/core/text/bidi';
import { registerCatalog, translator } from '../../src/conversation/catalog/catalog';
import { canonicalLocale, supportedLocale } from '../../src/core/members/locale';
import { browserLanguage } from '../../adapters/local/local-adapter';

describe('right to left', () => {
  it('knows right-to-left languages from the locale data', () => {
    expect(['ar', 'ar-YE', 'he', 'fa-IR'].map(isRightToLeft)).toEqual([true, true, true, true]);
    expect(['en', 'fr-SN', 'es-BO', 'zz-invalid-tag-!'].map(isRightToLeft)).toEqual([false, false, false, false]);
  });

  it('isolates the text parameters of an Arabic message, not its numbers (plural rules need them)', () => {
    registerCatalog('ar', { 'review.title': 'طلب من {name} إلى {group}', 'help.more': '{count, plural, one {عضو واحد} two {عضوان} few {# أعضاء} other {# عضو}}' } as never);
    registerCatalog('fr', { 'review.title': 'Demande de {name} pour {group}' } as never);
    const ar = translator('ar-YE');
    expect(ar('review.title', { name: 'Ada Lovelace', group: 'https://p2c.example/g/1' })).toBe(`طلب من ${FSI}Ada Lovelace${PDI} إلى ${FSI}https://p2c.example/g/1${PDI}`);
    expect(ar('help.more' as never, { count: 2 })).toBe('عضوان');
    expect(ar('help.more' as never, { count: 3 })).toBe('3 أعضاء');
    // Left-to-right languages are left as they are.
    expect(translator('fr')('review.title', { name: 'Ada', group: 'Accès' })).toBe('Demande de Ada pour Accès');
    expect(isolate('')).toBe('');
  });

  it('reads the direction of a whole message from most of its letters', () => {
    expect(textDirection('مرحبا Ada، اجتماعك في 14:00 على https://p2c.example')).toBe('rtl');
    expect(textDirection('Hello مرحبا, see https://p2c.example/meetings')).toBe('ltr');
    expect(textDirection('12:00 – 13:00')).toBe('ltr');
  });
});

describe('locales from platforms', () => {
  it('canonicalises tags and refuses what is not one', () => {
    expect(canonicalLocale('fr_sn')).toBe('fr-SN');
    expect(canonicalLocale('EN-us')).toBe('en-US');
    expect(canonicalLocale('not a tag')).toBeUndefined();
    expect(canonicalLocale('x'.repeat(100))).toBeUndefined();
    expect(canonicalLocale(undefined)).toBeUndefined();
  });

  it('answers a tag asked again, among many others, as Intl does', () => {
    const tags = ['fr_sn', 'not a tag', 'EN-us', ...Array.from({ length: 1200 }, (_, i) => `x-t${i}`), 'fr_sn', 'not a tag', 'EN-us', 'x-t3'];
    const intl = (tag: string) => {
      try {
        return Intl.getCanonicalLocales(tag.replace(/_/g, '-'))[0];
      } catch {
        return undefined;
      }
    };
    for (const tag of [...tags, ...tags]) expect([tag, canonicalLocale(tag)]).toEqual([tag, intl(tag)]);
  });

  it('takes a platform locale only in one of the languages, keeping its region', () => {
    const languages = ['en', 'fr', 'es', 'ar'];
    expect(supportedLocale('fr-SN', languages)).toBe('fr-SN');
    expect(supportedLocale('ar_YE', languages)).toBe('ar-YE');
    expect(supportedLocale('de-DE', languages)).toBeUndefined();
    expect(supportedLocale('fr-FR', ['en'])).toBeUndefined();
  });

  it("reads the browser's Accept-Language by its weights, ignoring the wildcard a script sends", () => {
    const req = (header?: string) => ({ headers: header === undefined ? {} : { 'accept-language': header } });
    expect(browserLanguage(req('fr-CH, fr;q=0.9, en;q=0.8'))).toBe('fr');
    expect(browserLanguage(req('de-DE, ar-YE;q=0.5, en;q=0.4'))).toBe('ar');
    expect(browserLanguage(req('en;q=0.2, es-BO'))).toBe('es');
    expect(browserLanguage(req('de'))).toBeUndefined();
    expect(browserLanguage(req('*'))).toBeUndefined();
    expect(browserLanguage(req())).toBeUndefined();
    expect(browserLanguage(req(`fr,${'x'.repeat(600)}`))).toBeUndefined();
  });
});
