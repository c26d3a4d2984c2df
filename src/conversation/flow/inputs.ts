// Default parsers per input kind and the translation of zod issues into the
// member's language. Parsing says what the text means; the step's schema says
// whether that value is allowed.
import type { ZodIssue, ZodTypeAny } from 'zod';
import type { Choice } from '../../core/messages';
import { normalize } from '../../core/text/similarity';
import { isMessageId, type Translate } from '../catalog/catalog';
import type { InputKind, ParseResult } from './flow';
import { splitList, yesOrNo } from '../understanding/words';

/**
 * The option the text names: its value or label (case and accents aside), its number in the
 * list, or a word (or start of a word, three letters or more) that only one option's value or
 * label has ("progress" for "In progress", "value" for "Value creation").
 */
export function matchChoice(raw: string, choices: Choice[]): Choice | undefined {
  const wanted = normalize(raw);
  if (!wanted) return undefined;
  const byIndex = /^\d+$/.test(raw.trim()) ? choices[Number(raw.trim()) - 1] : undefined;
  const exact =
    choices.find((c) => normalize(c.value) === wanted) ??
    choices.find((c) => normalize(c.label) === wanted) ??
    byIndex;
  if (exact) return exact;
  return uniqueByWords(wanted, choices, (c) => [c.value, c.label]);
}

/**
 * The one candidate whose words include every typed word (or start with it, three letters or
 * more); undefined when none or several do.
 */
export function uniqueByWords<T>(wanted: string, candidates: T[], keys: (c: T) => string[]): T | undefined {
  const typed = normalize(wanted).split(' ').filter(Boolean);
  if (typed.length === 0) return undefined;
  const hits = (prefix: boolean) =>
    candidates.filter((c) => {
      const own = keys(c).flatMap((k) => normalize(k.replace(/_/g, ' ')).split(' '));
      return typed.every((w) => own.some((o) => o === w || (prefix && w.length >= 3 && o.startsWith(w))));
    });
  const whole = hits(false);
  if (whole.length === 1) return whole[0];
  if (whole.length > 1) return undefined;
  const started = hits(true);
  return started.length === 1 ? started[0] : undefined;
}

/**
 * A yes or no typed to a question with options: the option a step says "yes" or "no" stands for
 * ("no" to "Does it repeat?" is "Does not repeat"), else an option whose value is yes/no itself.
 */
export function yesNoChoice(raw: string, choices: Choice[], t: Translate, meaning?: { yes?: string; no?: string }): Choice | undefined {
  const answer = yesOrNo(raw, t);
  if (answer === undefined) return undefined;
  const wanted = answer ? meaning?.yes : meaning?.no;
  if (wanted !== undefined) return choices.find((c) => c.value === wanted);
  return choices.find((c) => yesOrNo(c.value, t) === answer);
}

export function parseByKind(kind: InputKind, raw: string, choices: Choice[], t: Translate, meaning?: { yes?: string; no?: string }): ParseResult {
  const text = raw.trim();
  switch (kind) {
    case 'text':
    case 'countries':
      return { ok: true, value: text };
    case 'number': {
      const cleaned = text.replace(/[,\s_]/g, '');
      const value = Number(cleaned);
      return cleaned !== '' && Number.isFinite(value) ? { ok: true, value } : { ok: false, error: t('error.not_a_number', { input: clip(text) }) };
    }
    case 'yes-no': {
      const answer = yesOrNo(text, t);
      return answer === undefined ? { ok: false, error: t('error.yes_no') } : { ok: true, value: answer };
    }
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      const date = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : undefined;
      const valid = date && date.getUTCMonth() === +m![2] - 1 && date.getUTCDate() === +m![3];
      return valid ? { ok: true, value: text } : { ok: false, error: t('error.date', { input: clip(text), example: '2027-03-15' }) };
    }
    case 'choice': {
      const choice = matchChoice(text, choices) ?? yesNoChoice(text, choices, t, meaning);
      return choice
        ? { ok: true, value: choice.value }
        : { ok: false, error: t('error.choice', { input: clip(text), options: choices.map((c) => c.label).join(', ') }) };
    }
    case 'multi-choice': {
      const values: string[] = [];
      for (const part of choicesTyped(text, choices, t)) {
        const choice = matchChoice(part, choices);
        if (!choice) return { ok: false, error: t('error.multi_choice', { input: clip(part), options: choices.map((c) => c.label).join(', ') }) };
        if (!values.includes(choice.value)) values.push(choice.value);
      }
      return { ok: true, value: values };
    }
  }
}

/**
 * The parts of a list of options as typed; an option whose own label holds a separator
 * ("Research and innovation") is read whole when typed whole.
 */
export function choicesTyped(text: string, choices: Choice[], t: Translate): string[] {
  return text
    .split(/\s*[,;\n\r]+\s*/)
    .filter(Boolean)
    .flatMap((piece) => (matchChoice(piece, choices) ? [piece] : splitList(piece, t)));
}
/** The member-facing sentence for the first thing zod found wrong. */
export function describeIssue(issue: ZodIssue, input: string, t: Translate): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.type === 'string') return Number(issue.minimum) <= 1 ? t('error.required') : t('error.too_short', { min: Number(issue.minimum) });
      return t('error.too_small', { min: Number(issue.minimum) });
    case 'too_big':
      return issue.type === 'string' ? t('error.too_long', { max: Number(issue.maximum) }) : t('error.too_big', { max: Number(issue.maximum) });
    case 'invalid_string':
      if (issue.validation === 'email') return t('error.email', { input: clip(input) });
      break;
    case 'custom':
      if (isMessageId(issue.message)) return t(issue.message, { input: clip(input), ...(issue.params ?? {}) });
      break;
  }
  return t('error.invalid', { detail: issue.message });
}

export function validate(schema: ZodTypeAny | undefined, value: unknown, input: string, t: Translate): ParseResult {
  if (!schema) return { ok: true, value };
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeIssue(result.error.issues[0], input, t) };
}

/** Keeps echoed input short so an error never repeats a wall of text. */
export function clip(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
