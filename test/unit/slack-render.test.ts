// Slack's side of the neutral message model: escaping both ways, addresses, and Block Kit
// rendering within Slack's limits.
import { parseMessageRef, parseSlackAddress, slackAddress } from '../../adapters/slack/address';
import { formView, submittedValues } from '../../adapters/slack/modal';
import { escapeMrkdwn, plainFromSlack, withoutLeadingMention } from '../../adapters/slack/mrkdwn';
import { renderMessages } from '../../adapters/slack/render';
import type { OutgoingMessage } from '../../src/core/messages';
import { blockKitErrors } from '../support/block-kit-limits';
import { translator } from '../../src/conversation/catalog/catalog';

const t = translator('en');

/** The one Slack message a short reply renders to. */
function renderMessage(message: OutgoingMessage, tr: typeof t) {
  const parts = renderMessages(message, tr);
  expect(parts).toHaveLength(1);
  return parts[0];
}
type B = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: Record<string, unknown>[] };

describe('mrkdwn', () => {
  it('escapes &, < and > so no mention or link can be formed', () => {
    expect(escapeMrkdwn('<!channel> & <https://evil.example|bank>')).toBe('&lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt;');
  });

  it('reads what the member typed back from Slack\'s encoding', () => {
    expect(plainFromSlack('A &amp; B &lt;tag&gt;')).toBe('A & B <tag>');
    expect(plainFromSlack('<mailto:ada@example.org|ada@example.org>')).toBe('ada@example.org');
    expect(plainFromSlack('see <https://itu.int>')).toBe('see https://itu.int');
    expect(plainFromSlack('hi <!channel> <@U123>')).toBe('hi');
    expect(plainFromSlack('line one\nline two')).toBe('line one\nline two');
    expect(withoutLeadingMention('<@U0BOT> profile')).toBe('profile');
  });
});

describe('addresses', () => {
  it('round-trips and refuses what is not one', () => {
    expect(parseSlackAddress(slackAddress('T1', 'U2'))).toEqual({ team: 'T1', id: 'U2' });
    for (const bad of ['slack:T1', 'teams:T1:U2', 'slack:T1:U2:X', 'slack:t1:<!here>']) expect(() => parseSlackAddress(bad)).toThrow('not a Slack address');
    expect(parseMessageRef('D1:1700000000.000100')).toEqual({ channel: 'D1', ts: '1700000000.000100' });
    expect(() => parseMessageRef('D1')).toThrow();
  });
});

describe('Block Kit rendering', () => {
  it('renders title, escaped text, fields and the tone', () => {
    const { text, blocks } = renderMessage({ title: 'T', text: 'x <!here>', tone: 'error', fields: [{ label: 'a<b', value: '<@U1>' }] }, t);
    expect(text).toBe('T\nx &lt;!here&gt;');
    expect((blocks as B[]).map((b) => b.type)).toEqual(['header', 'section', 'section']);
    expect((blocks[1] as B).text!.text).toBe(':warning: x &lt;!here&gt;');
    expect((blocks[2] as B).fields![0].text).toBe('*a&lt;b*\n&lt;@U1&gt;');
  });

  it('few short choices are buttons; many or long ones a select; several at once a multi-select', () => {
    const few = renderMessage({ text: 'q', choices: { options: [{ label: 'Yes', value: 'yes', style: 'primary' }, { label: 'No', value: 'no' }] } }, t).blocks as B[];
    expect(few.at(-1)!.elements!.map((e) => [e.type, e.value, e.style])).toEqual([['button', 'yes', 'primary'], ['button', 'no', undefined]]);
    const long = renderMessage({ text: 'q', choices: { options: [{ label: 'x'.repeat(90), value: 'v' }] } }, t).blocks as B[];
    const select = long.at(-1)!.elements![0] as { type: string; options: { text: { text: string } }[] };
    expect(select.type).toBe('static_select');
    expect(select.options[0].text.text).toHaveLength(75);
    const multi = renderMessage({ text: 'q', choices: { options: [{ label: 'A', value: 'a' }], multiple: true } }, t).blocks as B[];
    expect(multi.at(-1)!.elements![0].type).toBe('multi_static_select');
  });

  it('keeps within Slack\'s limits without cutting: 10 fields a section, a long text over several sections, a non-empty fallback', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `f${i}`, value: 'v' }));
    const { text, blocks } = renderMessage({ text: 'y'.repeat(5000), fields }, t);
    expect((blocks as B[]).filter((b) => b.fields).map((b) => b.fields!.length)).toEqual([10, 10, 3]);
    expect((blocks as B[]).filter((b) => b.text).map((b) => b.text!.text.length)).toEqual([3000, 2000]);
    expect(renderMessage({ text: '' }, t).text).toBe('…');
    expect(text.length).toBeLessThanOrEqual(3000);
  });

  it('more than 100 choices go in groups of 100, every one selectable, in a message and in a modal', () => {
    const options = Array.from({ length: 250 }, (_, i) => ({ label: `Option ${i + 1}`, value: `v${i + 1}` }));
    const message = renderMessage({ text: 'q', choices: { options } }, t);
    expect(blockKitErrors(message, 'message')).toEqual([]);
    const select = (message.blocks.at(-1) as { elements: { option_groups: { label: { text: string }; options: { value: string }[] }[] }[] }).elements[0];
    expect(select.option_groups.map((g) => [g.label.text, g.options.length])).toEqual([['1 to 100', 100], ['101 to 200', 100], ['201 to 250', 50]]);
    expect(select.option_groups.flatMap((g) => g.options.map((o) => o.value))).toEqual(options.map((o) => o.value));
    const view = formView({ id: 'f', title: 'F', submitLabel: 'Save', fields: [{ id: 'many', label: 'Many', kind: 'multi-choice', required: true, choices: options, initial: 'v1, v150' }] }, 'P2C Bot', t);
    expect(blockKitErrors(view, 'modal')).toEqual([]);
  });

  it('a message carrying a form gets a button that opens it as a modal', () => {
    const blocks = renderMessage({ text: 'Log a pledge', form: { id: 'pledge', title: 'Pledge', submitLabel: 'Save', fields: [] } }, t).blocks as B[];
    expect(blocks.at(-1)!.elements).toEqual([expect.objectContaining({ type: 'button', action_id: 'open_form', value: 'pledge' })]);
  });
});

describe('modals', () => {
  it('renders each field kind as its input and reads the submitted state back', () => {
    const view = formView(
      {
        id: 'pledge', title: 'A <b> pledge', submitLabel: 'Save a very long submit label', fields: [
          { id: 'text', label: 'Text', kind: 'text', required: true, initial: 'x' },
          { id: 'area', label: 'Area', kind: 'textarea', required: false },
          { id: 'pick', label: 'Pick', kind: 'choice', required: true, choices: [{ label: 'A', value: 'a' }], initial: 'a' },
          { id: 'many', label: 'Many', kind: 'multi-choice', required: true, choices: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }] },
          { id: 'when', label: 'When', kind: 'date', required: true },
        ],
      },
      'Coalition bot with a long name',
      t,
    ) as { title: { text: string }; submit: { text: string }; blocks: { type: string; block_id?: string; optional?: boolean; element?: Record<string, unknown>; text?: { text: string } }[] };
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.submit.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks[0].text!.text).toBe('A &lt;b&gt; pledge');
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => [b.block_id, b.element!.type, b.optional])).toEqual([
      ['text', 'plain_text_input', false], ['area', 'plain_text_input', true], ['pick', 'static_select', false], ['many', 'multi_static_select', false], ['when', 'datepicker', false],
    ]);
    expect(inputs[2].element!.initial_option).toMatchObject({ value: 'a' });
    expect(
      submittedValues({
        values: {
          text: { value: { type: 'plain_text_input', value: 'hello' } },
          area: { value: { type: 'plain_text_input', value: null } },
          pick: { value: { type: 'static_select', selected_option: { value: 'a' } } },
          many: { value: { type: 'multi_static_select', selected_options: [{ value: 'a' }, { value: 'b' }] } },
          when: { value: { type: 'datepicker', selected_date: '2027-03-15' } },
        },
      }),
    ).toEqual({ text: 'hello', area: '', pick: 'a', many: ['a', 'b'], when: '2027-03-15' });
  });
});
