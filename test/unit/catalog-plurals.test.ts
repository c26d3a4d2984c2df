// Counts read right in every English message: no "(s)", and no "1 members" whatever a count
// parameter is (every message rendered with each of its parameters set to 1; a command word is the
// command's, as the catalog fills it: `{cmd_export} pledges` is `export pledges`).
import { commandWords, compileMessage, englishTemplate, messageIds } from '../../src/conversation/catalog/catalog';

/** A parsed message's element, as intl-messageformat's getAst() gives it: literal text (type 0) and "#" (type 7) name no argument. */
interface Element {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
}
const LITERAL = 0;
const POUND = 7;

function argumentsOf(elements: Element[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === LITERAL || e.type === POUND) continue;
    if (typeof e.value === 'string') into.add(e.value);
    for (const option of Object.values(e.options ?? {})) argumentsOf(option.value, into);
  }
  return into;
}

const PLURAL_NOUNS = /\b1 (members|pledges|applications|days|rows|gaps|minutes|seconds|hours|countries|LDCs|LLDCs|times|weeks|months|years|meetings|characters|waiting days)\b/;

describe('plurals in the English catalog', () => {
  it('no message hedges with "(s)"', () => {
    expect(messageIds().filter((id) => englishTemplate(id).includes('(s)'))).toEqual([]);
  });

  it('no message says "1 <plural noun>" when a count is 1', () => {
    const wrong: string[] = [];
    for (const id of messageIds()) {
      const message = compileMessage(englishTemplate(id));
      const params = Object.fromEntries([...argumentsOf(message.getAst() as Element[])].map((name) => [name, name.startsWith('cmd_') ? commandWords('en')[name]! : 1]));
      const text = String(message.format(params));
      if (PLURAL_NOUNS.test(text)) wrong.push(`${id}: ${text}`);
    }
    expect(wrong).toEqual([]);
  });
});
