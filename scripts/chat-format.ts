// How `npm run chat` prints one of the bot's messages in a terminal: the title, the text,
// each field as "Label: value" with continuation lines indented, numbered choices.
import type { OutgoingMessage } from '../src/core/messages';

export interface TerminalStyle {
  bold(text: string): string;
  dim(text: string): string;
}

export const plainStyle: TerminalStyle = { bold: (t) => t, dim: (t) => t };

export function messageLines(m: OutgoingMessage, style: TerminalStyle = plainStyle): string[] {
  const lines: string[] = [];
  if (m.title) lines.push(style.bold(m.title));
  if (m.text) lines.push(...m.text.split('\n'));
  for (const f of m.fields ?? []) lines.push(`  ${style.bold(`${f.label}:`)} ${f.value.split('\n').join('\n      ')}`);
  if (m.choices?.options.length) {
    m.choices.options.forEach((o, i) => lines.push(`  [${i + 1}] ${o.label}`));
    if (m.choices.multiple) lines.push(style.dim('  (type the numbers separated by commas, e.g. 1,3)'));
  }
  if (m.form) {
    lines.push(style.dim(`  Form "${m.form.title}": ${m.form.fields.map((f) => f.label).join(', ')}`));
    lines.push(style.dim('  (forms are filled in the web chat; here, answer the questions by typing)'));
  }
  return lines;
}
