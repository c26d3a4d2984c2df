// Words of the code that must never reach a member: snake_case values, enum names, null,
// undefined, NaN, "[object …]" and ISO timestamps. Links are left out (they carry ids and tokens).
const INTERNAL = [/\b[a-z]+_[a-z_]+\b/, /\b[A-Z]+_[A-Z_]+\b/, /\b(null|undefined|NaN)\b/, /\[object /, /\d{4}-\d\d-\d\dT\d\d:\d\d/];

/** The texts among `shown` that carry an internal word (links, Slack's `<…>` link markup and its `:emoji:` codes aside). */
export function internalWords(shown: string[]): string[] {
  return shown.filter((x) => {
    const read = x.replace(/<[^<>\s]*https?:\/\/[^<>]*>|https?:\/\/\S+/g, '').replace(/(^|\s):[a-z0-9_+-]+:(?=\s|$)/g, '$1');
    return INTERNAL.some((p) => p.test(read));
  });
}

type Json = Record<string, any>;

/** What a member reads on an Adaptive Card: text blocks, facts, labels, placeholders, choice and action titles, errors (not values or data). */
export function cardTexts(card: Json): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Json;
    for (const key of ['text', 'title', 'label', 'placeholder', 'errorMessage', 'altText', 'fallbackText']) if (typeof o[key] === 'string') out.push(o[key]);
    if (Array.isArray(o.facts)) for (const fact of o.facts) out.push(String(fact.title), String(fact.value));
    for (const [key, value] of Object.entries(o)) if (key !== 'data' && key !== 'facts' && typeof value === 'object') walk(value);
  };
  walk(card);
  return out;
}
