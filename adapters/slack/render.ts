// The neutral message model rendered as Block Kit. Every piece of text goes through
// escapeMrkdwn (or into plain_text, which Slack does not parse), so no answer a member
// typed can become a mention or a link. What is over Slack's size limits is split over more
// sections and more messages, never cut (labels of buttons and options are shortened).
import type { types } from '@slack/bolt';
import type { Choice, OutgoingMessage } from '../../src/core/messages';
import { translator, type Translate } from '../../src/conversation/catalog/catalog';
import { clipTo, escapeMrkdwn } from './mrkdwn';

// Slack's block types are wide unions; the adapter builds plain objects and the Web API checks them.
export type Block = Record<string, unknown>;

// The Web API's own types, asserted once here: what these functions build is checked against
// Slack's Block Kit schema by the tests' fake Slack, not by the compiler.
/** Blocks as the Web API takes them. */
export function asBlocks(blocks: Block[] | undefined): types.KnownBlock[] | undefined {
  return blocks as types.KnownBlock[] | undefined;
}

/**
 * Blocks for a Web API call, already in the JSON text its form body carries (the client sends a
 * string as it is, and JSON-encodes anything else): the request is the same, but the client no
 * longer copies the whole block tree for its debug lines (built even when not logged) before
 * encoding it. Not for response_url, which takes a JSON body.
 */
export function wireBlocks(blocks: Block[] | undefined): types.KnownBlock[] | undefined {
  return blocks === undefined ? undefined : (JSON.stringify(blocks) as unknown as types.KnownBlock[]);
}

/** A view (App Home, modal) as the Web API takes it. */
export function asView(view: Block): types.View {
  return view as unknown as types.View;
}

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

/** Slack's limits (test/platform-schemas/README.md names the page of each). */
export const SLACK_LIMITS = { messageBlocks: 50, viewBlocks: 100, sectionText: 3000, fieldText: 2000, fieldsPerSection: 10, fallbackText: 3000 } as const;

/** A message as Slack takes it: the notification text and at most 50 blocks. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/**
 * Text cut into pieces of at most `max` characters, at line breaks where it can (a longer line
 * is cut where it must): nothing is dropped, the pieces joined with line breaks are the text.
 */
function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  // In code points, kept as lines are added (counting the whole piece again per line is quadratic).
  let currentLength = 0;
  for (const line of text.split('\n')) {
    const lineLength = codePoints(line);
    const candidateLength = current ? currentLength + 1 + lineLength : lineLength;
    if (candidateLength <= max) {
      current = current ? `${current}\n${line}` : line;
      currentLength = candidateLength;
      continue;
    }
    if (current) pieces.push(current);
    const chars = [...line];
    while (chars.length > max) pieces.push(chars.splice(0, max).join(''));
    current = chars.join('');
    currentLength = chars.length;
  }
  if (current || pieces.length === 0) pieces.push(current);
  return pieces;
}

function sections(text: string): Block[] {
  return splitText(text, SLACK_LIMITS.sectionText).filter((piece) => piece.trim() !== '').map((piece) => ({ type: 'section', text: { type: 'mrkdwn', text: piece } }));
}

/**
 * A select's options: up to 100 as they are; more (Slack takes 100 a select) in groups of 100,
 * labelled with their range, so that every option can be chosen.
 */
export function selectOptions<T>(options: T[], t: Translate): { options: T[] } | { option_groups: { label: ReturnType<typeof plainText>; options: T[] }[] } {
  if (options.length <= 100) return { options };
  const groups = [];
  for (let i = 0; i < options.length && groups.length < 100; i += 100) {
    const slice = options.slice(i, i + 100);
    groups.push({ label: plainText(t('slack.options_range', { from: i + 1, to: i + slice.length })), options: slice });
  }
  return { option_groups: groups };
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
  const asOptions = selectOptions(options.map((o) => ({ text: plainText(o.label), value: clipTo(o.value, 150) })), t);
  return [
    multiple
      ? { type: 'multi_static_select', action_id: `${ACTION.choice}:multi`, placeholder: plainText(t('slack.choose')), ...asOptions }
      : { type: 'static_select', action_id: `${ACTION.choice}:select`, placeholder: plainText(t('slack.choose')), ...asOptions },
  ];
}

/**
 * Every block of a message, however many: text longer than a section takes holds is split over
 * several sections, fields go ten to a section (a field longer than Slack allows becomes
 * sections of its own). renderMessages splits the result into messages Slack takes.
 */
export function renderBlocks(message: OutgoingMessage, fallback: Translate): Block[] {
  // The adapter's own words in the reader's language.
  const t = message.locale ? translator(message.locale) : fallback;
  const blocks: Block[] = [];
  if (message.title) blocks.push({ type: 'header', text: plainText(message.title, 150) });
  const text = message.text.trim();
  if (text) blocks.push(...sections(`${TONE[message.tone ?? 'info']}${escapeMrkdwn(text)}`));
  let row: Block[] = [];
  const flush = () => {
    if (row.length) blocks.push({ type: 'section', fields: row });
    row = [];
  };
  for (const f of message.fields ?? []) {
    const fieldText = `*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`;
    if ([...fieldText].length > SLACK_LIMITS.fieldText) {
      flush();
      blocks.push(...sections(fieldText));
      continue;
    }
    row.push({ type: 'mrkdwn', text: fieldText });
    if (row.length === SLACK_LIMITS.fieldsPerSection) flush();
  }
  flush();
  const elements: Block[] = message.choices?.options.length ? choiceElements(message.choices.options, message.choices.multiple, t) : [];
  if (message.form) elements.push({ type: 'button', action_id: ACTION.openForm, text: plainText(t('slack.open_form')), value: message.form.id });
  if (elements.length) blocks.push({ type: 'actions', block_id: 'choices', elements: elements.slice(0, 25) });
  return blocks;
}

/** The notification and fallback text: mrkdwn too, so escaped like the blocks. */
export function fallbackText(message: OutgoingMessage): string {
  const parts = [message.title, message.text.trim()].filter((p): p is string => Boolean(p));
  const text = parts.length ? parts.join('\n') : (message.fields ?? []).map((f) => `${f.label}: ${f.value}`).join('\n');
  return clipTo(escapeMrkdwn(text || '…'), SLACK_LIMITS.fallbackText);
}

/** The notification text of a continuation: what its blocks say, shortened (the blocks carry it all). */
function blocksText(blocks: Block[]): string {
  const texts = blocks.flatMap((b) => [(b.text as { text?: string } | undefined)?.text, ...((b.fields as { text: string }[] | undefined) ?? []).map((f) => f.text)]);
  return clipTo(texts.filter(Boolean).join('\n') || '…', SLACK_LIMITS.fallbackText);
}

/** Block ids made unique in a message: a repeated id gets its position appended. */
function uniqueBlockIds(blocks: Block[]): Block[] {
  const seen = new Set<string>();
  return blocks.map((b, i) => {
    if (typeof b.block_id !== 'string') return b;
    const id = seen.has(b.block_id) ? `${b.block_id}-${i}` : b.block_id;
    seen.add(id);
    return id === b.block_id ? b : { ...b, block_id: id };
  });
}

/**
 * Groups of blocks (one group per reply) packed into as few messages as Slack takes: a group
 * is never split unless it alone is over the limit, and nothing is left out.
 */
function pack(groups: { blocks: Block[]; text: string }[]): SlackMessage[] {
  const messages: { blocks: Block[]; texts: string[] }[] = [];
  let current: { blocks: Block[]; texts: string[] } | undefined;
  for (const group of groups) {
    for (let at = 0; at < group.blocks.length || (at === 0 && group.blocks.length === 0); ) {
      const chunk = group.blocks.slice(at, at + SLACK_LIMITS.messageBlocks);
      if (!current || current.blocks.length + chunk.length > SLACK_LIMITS.messageBlocks) messages.push((current = { blocks: [], texts: [] }));
      current.texts.push(at === 0 ? group.text : blocksText(chunk));
      current.blocks.push(...chunk);
      at += Math.max(chunk.length, 1);
    }
  }
  return messages.map((m) => ({ text: clipTo(m.texts.join('\n'), SLACK_LIMITS.fallbackText), blocks: uniqueBlockIds(m.blocks) }));
}

/** One neutral message as one Slack message, or several in order when it is over Slack's limits. */
export function renderMessages(message: OutgoingMessage, t: Translate): SlackMessage[] {
  return pack([{ blocks: renderBlocks(message, t), text: fallbackText(message) }]);
}

/**
 * Several replies as few messages (an ephemeral answer): each reply's block ids carry its index,
 * so they stay unique when replies are joined.
 */
export function renderReplies(replies: OutgoingMessage[], t: Translate): SlackMessage[] {
  return pack(
    replies.map((reply, i) => ({
      text: fallbackText(reply),
      blocks: renderBlocks(reply, t).map((b) => (typeof b.block_id === 'string' && replies.length > 1 ? { ...b, block_id: `${b.block_id}-${i + 1}` } : b)),
    })),
  );
}

/**
 * A message whose buttons were used: the same blocks without the actions, and a line saying
 * who chose what, so a decision (an approval, an answer) shows in place and cannot be clicked twice.
 */
export function decidedBlocks(original: Block[], userId: string, choice: string, t: Translate): Block[] {
  const kept = original.filter((b) => b.type !== 'actions');
  return [...kept, { type: 'context', elements: [{ type: 'mrkdwn', text: clipTo(t('slack.chose', { user: `<@${userId}>`, choice: escapeMrkdwn(choice) }), 3000) }] }];
}
