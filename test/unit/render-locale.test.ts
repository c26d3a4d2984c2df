// Slack and Teams write their own words (a select's placeholder, a card's Choose button) in the
// reader's language, which each message carries; the coalition's default without one.
import { renderBlocks } from '../../adapters/slack/render';
import { renderCards } from '../../adapters/teams/render';
import type { OutgoingMessage } from '../../src/core/messages';
import { translator } from '../../src/conversation/catalog/catalog';

const many = Array.from({ length: 30 }, (_, i) => ({ label: `Option ${i + 1}`, value: String(i + 1) }));
const message = (locale?: string): OutgoingMessage => ({ text: '?', choices: { options: many }, ...(locale ? { locale } : {}) });

describe("adapters' own words in the reader's language", () => {
  it.each(['fr', 'es-BO', 'ar'])('Slack select placeholder and Teams Choose button in %s', (locale) => {
    const english = translator('en');
    const select = renderBlocks(message(locale), english).flatMap((b) => (b.elements as { placeholder?: { text: string } }[] | undefined) ?? []).find((e) => e.placeholder);
    expect(select?.placeholder?.text).toBe(translator(locale)('slack.choose'));
    expect(select?.placeholder?.text).not.toBe(english('slack.choose'));
    const [card] = renderCards(message(locale), english);
    expect(JSON.stringify(card)).toContain(JSON.stringify(translator(locale)('teams.choose')).slice(1, -1));
  });

  it("uses the adapter's translator for a message without a locale", () => {
    const select = renderBlocks(message(), translator('es')).flatMap((b) => (b.elements as { placeholder?: { text: string } }[] | undefined) ?? []).find((e) => e.placeholder);
    expect(select?.placeholder?.text).toBe(translator('es')('slack.choose'));
  });
});
