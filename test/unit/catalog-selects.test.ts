// A `select` chooses by the word it is given in every language (`{who, select, chair {…}}`), right
// to left included, where text parameters are isolated: each message with a select, in each
// language, formatted by the bot for each of its options, is what intl-messageformat itself writes
// for the same parameters, isolation marks aside.
import { IntlMessageFormat } from 'intl-messageformat';
import { catalogLanguages, commandWords, messageIds, ownMessages, translator, type MessageId } from '../../src/conversation/catalog/catalog';

/** A parsed message's element, as intl-messageformat's getAst() gives it (its parser's TYPE numbers). */
interface Element {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
}
const [ARGUMENT, NUMBER, SELECT, PLURAL] = [1, 2, 5, 6];

/** Each argument's kind: the options of a select, 'number' for plurals and numbers, 'text' otherwise. */
function argumentsOf(elements: Element[], into = new Map<string, string[] | 'number' | 'text'>()): Map<string, string[] | 'number' | 'text'> {
  for (const e of elements) {
    if (typeof e.value === 'string' && (e.type === ARGUMENT || e.type === NUMBER || e.type === SELECT || e.type === PLURAL)) {
      into.set(e.value, e.type === SELECT ? Object.keys(e.options!).filter((k) => k !== 'other') : e.type === ARGUMENT ? 'text' : 'number');
    }
    for (const option of Object.values(e.options ?? {})) argumentsOf(option.value, into);
    if (e.children) argumentsOf(e.children, into);
  }
  return into;
}

const ISOLATES = /[\u2066-\u2069]/g;

describe('select in every language', () => {
  const cases = catalogLanguages().flatMap((language) =>
    messageIds()
      .filter((id) => (ownMessages(language)[id] ?? '').includes('select,'))
      .map((id) => [language, id] as [string, MessageId]),
  );

  it('finds select messages in every language, Arabic among them', () => {
    for (const language of catalogLanguages()) expect(cases.filter(([l]) => l === language).length).toBeGreaterThan(3);
  });

  it.each(cases)('%s %s: each option is chosen by its word', (language, id) => {
    const template = ownMessages(language)[id]!;
    const oracle = new IntlMessageFormat(template, language);
    const args = argumentsOf(oracle.getAst() as unknown as Element[]);
    const t = translator(language);
    const written = new Set<string>();
    for (const [name, kind] of args) {
      if (!Array.isArray(kind)) continue;
      for (const option of kind) {
        const params: Record<string, string | number> = {};
        for (const [other, otherKind] of args) if (!other.startsWith('cmd_')) params[other] = other === name ? option : Array.isArray(otherKind) ? 'other' : otherKind === 'number' ? 2 : `«${other}»`;
        const expected = String(oracle.format({ ...commandWords(language), ...params }));
        const mine = t(id, params).replace(ISOLATES, '');
        expect({ option, text: mine }).toEqual({ option, text: expected });
        written.add(mine);
      }
    }
    expect(written.size).toBeGreaterThan(0);
  });
});
