// The neutral message model as Adaptive Cards 1.5: title, text, facts, buttons or a
// choice set for choices, inputs for forms. Every string a member could have typed goes
// through escapeCardText, so nobody can make the bot post a fake link or an @mention.
import type { Form, FormField, OutgoingMessage } from '../../src/core/messages';
import { translator, type Translate } from '../../src/conversation/catalog/catalog';

export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardElement[];
}

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Buttons above this number become one choice set with a submit button. */
const MAX_BUTTONS = 6;
/**
 * Teams takes a bot message up to 100 KB counted in UTF-16 (2 bytes a code unit): a card's JSON
 * is kept under 40,000 code units (80 KB), leaving the rest for the activity around it.
 */
export const CARD_BUDGET = 40_000;

/**
 * Neutralises what could make card text act rather than show: a markdown link
 * `[label](url)` (a zero-width space after "]" stops it parsing) and tags or autolinks such
 * as `<at>` or `<https://..>` (a full-width "<"). Everything else shows as typed.
 */
export function escapeCardText(text: string): string {
  return text.replace(/\]\s*\(/g, (m) => `]\u200B${m.slice(1)}`).replace(/</g, '\uFF1C');
}

function textBlocks(text: string, tone?: OutgoingMessage['tone']): CardElement[] {
  const color = tone === 'error' ? 'Attention' : tone === 'success' ? 'Good' : undefined;
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => ({ type: 'TextBlock', text: escapeCardText(line), wrap: true, ...(color ? { color } : {}), ...(i > 0 ? { spacing: 'Small' } : {}) }));
}

function input(field: FormField, t: Translate, values: Record<string, string>): CardElement {
  const base = { id: field.id, label: escapeCardText(field.label), isRequired: field.required, ...(field.required ? { errorMessage: t('error.required') } : {}) };
  const value = values[field.id] ?? field.initial;
  const withValue = value !== undefined ? { value } : {};
  const choices = (field.kind === 'yes-no' ? [{ label: t('input.yes'), value: 'yes' }, { label: t('input.no'), value: 'no' }] : field.choices ?? []).map((c) => ({
    title: c.label,
    value: c.value,
  }));
  switch (field.kind) {
    case 'number': {
      // Input.Number takes a number: a value that is not one (a refused answer shown again) is left out; its error says why.
      const number = value !== undefined && value.trim() !== '' ? Number(value) : NaN;
      return { type: 'Input.Number', ...base, ...(Number.isFinite(number) ? { value: number } : {}) };
    }
    case 'date':
      return { type: 'Input.Date', ...base, ...withValue };
    case 'choice':
    case 'yes-no':
      return { type: 'Input.ChoiceSet', ...base, style: 'compact', choices, ...withValue };
    case 'multi-choice':
      return { type: 'Input.ChoiceSet', ...base, isMultiSelect: true, style: 'expanded', choices, ...withValue };
    default:
      return {
        type: 'Input.Text',
        ...base,
        maxLength: field.kind === 'textarea' ? 4000 : 500,
        ...(field.kind === 'textarea' ? { isMultiline: true } : {}),
        ...(field.hint ? { placeholder: field.hint } : {}),
        ...withValue,
      };
  }
}

/** A form as card inputs whose ids are the field ids, submitted with `{form: <flow id>}`. */
export function formElements(form: Form, t: Translate, options: { values?: Record<string, string>; errors?: Record<string, string> } = {}): { body: CardElement[]; actions: CardElement[] } {
  const body: CardElement[] = [{ type: 'TextBlock', text: escapeCardText(form.title), wrap: true, weight: 'Bolder' }];
  for (const field of form.fields) {
    body.push(input(field, t, options.values ?? {}));
    const error = options.errors?.[field.id];
    if (error) body.push({ type: 'TextBlock', text: escapeCardText(error), wrap: true, color: 'Attention', spacing: 'None' });
  }
  return { body, actions: [{ type: 'Action.Submit', title: escapeCardText(form.submitLabel), style: 'positive', data: { form: form.id } }] };
}

function messageElements(message: OutgoingMessage, fallback: Translate): { body: CardElement[]; actions: CardElement[] } {
  // The adapter's own words in the reader's language.
  const t = message.locale ? translator(message.locale) : fallback;
  const body: CardElement[] = [];
  const actions: CardElement[] = [];
  if (message.title) body.push({ type: 'TextBlock', text: escapeCardText(message.title), wrap: true, weight: 'Bolder', size: 'Medium' });
  body.push(...textBlocks(message.text, message.tone));
  if (message.fields?.length) {
    body.push({ type: 'FactSet', facts: message.fields.map((f) => ({ title: escapeCardText(f.label), value: escapeCardText(f.value) })) });
  }
  const choices = message.choices;
  if (choices && choices.options.length > 0) {
    if (choices.multiple || choices.options.length > MAX_BUTTONS) {
      body.push({
        type: 'Input.ChoiceSet',
        id: 'choice',
        style: choices.multiple ? 'expanded' : 'compact',
        isMultiSelect: Boolean(choices.multiple),
        choices: choices.options.map((o) => ({ title: o.label, value: o.value })),
      });
      actions.push({ type: 'Action.Submit', title: t('teams.choose'), data: { chosen: choices.multiple ? 'many' : 'one' } });
    } else {
      for (const option of choices.options) {
        actions.push({
          type: 'Action.Submit',
          title: option.label,
          data: { action: option.value },
          ...(option.style ? { style: option.style === 'primary' ? 'positive' : 'destructive' } : {}),
        });
      }
    }
  }
  if (message.form) {
    const form = formElements(message.form, t);
    body.push(...form.body);
    actions.push(...form.actions);
  }
  return { body, actions };
}

export function card(body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
  };
}

const size = (value: unknown): number => JSON.stringify(value).length;

/** An element over the budget as several (facts and lines shared out); others are left whole. */
function splitElement(element: CardElement, budget: number): CardElement[] {
  if (size(element) <= budget) return [element];
  const facts = element.facts as unknown[] | undefined;
  if (element.type === 'FactSet' && Array.isArray(facts) && facts.length > 1) {
    const half = Math.ceil(facts.length / 2);
    return [...splitElement({ ...element, facts: facts.slice(0, half) }, budget), ...splitElement({ ...element, facts: facts.slice(half), spacing: 'None' }, budget)];
  }
  if (element.type === 'TextBlock' && typeof element.text === 'string' && element.text.length > 1) {
    const chars = [...element.text];
    const half = Math.ceil(chars.length / 2);
    return [...splitElement({ ...element, text: chars.slice(0, half).join('') }, budget), ...splitElement({ ...element, text: chars.slice(half).join(''), spacing: 'None' }, budget)];
  }
  return [element];
}

/**
 * A body and its actions as one card, or as several in order when one would be over what
 * Teams takes: nothing is left out, and the actions go on the last card.
 */
export function packCards(body: CardElement[], actions: CardElement[], budget = CARD_BUDGET): AdaptiveCard[] {
  // Most messages fit with room to spare: one card, measured once (the margin covers the
  // separators the element by element count below adds).
  const whole = card(body, actions);
  if (size(whole) + 16 <= budget) return [whole];
  const empty = size(card([], []));
  const cards: CardElement[][] = [[]];
  let used = empty;
  for (const element of body.flatMap((e) => splitElement(e, budget - empty))) {
    const cost = size(element) + 1;
    if (used + cost > budget && cards[cards.length - 1].length > 0) {
      cards.push([]);
      used = empty;
    }
    cards[cards.length - 1].push(element);
    used += cost;
  }
  if (actions.length && used + size(actions) + 12 > budget) cards.push([]);
  return cards.map((b, i) => card(b, i === cards.length - 1 ? actions : []));
}

/** One message as one card, or several when it is over what Teams takes in a message. */
export function renderCards(message: OutgoingMessage, t: Translate): AdaptiveCard[] {
  const { body, actions } = messageElements(message, t);
  return packCards(body, actions);
}

/** The one card of a message known to fit (a welcome); over the size, it is an error, not a cut. */
export function renderCard(message: OutgoingMessage, t: Translate): AdaptiveCard {
  const cards = renderCards(message, t);
  if (cards.length !== 1) throw new Error(`the message needs ${cards.length} cards; send it with renderCards`);
  return cards[0];
}

/**
 * Several messages as one card (an invoke is answered with a single card) when they fit, the
 * actions of the last message that has any kept, as that is the question being asked; what is
 * over the size Teams takes follows as further cards.
 */
export function renderCombined(messages: OutgoingMessage[], t: Translate): AdaptiveCard[] {
  const parts = messages.map((m) => messageElements(m, t));
  const body = parts.flatMap((p, i) => (i > 0 && p.body[0] ? [{ ...p.body[0], separator: true }, ...p.body.slice(1)] : p.body));
  const actions = [...parts].reverse().find((p) => p.actions.length > 0)?.actions ?? [];
  return packCards(body, actions);
}
