// The neutral message model rendered as Block Kit. Every piece of text goes through
// escapeMrkdwn (or into plain_text, which Slack does not parse), so no answer a member
// typed can become a mention or a link. Slack's size limits are respected by clipping.
import type { Choice, OutgoingMessage } from '../../src/core/messages';
import type { Translate } from '../../src/conversation/catalog/catalog';
import { clipTo, escapeMrkdwn } from './mrkdwn';

// Slack's block types are wide unions; the adapter builds plain objects and the Web API checks them.
export type Block = Record<string, unknown>;

export const ACTION = {
  /** A button or select whose value is the answer. */
  choice: 'choice',
  /** Opens a flow as a modal; the value is the flow id. */
  openForm: 'open_form',
  /** App Home buttons: the value is a command to run. */
  homeCommand: 'home_command',
} as const;

const MAX_BUTTONS = 8;
const MAX_BUTTON_LABEL = 30;
const TONE: Record<NonNullable<OutgoingMessage['tone']>, string> = { info: '', success: ':white_check_mark: ', error: ':warning: ' };

export function plainText(text: string, max = 75): { type: 'plain_text'; text: string; emoji: boolean } {
  return { type: 'plain_text', text: clipTo(text, max) || ' ', emoji: true };
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: clipTo(text, 3000) } };
}

/** Button or select; a choice's value is exactly what the member could have typed. */
export function choiceElements(options: Choice[], multiple: boolean | undefined, t: Translate): Block[] {
  const fitButtons = !multiple && options.length <= MAX_BUTTONS && options.every((o) => o.label.length <= MAX_BUTTON_LABEL);
  if (fitButtons) {
    return options.map((o, i) => ({
      type: 'button',
      action_id: `${ACTION.choice}:${i}`,
      text: plainText(o.label),
      value: clipTo(o.value, 2000),
      ...(o.style ? { style: o.style } : {}),
    }));
  }
  const asOptions = options.slice(0, 100).map((o) => ({ text: plainText(o.label), value: clipTo(o.value, 150) }));
  return [
    multiple
      ? { type: 'multi_static_select', action_id: `${ACTION.choice}:multi`, placeholder: plainText(t('slack.choose')), options: asOptions }
      : { type: 'static_select', action_id: `${ACTION.choice}:select`, placeholder: plainText(t('slack.choose')), options: asOptions },
  ];
}

export function renderBlocks(message: OutgoingMessage, t: Translate): Block[] {
  const blocks: Block[] = [];
  if (message.title) blocks.push({ type: 'header', text: plainText(message.title, 150) });
  const text = message.text.trim();
  if (text) blocks.push(section(`${TONE[message.tone ?? 'info']}${escapeMrkdwn(text)}`));
  const fields = message.fields ?? [];
  for (let i = 0; i < fields.length; i += 10) {
    blocks.push({
      type: 'section',
      fields: fields.slice(i, i + 10).map((f) => ({ type: 'mrkdwn', text: clipTo(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, 2000) })),
    });
  }
  const elements: Block[] = message.choices?.options.length ? choiceElements(message.choices.options, message.choices.multiple, t) : [];
  if (message.form) elements.push({ type: 'button', action_id: ACTION.openForm, text: plainText(t('slack.open_form')), value: message.form.id });
  if (elements.length) blocks.push({ type: 'actions', block_id: 'choices', elements: elements.slice(0, 25) });
  return blocks.slice(0, 50);
}

/** The notification and fallback text: mrkdwn too, so escaped like the blocks. */
export function fallbackText(message: OutgoingMessage): string {
  const parts = [message.title, message.text.trim()].filter((p): p is string => Boolean(p));
  const text = parts.length ? parts.join('\n') : (message.fields ?? []).map((f) => `${f.label}: ${f.value}`).join('\n');
  return clipTo(escapeMrkdwn(text || '…'), 3000);
}

export function renderMessage(message: OutgoingMessage, t: Translate): { text: string; blocks: Block[] } {
  return { text: fallbackText(message), blocks: renderBlocks(message, t) };
}

/**
 * A message whose buttons were used: the same blocks without the actions, and a line saying
 * who chose what, so a decision (an approval, an answer) shows in place and cannot be clicked twice.
 */
export function decidedBlocks(original: Block[], userId: string, choice: string, t: Translate): Block[] {
  const kept = original.filter((b) => b.type !== 'actions');
  return [...kept, { type: 'context', elements: [{ type: 'mrkdwn', text: clipTo(t('slack.chose', { user: `<@${userId}>`, choice: escapeMrkdwn(choice) }), 3000) }] }];
}
