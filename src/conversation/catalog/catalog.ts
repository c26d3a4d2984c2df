// Every user-facing sentence comes from a catalog keyed by id. Each capability keeps
// its sentences in its own file under en/; a translation is the same set of files
// under another language's folder, registered with registerCatalog, English being
// the fallback per key.
//
// Messages are ICU MessageFormat (intl-messageformat): `{name}` fills a parameter as
// it is given (numbers are not reformatted), `{count, plural, one {# member} other {# members}}`
// chooses by the language's plural rules (Intl.PluralRules), `{kind, select, ...}` by a word.
import { IntlMessageFormat } from 'intl-messageformat';
import core from './en/core.json';
import dashboard from './en/dashboard.json';
import digest from './en/digest.json';
import imports from './en/imports.json';
import meetings from './en/meetings.json';
import membership from './en/membership.json';
import pledges from './en/pledges.json';
import slack from './en/slack.json';
import teams from './en/teams.json';
import words from './en/words.json';

const en = { ...core, ...dashboard, ...digest, ...imports, ...meetings, ...membership, ...pledges, ...slack, ...teams, ...words };

export type MessageId = keyof typeof en;
export type Params = Record<string, string | number>;
export type Translate = (id: MessageId, params?: Params) => string;

const catalogs: Record<string, Partial<Record<MessageId, string>>> = { en };
/** Compiled messages per language and id: parsing happens once per message, not per reply. */
const compiled = new Map<string, Map<string, IntlMessageFormat>>();

/** Adds or replaces a language (e.g. loaded from a file by main.ts). */
export function registerCatalog(locale: string, messages: Partial<Record<MessageId, string>>): void {
  catalogs[locale] = messages;
  compiled.delete(locale);
}

/** Parses a message; throws with the message's id when it is not valid ICU MessageFormat. */
export function compileMessage(template: string, locale = 'en'): IntlMessageFormat {
  return new IntlMessageFormat(template, locale, undefined, { ignoreTag: true });
}

/** Fills `{name}` placeholders only, leaving unknown ones visible (for text that is not a catalog message). */
export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

function format(locale: string, id: string, template: string, params: Params): string {
  let byId = compiled.get(locale);
  if (!byId) compiled.set(locale, (byId = new Map<string, IntlMessageFormat>()));
  let message = byId.get(id);
  if (!message) byId.set(id, (message = compileMessage(template, locale)));
  try {
    const out = message.format(params);
    return Array.isArray(out) ? out.join('') : String(out);
  } catch {
    // A parameter the caller did not give: show the placeholder rather than fail the reply.
    return interpolate(template, params);
  }
}

export function translator(locale: string): Translate {
  const language = locale.split('-')[0];
  const key = catalogs[locale] ? locale : catalogs[language] ? language : 'en';
  const chosen = catalogs[key] ?? {};
  return (id, params = {}) => {
    const own = chosen[id];
    return own !== undefined ? format(key, id, own, params) : format('en', id, en[id], params);
  };
}

export function isMessageId(id: string): id is MessageId {
  return Object.prototype.hasOwnProperty.call(en, id);
}

/** Every id, for tests that check catalogs and translations are complete. */
export function messageIds(): MessageId[] {
  return Object.keys(en) as MessageId[];
}

/** The English template of an id, for tests. */
export function englishTemplate(id: MessageId): string {
  return en[id];
}
