// The answers the bot understands, in one place: words from the catalog (a language's lists are a
// catalog file), options by a word, lists, dates and times in a zone (checked against the
// Temporal polyfill's own zone arithmetic), time zones from cities and countries.
import { Temporal } from '@js-temporal/polyfill';
import { registerCatalog, translator } from '../../src/conversation/catalog/catalog';
import { matchChoice, parseByKind } from '../../src/conversation/flow/inputs';
import { readDateTime } from '../../src/conversation/understanding/dates';
import { zoneFromText, zonesOfCountry } from '../../src/conversation/understanding/time-zones';
import { amountWords, controlWord, editTarget, splitList, withoutFiller, yesOrNo } from '../../src/conversation/understanding/words';
import { parseUsd } from '../../src/core/pledges/value';
import { normalize } from '../../src/core/text/similarity';
import { loadCountryRegistry } from '../../src/data/countries';

const countries = loadCountryRegistry();

const t = translator('en');

describe('words from the catalog', () => {
  it.each(['yes', 'Yeah!', 'sure', 'OK', 'y', 'of course'])('"%s" is yes', (word) => expect(yesOrNo(word, t)).toBe(true));
  it.each(['no', 'Nope', 'nah', 'no thanks'])('"%s" is no', (word) => expect(yesOrNo(word, t)).toBe(false));
  it.each(['maybe', 'yes please send', ''])('"%s" is neither', (word) => expect(yesOrNo(word, t)).toBeUndefined());

  it('a language is one more catalog file: its words, English for what it lacks', () => {
    registerCatalog('xx', { 'words.yes': 'oui|ouais|d’accord', 'words.and': 'et', 'words.million': 'million|millions|mio', 'words.numbers': 'deux=2|trois=3', 'words.edit': 'modifier|éditer' });
    const fr = translator('xx');
    expect(yesOrNo('Ouais', fr)).toBe(true);
    expect(yesOrNo('yes', fr)).toBeUndefined();
    expect(yesOrNo('no', fr)).toBe(false); // not translated: English
    expect(splitList('accès et adoption', fr)).toEqual(['accès', 'adoption']);
    expect(parseUsd('deux millions', amountWords(fr))).toEqual({ ok: true, value: 2e6 });
    expect(controlWord('Cancel', fr)).toBe('cancel');
    // "edit" stays understood in every language (the summary's buttons send it).
    expect(editTarget('Éditer valeur', fr)).toBe('valeur');
    expect(editTarget('edit value', fr)).toBe('value');
    expect(editTarget('change value', fr)).toBeNull();
    expect(editTarget('change value', t)).toBe('value');
  });

  it('articles and "my" say nothing about which field, in every language', () => {
    expect(withoutFiller('the Title', t)).toBe('title');
    expect(withoutFiller('my estimated value', t)).toBe('estimated value');
    expect(withoutFiller('an amount', t)).toBe('amount');
    expect(withoutFiller('le titre', translator('fr'))).toBe('titre');
    expect(withoutFiller('l’objectif', translator('fr'))).toBe('objectif');
    expect(withoutFiller('mon nom', translator('fr'))).toBe('nom');
    expect(withoutFiller('los países', translator('es'))).toBe('paises');
    expect(withoutFiller('العنوان', translator('ar'))).toBe('عنوان');
    // Words that only begin like a filler stay whole; filler alone stays, to be asked about.
    expect(withoutFiller('theme', t)).toBe('theme');
    expect(withoutFiller('the', t)).toBe('the');
  });

  it('splits lists on commas, semicolons, new lines, "and" and "&"', () => {
    expect(splitList('access and adoption', t)).toEqual(['access', 'adoption']);
    expect(splitList('Niger, Mali & Fiji\nChad; Togo', t)).toEqual(['Niger', 'Mali', 'Fiji', 'Chad', 'Togo']);
    expect(splitList('  ,, ', t)).toEqual([]);
  });
});

describe('options', () => {
  const statuses = [
    { label: 'Announced', value: 'announced' },
    { label: 'In progress', value: 'in_progress' },
    { label: 'Completed', value: 'completed' },
  ];
  const areas = [
    { label: 'Access', value: 'access' },
    { label: 'Value Creation', value: 'value_creation' },
    { label: 'Accelerate', value: 'accelerate' },
  ];
  it.each([
    ['in progress', 'in_progress'],
    ['IN_PROGRESS', 'in_progress'],
    ['progress', 'in_progress'],
    ['2', 'in_progress'],
    ['complet', 'completed'],
  ])('"%s" is %s', (typed, value) => expect(matchChoice(typed, statuses)?.value).toBe(value));
  it('a word two options share, or too short a start, matches none', () => {
    expect(matchChoice('acc', areas)).toBeUndefined(); // Access, Accelerate
    expect(matchChoice('va', areas)).toBeUndefined();
    expect(matchChoice('value', areas)?.value).toBe('value_creation');
    expect(matchChoice('Créätion', areas)?.value).toBe('value_creation');
  });
  it('yes and no: to a yes/no question, and to the option a step names', () => {
    const repeat = [{ label: 'Does not repeat', value: 'none' }, { label: 'Every week', value: 'weekly' }];
    expect(parseByKind('choice', 'no', repeat, t, { no: 'none' })).toEqual({ ok: true, value: 'none' });
    expect(parseByKind('choice', 'yes', repeat, t, { no: 'none' })).toMatchObject({ ok: false });
    expect(parseByKind('yes-no', 'nope', [], t)).toEqual({ ok: true, value: false });
    expect(parseByKind('multi-choice', 'access and value', areas, t)).toEqual({ ok: true, value: ['access', 'value_creation'] });
  });
});

describe('dates and times in the member zone', () => {
  // The oracle: the Temporal polyfill's own calendar and zone arithmetic from the same instant.
  const zones = ['Europe/Zurich', 'America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kathmandu', 'Africa/Dar_es_Salaam'];
  const instants = ['2026-12-07T09:00:00Z', '2026-12-07T23:30:00Z', '2027-03-28T00:30:00Z', '2026-12-31T22:00:00Z'];
  for (const zone of zones) {
    for (const at of instants) {
      it(`reads words relative to today in ${zone} at ${at}`, () => {
        const now = new Date(at);
        const today = Temporal.Instant.from(at).toZonedDateTimeISO(zone).toPlainDate();
        const expectLocal = (text: string, date: Temporal.PlainDate, hour: number, minute: number) =>
          expect(readDateTime(text, now, zone)).toEqual({ kind: 'ok', local: { year: date.year, month: date.month, day: date.day, hour, minute } });
        expectLocal('tomorrow 9:30', today.add({ days: 1 }), 9, 30);
        expectLocal('today at 23:15', today, 23, 15);
        expectLocal('in 3 days at 2pm', today.add({ days: 3 }), 14, 0);
        const daysToFriday = ((5 - today.dayOfWeek + 7) % 7) || 7;
        const friday = readDateTime('Friday 10:00', now, zone);
        expect(friday.kind).toBe('ok');
        // "Friday" is this week's or the next one, never in the past.
        const read = friday.kind === 'ok' ? Temporal.PlainDate.from({ year: friday.local.year, month: friday.local.month, day: friday.local.day }) : today;
        expect(read.dayOfWeek).toBe(5);
        expect([daysToFriday, daysToFriday % 7].includes(today.until(read).days)).toBe(true);
      });
    }
  }
  it.each([
    ['2026-12-08 2pm', { year: 2026, month: 12, day: 8, hour: 14, minute: 0 }],
    ['2026-12-08 14:00', { year: 2026, month: 12, day: 8, hour: 14, minute: 0 }],
    ['8 Dec 2pm', { year: 2026, month: 12, day: 8, hour: 14, minute: 0 }],
    ['December 8 at 14:30', { year: 2026, month: 12, day: 8, hour: 14, minute: 30 }],
  ])('reads "%s"', (text, local) => expect(readDateTime(text, new Date('2026-12-07T09:00:00Z'), 'Europe/Zurich')).toEqual({ kind: 'ok', local }));
  it('says when the time is missing, and refuses what it cannot read or what is too long', () => {
    expect(readDateTime('next Tuesday', new Date('2026-12-07T09:00:00Z'), 'Europe/Zurich')).toEqual({ kind: 'no_time', date: { year: 2026, month: 12, day: 15 } });
    expect(readDateTime('banana', new Date(), 'UTC').kind).toBe('unreadable');
    expect(readDateTime('tomorrow 9:30 and then some words nobody reads', new Date(), 'UTC').kind).toBe('unreadable');
    expect(readDateTime('8 Dec 25:00', new Date(), 'UTC').kind).toBe('unreadable');
    expect(readDateTime(`tomorrow ${'x'.repeat(300)}`, new Date(), 'UTC').kind).toBe('unreadable');
    // A zone that is none (a crafted form) is refused, not thrown.
    expect(readDateTime('tomorrow 9:30', new Date(), 'undefined').kind).toBe('unreadable');
  });
  it('reads another language with its own parser', () => {
    expect(readDateTime('demain 9h30', new Date('2026-12-07T09:00:00Z'), 'Europe/Paris', 'fr-CH')).toEqual({ kind: 'ok', local: { year: 2026, month: 12, day: 8, hour: 9, minute: 30 } });
    expect(readDateTime('mañana a las 9:30', new Date('2026-12-07T09:00:00Z'), 'Europe/Madrid', 'es')).toEqual({ kind: 'ok', local: { year: 2026, month: 12, day: 8, hour: 9, minute: 30 } });
  });
});

describe('time zones', () => {
  it.each([
    ['Geneva', 'Europe/Zurich'],
    ['Europe/Geneva', 'Europe/Zurich'],
    ['europe/zurich', 'Europe/Zurich'],
    ['Zürich', 'Europe/Zurich'],
    ['Dar es Salaam', 'Africa/Dar_es_Salaam'],
    ['New York', 'America/New_York'],
    ['asia/kolkata', 'Asia/Kolkata'],
    ['UTC', 'UTC'],
  ])('"%s" is %s', (typed, zone) => expect(zoneFromText(typed)).toBe(zone));
  it('a city several countries have: the member country first, else the largest', () => {
    expect(zoneFromText('Santiago', 'CL')).toBe('America/Santiago');
    expect(zoneFromText('Santiago', 'DO')).toBe('America/Santo_Domingo');
    expect(zoneFromText('Atlantis')).toBeNull();
  });
  it("offers a country's zones, most people's first", () => {
    expect(zonesOfCountry('TZ')).toEqual(['Africa/Dar_es_Salaam']);
    expect(zonesOfCountry('CH')).toEqual(['Europe/Zurich']);
    expect(zonesOfCountry('US').slice(0, 3)).toEqual(['America/New_York', 'America/Chicago', 'America/Los_Angeles']);
    // Every zone offered is one the runtime can format.
    for (const code of ['US', 'BR', 'RU', 'AU', 'KI', 'FJ']) for (const zone of zonesOfCountry(code)) expect(() => new Intl.DateTimeFormat('en', { timeZone: zone })).not.toThrow();
  });
});

describe('Arabic as members type it: marks, hamza, ta marbuta, alif maqsura, tatweel, Arabic-Indic digits', () => {
  const ar = translator('ar');
  it('normalize drops every combining mark and folds the letter variants', () => {
    expect(normalize('ألف')).toBe('الف');
    expect(normalize('إلغاء')).toBe(normalize('الغاء'));
    expect(normalize('نَعَمْ')).toBe('نعم');
    expect(normalize('نـــعم')).toBe('نعم');
    expect(normalize('مائة')).toBe(normalize('مائه'));
    expect(normalize('مستشفى')).toBe(normalize('مستشفي'));
    expect(normalize('Côte d’Ivoire')).toBe('cote d ivoire');
  });

  it.each([
    ['750 ألف', 750_000],
    ['750 الف', 750_000],
    ['٧٥٠ ألف', 750_000],
    ['٢٫٥ مليون', 2_500_000],
    ['2 مليون دولار', 2_000_000],
    ['خمسة آلاف', 5_000],
    ['ثلاثة ملايين', 3_000_000],
  ])('"%s" is an amount', (text, value) => expect(parseUsd(text, amountWords(ar))).toEqual({ ok: true, value }));

  it.each(['نعم', 'نَعَم', 'أجل', 'اجل', 'بالتأكيد', 'بالتاكيد', 'نـعم'])('"%s" is yes', (word) => expect(yesOrNo(word, ar)).toBe(true));
  it.each(['لا', 'كلا', 'أبدا', 'ابدا', 'لا شكرًا'])('"%s" is no', (word) => expect(yesOrNo(word, ar)).toBe(false));

  it('countries with and without hamza, ta marbuta or diacritics', () => {
    const iso3 = (text: string) => {
      const found = countries.resolve(text);
      return found.kind === 'country' ? found.country.iso3 : found.kind;
    };
    expect(['الأردن', 'الاردن', 'إيطاليا', 'ايطاليا', 'إندونيسيا', 'اندونيسيا', 'أيرلندا', 'ايرلندا', 'الإمارات العربية المتحدة', 'الامارات العربيه المتحده', 'مِصْر'].map(iso3)).toEqual([
      'JOR', 'JOR', 'ITA', 'ITA', 'IDN', 'IDN', 'IRL', 'IRL', 'ARE', 'ARE', 'EGY',
    ]);
  });
});

describe('amounts in words in French, Spanish and Arabic', () => {
  it.each([
    ['fr', 'dix-sept mille', 17_000],
    ['fr', 'Dix-sept mille dollars', 17_000],
    ['fr', 'quatre-vingt-dix mille', 90_000],
    ['fr', 'vingt-deux millions', 22_000_000],
    ['fr', 'deux millions et demi', 2_500_000],
    ['fr', '2 millions et demi', 2_500_000],
    ['fr', 'un million et demi', 1_500_000],
    ['fr', 'trois milliards et demi', 3_500_000_000],
    ['es', 'veinte mil', 20_000],
    ['es', 'veinte-mil', 20_000],
    ['es', 'dos millones y medio', 2_500_000],
    ['es', 'dos mil millones y medio', 2_500_000_000],
    ['es', 'un millón y medio de dólares', 1_500_000],
    ['ar', 'مليون ونصف', 1_500_000],
    ['ar', '2 مليون و نصف', 2_500_000],
    ['ar', 'ثلاثة ملايين ونصف', 3_500_000],
    ['en', 'two million and a half', 2_500_000],
  ])('%s "%s"', (language, text, value) => expect(parseUsd(text, amountWords(translator(language)))).toEqual({ ok: true, value }));

  it.each([
    ['fr', 'deux millions et trois'],
    ['es', 'dos millones y medio y medio'],
    ['fr', 'deux millions demi'],
  ])('%s "%s" is not read as an amount', (language, text) => expect(parseUsd(text, amountWords(translator(language))).ok).toBe(false));
});

// Arabic duals: a number or scale word with the dual ending says two of it. Values as the grammar
// states them: F. Abu-Chacra, "Arabic: An Essential Grammar" (Routledge), §34.11-34.13: مِئَتَا two
// hundred (construct, "مئتا ولد" two hundred boys; مئتي in the genitive), أَلْفَانِ / أَلْفَيْنِ two
// thousand (nominative / accusative-genitive), مِلْيُونَانِ / مِلْيُونَيْنِ two million; مائة is the
// spelling of مئة with a silent alif (§34.11), so مائتان is مئتان.
describe('Arabic duals of amounts', () => {
  const ar = amountWords(translator('ar'));
  it.each([
    ['مليونان', 2_000_000],
    ['مليونين', 2_000_000],
    ['مِلْيُونَانِ', 2_000_000],
    ['ألفان', 2_000],
    ['ألفين', 2_000],
    ['أَلْفَيْنِ', 2_000],
    ['الفين دولار', 2_000],
    ['مئتان', 200],
    ['مائتان', 200],
    ['مئتين', 200],
    ['مائتين', 200],
    ['مئتا ألف', 200_000],
    ['مئتي ألف دولار', 200_000],
    ['مائتا ألف', 200_000],
    ['ملياران', 2_000_000_000],
    ['مليونان ونصف', 2_500_000],
    ['ألفان ونصف', 2_500],
    ['USD مليونين', 2_000_000],
  ])('"%s" is %d', (text, value) => expect(parseUsd(text, ar)).toEqual({ ok: true, value }));

  it('a dual is not read in another language, and what it is not stays unread', () => {
    expect(parseUsd('مليونان', amountWords(translator('fr'))).ok).toBe(false);
    expect(parseUsd('مليونان مليون', ar).ok).toBe(false);
  });

  it('round trip with Intl.NumberFormat("ar"): its figures (Western and Arabic-Indic digits) read back as the value a dual says', () => {
    for (const [dual, value] of [['مليونان', 2e6], ['ألفان', 2e3], ['مئتان', 200], ['مئتا ألف', 2e5], ['مليونان ونصف', 2.5e6]] as const) {
      const arabicIndic = new Intl.NumberFormat('ar-u-nu-arab').format(value);
      expect(arabicIndic).toMatch(/^[٠-٩٬٫]+$/);
      for (const figures of [new Intl.NumberFormat('ar').format(value), arabicIndic]) {
        expect(parseUsd(figures, ar)).toEqual({ ok: true, value });
        expect(parseUsd(dual, ar)).toEqual(parseUsd(figures, ar));
      }
    }
  });
});
