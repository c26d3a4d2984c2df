// Each language's date parser is loaded from chrono's module of that language at its first use;
// chrono's index, which loads them all, is the oracle: the same texts give the same readings.
import * as chrono from 'chrono-node';
import { dateParser } from '../../src/conversation/understanding/dates';

const REF = new Date('2026-12-07T09:00:00Z');

const SAMPLES: [string, chrono.Chrono, string[]][] = [
  ['en', chrono.casual, ['next Tuesday 14:00', '8 Dec 2pm', 'tomorrow 9:30', '2026-12-08 2pm']],
  ['fr', chrono.fr.casual, ['mardi prochain 14h00', '8 décembre 14h', 'demain 9h30']],
  ['es', chrono.es.casual, ['el martes 14:00', '8 de diciembre 14:00', 'mañana 9:30']],
  ['de', chrono.de.casual, ['nächsten Dienstag 14:00', '8. Dezember 14 Uhr', 'morgen 9:30']],
  ['pt', chrono.pt.casual, ['terça-feira 14:00', '8 de dezembro 14:00', 'amanhã 9:30']],
  ['it', chrono.it.casual, ['martedì 14:00', '8 dicembre 14:00']],
  ['nl', chrono.nl.casual, ['dinsdag 14:00', '8 december 14:00', 'morgen 9:30']],
  ['ru', chrono.ru.casual, ['во вторник в 14:00', '8 декабря 14:00', 'завтра 9:30']],
  ['ja', chrono.ja.casual, ['12月8日 14時', '明日 9時30分']],
  ['zh', chrono.zh.casual, ['12月8日 14点', '明天 9点30分']],
  ['ar', (chrono.ar as unknown as { casual?: chrono.Chrono }).casual ?? chrono.casual, ['غدا 9:30', '2026-12-08 14:00']],
];

const reading = (parser: chrono.Chrono, text: string) => parser.parse(text, REF, { forwardDate: true }).map((r) => ({ text: r.text, index: r.index, start: r.start.date().toISOString(), certain: ['hour', 'day', 'month'].map((c) => r.start.isCertain(c as 'hour')) }));

describe('date parsers by language', () => {
  it.each(SAMPLES)('%s reads as chrono\'s own parser of that language', (language, oracle, texts) => {
    for (const text of texts) {
      const expected = reading(oracle, text);
      expect(expected.length).toBeGreaterThan(0);
      expect(reading(dateParser(language), text)).toEqual(expected);
      expect(reading(dateParser(`${language}-XX`), text)).toEqual(expected);
    }
  });

  it('is English for a language chrono has no parser of here', () => {
    expect(reading(dateParser('sw'), 'tomorrow 9:30')).toEqual(reading(chrono.casual, 'tomorrow 9:30'));
    expect(dateParser('sw')).toBe(dateParser('en'));
  });

  it('loads each language once', () => {
    expect(dateParser('fr-CH')).toBe(dateParser('fr'));
  });
});
