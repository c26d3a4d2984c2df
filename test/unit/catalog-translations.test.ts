// Every language's catalog is complete: the same files and keys as English, the same
// placeholders, the same plural and select arguments, and the UN's own terms.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { IntlMessageFormat } from 'intl-messageformat';
import { catalogLanguages, compileMessage, englishTemplate, messageIds, ownMessages, translator, type MessageId } from '../../src/conversation/catalog/catalog';

type MessageFormatElement = ReturnType<IntlMessageFormat['getAst']>[number];

const LANGUAGES = ['fr', 'es', 'ar'];
const catalogDir = join(__dirname, '../../src/conversation/catalog');

/** Arguments of a message: every `{name}`, with how it is used (plain, plural, select …) and the select options. */
function argumentsOf(elements: MessageFormatElement[], out = new Map<string, string>()): Map<string, string> {
  for (const element of elements) {
    // Types of @formatjs/icu-messageformat-parser: 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural, 8 tag.
    switch (element.type) {
      case 1:
      case 2:
      case 3:
      case 4:
        out.set(element.value, out.get(element.value) === undefined || out.get(element.value) === 'argument' ? ['', 'argument', 'number', 'date', 'time'][element.type]! : out.get(element.value)!);
        break;
      case 5:
        out.set(element.value, `select(${Object.keys(element.options).sort().join(',')})`);
        for (const option of Object.values(element.options)) argumentsOf(option.value, out);
        break;
      case 6:
        out.set(element.value, element.pluralType === 'ordinal' ? 'selectordinal' : 'plural');
        for (const option of Object.values(element.options)) argumentsOf(option.value, out);
        break;
      case 8:
        argumentsOf(element.children, out);
        break;
      default:
        break;
    }
  }
  return out;
}

function signature(template: string, locale: string): string {
  return [...argumentsOf(compileMessage(template, locale).getAst())].sort(([a], [b]) => a.localeCompare(b)).map(([name, kind]) => `${name}:${kind}`).join(' ');
}

/** Plural messages: the categories each branch set offers (every set must have `other`). */
function pluralBranches(elements: MessageFormatElement[]): string[][] {
  return elements.flatMap((element) => {
    if (element.type === 6) return [Object.keys(element.options), ...Object.values(element.options).flatMap((o) => pluralBranches(o.value))];
    if (element.type === 5) return Object.values(element.options).flatMap((o) => pluralBranches(o.value));
    if (element.type === 8) return pluralBranches(element.children);
    return [];
  });
}

describe.each(LANGUAGES)('the %s catalog', (language) => {
  const own = ownMessages(language);

  it('is loaded from the same files as English', () => {
    expect(catalogLanguages()).toContain(language);
    const files = (dir: string) => readdirSync(join(catalogDir, dir)).filter((f) => f.endsWith('.json')).sort();
    expect(files(language)).toEqual(expect.arrayContaining(files('en')));
  });

  it('has every English key, and no key English lacks', () => {
    const missing = messageIds().filter((id) => own[id] === undefined);
    const extra = Object.keys(own).filter((id) => !messageIds().includes(id as MessageId));
    expect({ missing: missing.length, first: missing.slice(0, 20), extra }).toEqual({ missing: 0, first: [], extra: [] });
  });

  it('keeps every placeholder, plural and select argument of the English message', () => {
    const different = messageIds()
      .filter((id) => own[id] !== undefined)
      .flatMap((id) => {
        let theirs: string;
        try {
          theirs = signature(own[id]!, language);
        } catch (error) {
          return [`${id}: not valid ICU MessageFormat (${(error as Error).message})`];
        }
        const english = signature(englishTemplate(id), 'en');
        return theirs === english ? [] : [`${id}: ${language} has {${theirs}}, English {${english}}`];
      });
    expect(different).toEqual([]);
  });

  it('offers the "other" form in every plural', () => {
    const lacking = Object.entries(own).filter(([, template]) => {
      try {
        return pluralBranches(compileMessage(template!, language).getAst()).some((branches) => !branches.includes('other'));
      } catch {
        return false; // reported by the placeholder test
      }
    });
    expect(lacking.map(([id]) => id)).toEqual([]);
  });

  it('translates every sentence (no message identical to the English one)', () => {
    // Word lists may share words with English (ok, no), and a message with no words to translate is the same.
    const letters = /\p{L}{2,}/u;
    const same = messageIds().filter((id) => {
      const template = own[id];
      if (template === undefined || id.startsWith('words.') || template !== englishTemplate(id)) return false;
      const words = template.replace(/\{[^{}]*\}/g, '').replace(/\b(P2C|Partner2Connect|Slack|Teams|Microsoft|CSV|USD|ID|OK|iCal|URL)\b/g, '');
      // One short word may be the same word in both languages ("No" in Spanish).
      if (/^\W*\p{L}{1,3}\W*$/u.test(words)) return false;
      return letters.test(words);
    });
    expect(same).toEqual([]);
  });
});

/** The UN's terms for the country groups, per language (docs/glossary.md). */
const GLOSSARY: { english: RegExp; terms: Record<string, RegExp>; wrong: RegExp }[] = [
  { english: /\bLDCs?\b|least developed/i, terms: { fr: /\bPMA\b|pays les moins avancés/i, es: /\bPMA\b|países menos adelantados/i, ar: /أقل البلدان نموا/ }, wrong: /\bLDCs?\b/ },
  { english: /\bLLDCs?\b|landlocked/i, terms: { fr: /\bPDSL\b|sans littoral/i, es: /\bPDSL\b|sin litoral/i, ar: /البلدان النامية غير الساحلية/ }, wrong: /\bLLDCs?\b/ },
  { english: /\bSIDS\b|small island/i, terms: { fr: /\bPEID\b|petits États insulaires/i, es: /\bPEID\b|pequeños Estados insulares/i, ar: /الدول الجزرية الصغيرة النامية/ }, wrong: /\bSIDS\b/ },
];

describe.each(LANGUAGES)('the %s catalog uses the UN terms', (language) => {
  it.each(GLOSSARY.map((g) => [g.english.source, g] as const))('for %s', (_name, { english, terms, wrong }) => {
    const own = ownMessages(language);
    const ids = messageIds().filter((id) => english.test(englishTemplate(id)) && own[id] !== undefined);
    const off = ids.filter((id) => !terms[language]!.test(own[id]!) || wrong.test(own[id]!)).map((id) => `${id}: ${own[id]}`);
    expect(off).toEqual([]);
  });
});

describe('the glossary test itself', () => {
  it('finds the English messages naming the country groups (it would pass vacuously otherwise)', () => {
    for (const { english } of GLOSSARY) expect(messageIds().filter((id) => english.test(englishTemplate(id))).length).toBeGreaterThan(0);
  });

  it('catches a wrong term and a lost placeholder', () => {
    const [ldc] = GLOSSARY;
    expect(ldc!.terms.fr!.test('Pays LDC ciblés')).toBe(false);
    expect(ldc!.terms.ar!.test('أقل البلدان نموا المستهدفة')).toBe(true);
    expect(signature('{count, plural, one {# membre} other {# membres}} dans {group}', 'fr')).toBe(signature('{count, plural, one {# member} other {# members}} in {group}', 'en'));
    expect(signature('{count, plural, one {# membre} other {# membres}}', 'fr')).not.toBe(signature('{count, plural, one {# member} other {# members}} in {group}', 'en'));
    expect(signature('{n} membres', 'fr')).not.toBe(signature('{n, plural, other {# members}}', 'en'));
  });

  it('falls back to English per key at run time', () => {
    const id = messageIds().find((candidate) => ownMessages('fr')[candidate] === undefined);
    if (id) expect(translator('fr')(id)).toBe(translator('en')(id));
    else expect(messageIds().every((candidate) => ownMessages('fr')[candidate] !== undefined)).toBe(true);
  });
});
