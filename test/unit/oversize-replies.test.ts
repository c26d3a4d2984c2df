// The size guard: a reply over a platform's limit (50 blocks, 3,000 characters a section, 2,000 a
// field, 100 KB a Teams message) is split by the renderer into several payloads, never cut. An
// oversize digest and an oversize roster are rendered for Slack and Teams; every payload is
// validated against Slack's Block Kit limits / the Adaptive Cards 1.5 schema and the Teams size,
// and everything the reply said is found, once and in order, in what would be sent.
import { renderMessages, renderReplies } from '../../adapters/slack/render';
import { renderCards, renderCombined } from '../../adapters/teams/render';
import { buildDigest } from '../../src/core/digest/digest';
import type { OutgoingMessage } from '../../src/core/messages';
import { translator } from '../../src/conversation/catalog/catalog';
import { digestMessage } from '../../src/conversation/digest/digest-message';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { loadCountryRegistry } from '../../src/data/countries';
import { blockKitErrors } from '../support/block-kit-limits';
import { checkTeamsActivity, takeViolations } from '../support/payload-checks';
import { adaptiveCardErrors } from '../support/platform-schemas';

const t = translator('en');
const coalition = loadCoalitionFile(defaultCoalitionFile);
const now = new Date('2026-11-30T08:00:00Z');

/** A roster of `size` members whose lines are long (organizations with long names, emails). */
function roster(size: number): OutgoingMessage {
  const fields = Array.from({ length: size }, (_, i) => ({
    label: `Member ${String(i).padStart(4, '0')} (chair)`,
    value: `${'Very Long Organization Name '.repeat(4)}${i} · Academia · member${i}@example.org`,
  }));
  return { title: `Access: ${size} member(s)`, text: '', fields };
}

/** A digest whose sections are each far longer than Slack lets a field or a section be. */
function hugeDigest(): OutgoingMessage {
  const day = (n: number) => new Date(now.getTime() - n * 24 * 3600_000);
  const digest = buildDigest(
    {
      period: { start: day(7), end: now },
      now,
      pendingApplications: [],
      newMemberships: [],
      memberships: [],
      newPledges: [],
      statusChanges: [],
      upcoming: Array.from({ length: 40 }, (_, i) => ({ meetingId: `m${i}`, title: `Meeting ${i} ${'on a long agenda & more '.repeat(12)}`, groupKey: 'access', at: new Date(now.getTime() + i * 3600_000), rsvps: { going: 1, maybe: 0, not_going: 0 } })),
      undelivered: [],
      abandonedFlows: [],
      unansweredCheckIns: [],
    },
    coalition,
    loadCountryRegistry(),
  );
  const message = digestMessage(digest, coalition, 'UTC', t);
  // Whatever the digest's own caps, the renderer must cope with more: an intro of 150,000 characters.
  return { ...message, text: Array.from({ length: 300 }, (_, i) => `Line ${i}: ${'x'.repeat(490)}`).join('\n') };
}

/** The mrkdwn texts of Slack messages, in order, unescaped. */
function slackTexts(messages: { blocks: Record<string, any>[] }[]): string {
  return messages
    .flatMap((m) => m.blocks.flatMap((b) => [b.text?.text, ...(b.fields ?? []).map((f: { text: string }) => f.text)]))
    .filter(Boolean)
    .join('\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function cardTexts(cards: Record<string, any>[]): string {
  return cards.flatMap((c) => c.body.flatMap((e: { text?: string; facts?: { title: string; value: string }[] }) => [e.text, ...(e.facts ?? []).flatMap((f) => [f.title, f.value])])).filter(Boolean).join('\n');
}

const activity = (card: unknown) => ({
  type: 'message',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  conversation: { id: 'a:1UhlLd1mJgxmLoyK7BWgJ8oKWzrIhX7AzvdUsr3kFBGGB9lp0g5Ei8BLV1gxJ2Vql6UjfsFfOQkjwvPyX2h9tBvYf5jUuu4tlPU8OqDZcIRr8GFwYtkBTvZTKnHvxmaXAx' },
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
});

describe.each([
  ['an oversize roster (600 members)', () => roster(600)],
  ['an oversize digest', hugeDigest],
])('%s', (_what, build) => {
  const message = build();
  const said = [message.title ?? '', ...message.text.split('\n'), ...(message.fields ?? []).flatMap((f) => [f.label, ...f.value.split('\n')])].filter((s) => s.trim() !== '');

  it('is split into several Slack messages, each within Block Kit\'s limits, nothing cut', () => {
    const messages = renderMessages(message, t);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(blockKitErrors(m, 'message')).toEqual([]);
    const text = slackTexts(messages);
    let at = 0;
    for (const piece of said.slice(1)) {
      const found = text.indexOf(piece, at);
      expect({ piece, found: found >= 0 }).toEqual({ piece, found: true });
      at = found;
    }
    expect(messages[0].blocks[0]).toMatchObject({ type: 'header', text: { text: message.title } });
  });

  it('joined with other replies (an ephemeral answer) still fits, with unique block ids', () => {
    const replies = [{ text: 'First', choices: { options: [{ label: 'Yes', value: 'yes' }] } }, message, { text: 'Last', choices: { options: [{ label: 'No', value: 'no' }] } }];
    const messages = renderReplies(replies, t);
    for (const m of messages) expect(blockKitErrors(m, 'message')).toEqual([]);
    const ids = messages.flatMap((m) => m.blocks.map((b) => b.block_id)).filter(Boolean);
    expect(ids).toEqual(['choices-1', 'choices-3']);
  });

  it('is split into several Adaptive Cards, each valid against the 1.5 schema and within 100 KB as a Teams message, nothing cut', () => {
    const cards = renderCards(message, t);
    expect(cards.length).toBeGreaterThan(1);
    for (const c of cards) {
      expect(adaptiveCardErrors(c)).toEqual([]);
      expect(checkTeamsActivity(activity(c))).toEqual([]);
    }
    const text = cardTexts(cards);
    let at = 0;
    for (const piece of said) {
      const found = text.indexOf(piece, at);
      expect({ piece, found: found >= 0 }).toEqual({ piece, found: true });
      at = found;
    }
    const combined = renderCombined([{ text: 'Before' }, message], t);
    expect(combined.length).toBeGreaterThan(1);
    for (const c of combined) expect(checkTeamsActivity(activity(c))).toEqual([]);
    expect(takeViolations()).toEqual([]);
  });
});

it('a short reply stays one message and one card', () => {
  expect(renderMessages(roster(3), t)).toHaveLength(1);
  expect(renderCards(roster(3), t)).toHaveLength(1);
});
