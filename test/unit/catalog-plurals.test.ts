// Counts read right in every English message: no "(s)", and no "1 members" whatever a count
// parameter is (every message rendered with each of its parameters set to 1).
import { TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { compileMessage, englishTemplate, messageIds } from '../../src/conversation/catalog/catalog';

function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.literal || e.type === TYPE.pound) continue;
    if ('value' in e && typeof e.value === 'string') into.add(e.value);
    if ('options' in e) for (const option of Object.values(e.options)) argumentsOf(option.value, into);
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
      const params = Object.fromEntries([...argumentsOf(message.getAst())].map((name) => [name, 1]));
      const text = String(message.format(params));
      if (PLURAL_NOUNS.test(text)) wrong.push(`${id}: ${text}`);
    }
    expect(wrong).toEqual([]);
  });
});
