// The checks the fakes run on every payload must be able to fail: known-bad Block Kit
// payloads and Adaptive Cards are refused with the field named, known-good ones pass, and a
// bad payload posted to the fake Slack API is answered as Slack answers it and kept as a
// violation (which fails the test that sent it: test/support/payload-check-hooks.ts).
import { blockKitErrors } from '../support/block-kit-limits';
import { FakeSlack } from '../support/fake-slack';
import { FakeConnector } from '../support/fake-connector';
import { checkTeamsActivity, takeViolations } from '../support/payload-checks';
import { adaptiveCardErrors } from '../support/platform-schemas';

const section = (text: string, block_id?: string) => ({ type: 'section', ...(block_id ? { block_id } : {}), text: { type: 'mrkdwn', text } });
const button = (action_id: string, text = 'Yes', value = 'yes') => ({ type: 'button', action_id, text: { type: 'plain_text', text }, value });
const good = {
  text: 'Hello',
  blocks: [
    { type: 'header', text: { type: 'plain_text', text: 'Title', emoji: true } },
    section('Body', 'body'),
    { type: 'section', fields: [{ type: 'mrkdwn', text: '*a*\nb' }] },
    { type: 'actions', block_id: 'choices', elements: [button('choice:0'), button('choice:1', 'No', 'no')] },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'chosen' }] },
  ],
};

describe('Block Kit limits', () => {
  it('passes a message, a modal and a Home tab that keep every limit', () => {
    expect(blockKitErrors(good, 'message')).toEqual([]);
    const input = { type: 'input', block_id: 'name', label: { type: 'plain_text', text: 'Name' }, element: { type: 'plain_text_input', action_id: 'value', max_length: 200 } };
    expect(blockKitErrors({ type: 'modal', title: { type: 'plain_text', text: 'P2C Bot' }, submit: { type: 'plain_text', text: 'Send' }, blocks: [input] }, 'modal')).toEqual([]);
    expect(blockKitErrors({ type: 'home', blocks: Array.from({ length: 100 }, (_, i) => section(`line ${i}`)) }, 'home')).toEqual([]);
  });

  it.each([
    ['a block_id twice in a message', { text: 'x', blocks: [section('a', 'choices'), section('b', 'choices')] }, '/blocks/1/block_id "choices" is not unique'],
    ['51 blocks in a message', { text: 'x', blocks: Array.from({ length: 51 }, (_, i) => section(`${i}`)) }, '/blocks has 51 blocks, more than 50'],
    ['a section text of 3001 characters', { text: 'x', blocks: [section('a'.repeat(3001))] }, '/blocks/0/text/text is 3001 characters'],
    ['an empty section text', { text: 'x', blocks: [section('')] }, '/blocks/0/text/text must be at least 1 character'],
    ['11 fields in a section', { text: 'x', blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }] }, '/blocks/0/fields must be at most 10'],
    ['a header of 151 characters', { text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] }, '/blocks/0/text/text is 151 characters'],
    ['a button label of 76 characters', { text: 'x', blocks: [{ type: 'actions', elements: [button('a', 'b'.repeat(76))] }] }, '/blocks/0/elements/0/text/text is 76 characters'],
    ['a button value of 2001 characters', { text: 'x', blocks: [{ type: 'actions', elements: [button('a', 'ok', 'v'.repeat(2001))] }] }, '/blocks/0/elements/0/value is 2001 characters'],
    ['an action_id twice in a block', { text: 'x', blocks: [{ type: 'actions', elements: [button('same'), button('same')] }] }, 'repeats action_id "same"'],
    ['26 elements in an actions block', { text: 'x', blocks: [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`b${i}`)) }] }, 'must be 1 to 25 items, not 26'],
    ['a select of 101 options', { text: 'x', blocks: [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: Array.from({ length: 101 }, (_, i) => ({ text: { type: 'plain_text', text: `${i}` }, value: `${i}` })) }] }] }, 'has 101 options, more than 100'],
    ['an option value of 151 characters', { text: 'x', blocks: [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: [{ text: { type: 'plain_text', text: 'o' }, value: 'v'.repeat(151) }] }] }] }, '/options/0/value is 151 characters'],
    ['emoji on mrkdwn', { text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a', emoji: true } }] }, 'emoji is only allowed on plain_text'],
    ['a message text of 40,001 characters', { text: 'a'.repeat(40_001) }, '/text is 40001 characters, more than 40000'],
    ['an unknown block type', { text: 'x', blocks: [{ type: 'sectoin' }] }, '"sectoin" is not a block type'],
  ])('refuses %s', (_what, payload, expected) => {
    expect(blockKitErrors(payload, 'message').join('\n')).toContain(expected);
  });

  it('refuses a modal title of 25 characters, a missing submit with inputs, and 101 blocks in a Home tab', () => {
    const input = { type: 'input', label: { type: 'plain_text', text: 'Name' }, element: { type: 'plain_text_input', action_id: 'v' } };
    expect(blockKitErrors({ type: 'modal', title: { type: 'plain_text', text: 't'.repeat(25) }, blocks: [input] }, 'modal')).toEqual([
      '/title/text is 25 characters, more than 24',
      '/submit is required when the modal has an input block',
    ]);
    expect(blockKitErrors({ type: 'home', blocks: Array.from({ length: 101 }, (_, i) => section(`${i}`)) }, 'home')).toEqual(['/blocks has 101 blocks, more than 100 in a home']);
  });
});

describe('Adaptive Cards 1.5 schema', () => {
  const card = (body: unknown[], actions: unknown[] = [], version = '1.5') => ({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version, body, actions });

  it('passes a card such as the bot sends', () => {
    const c = card(
      [{ type: 'TextBlock', text: 'Hi', wrap: true, weight: 'Bolder' }, { type: 'FactSet', facts: [{ title: 'a', value: 'b' }] }, { type: 'Input.ChoiceSet', id: 'c', style: 'compact', choices: [{ title: 'x', value: 'x' }] }],
      [{ type: 'Action.Submit', title: 'OK', style: 'positive', data: { action: 'x' } }],
    );
    expect(adaptiveCardErrors(c)).toEqual([]);
  });

  it.each([
    ['an unknown property on an action', card([], [{ type: 'Action.Submit', title: 'OK', colour: 'red' }]), '/actions/0 (Action.Submit)/ must NOT have additional properties'],
    ['a colour Adaptive Cards does not have', card([{ type: 'TextBlock', text: 'x', color: 'Pink' }]), '/body/0 (TextBlock)/color'],
    ['a fact without a value', card([{ type: 'FactSet', facts: [{ title: 'a' }] }]), "must have required property 'value'"],
    ['version 1.6', card([{ type: 'TextBlock', text: 'x' }], [], '1.6'), '/version 1.6: Teams renders up to 1.5'],
    ['a 1.5 element in a card that declares 1.2', card([{ type: 'Table', columns: [], rows: [] }], [], '1.2'), 'Table needs version 1.5, the card declares 1.2'],
    ['a 1.3 property in a card that declares 1.2', card([{ type: 'Input.Text', id: 'a', label: 'A' }], [], '1.2'), '/body/0/label needs version 1.3'],
  ])('refuses %s', (_what, c, expected) => {
    expect(adaptiveCardErrors(c).join('\n')).toContain(expected);
  });

  it('refuses a Teams activity over 100 KB (UTF-16)', () => {
    const activity = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card([{ type: 'TextBlock', text: 'x'.repeat(52_000) }]) }] };
    expect(checkTeamsActivity(activity)).toEqual([expect.stringMatching(/^\/ is \d+ bytes \(UTF-16\), more than 102400$/)]);
    expect(takeViolations()).toHaveLength(1);
  });
});

describe('the fakes check what they receive', () => {
  it('the fake Slack API answers invalid_blocks to a message with a repeated block_id, and keeps the violation', async () => {
    const slack = new FakeSlack();
    await slack.start();
    try {
      const blocks = JSON.stringify([section('a', 'choices'), section('b', 'choices')]);
      const answer = await fetch(`${slack.apiUrl}chat.postMessage`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ channel: 'C1', text: 'x', blocks }) });
      expect(await answer.json()).toEqual({ ok: false, error: 'invalid_blocks' });
      const fine = await fetch(`${slack.apiUrl}chat.postMessage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'C1', ...good }) });
      expect(await fine.json()).toMatchObject({ ok: true });
    } finally {
      await slack.stop();
    }
    const found = takeViolations();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ where: 'Slack chat.postMessage', errors: ['/blocks/1/block_id "choices" is not unique in the message'] });
  });

  it('the fake connector answers 413 to an activity over 100 KB and keeps a card the schema refuses', async () => {
    const connector = await new FakeConnector().start();
    try {
      const post = (content: unknown) =>
        fetch(`${connector.url}v3/conversations/a%3A1/activities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content }] }) });
      expect((await post({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x'.repeat(60_000) }] })).status).toBe(413);
      expect((await post({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', color: 'Pink' }] })).status).toBe(201);
    } finally {
      await connector.stop();
    }
    const found = takeViolations();
    expect(found.map((v) => v.errors.join(' '))).toEqual([expect.stringContaining('bytes (UTF-16)'), expect.stringContaining('(TextBlock)/color')]);
  });
});
