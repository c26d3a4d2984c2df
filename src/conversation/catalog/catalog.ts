// Every user-facing sentence comes from a catalog keyed by id. Each capability keeps
// its sentences in its own file under en/; a translation is the same set of files
// under another language's folder (fr/, es/, ar/), gathered by the folder's index.ts and
// listed in LANGUAGES below. English is the fallback per key at run time; a test
// (catalog-translations) refuses a language that lacks a key.
//
// Messages are ICU MessageFormat (intl-messageformat): `{name}` fills a parameter as
// it is given (numbers are not reformatted), `{count, plural, one {# member} other {# members}}`
// chooses by the language's plural rules (Intl.PluralRules), `{kind, select, ...}` by a word.
import { IntlMessageFormat } from 'intl-messageformat';
import { isolate, isRightToLeft } from '../../core/text/bidi';
import ar from './ar';
import es from './es';
import fr from './fr';
import core from './en/core.json';
import dashboard from './en/dashboard.json';
import digest from './en/digest.json';
import exportColumns from './en/exports.json';
import imports from './en/imports.json';
import meetings from './en/meetings.json';
import membership from './en/membership.json';
import pledges from './en/pledges.json';
import sdgs from './en/sdgs.json';
import slack from './en/slack.json';
import teams from './en/teams.json';
import words from './en/words.json';

const en = { ...core, ...dashboard, ...digest, ...exportColumns, ...imports, ...meetings, ...membership, ...pledges, ...sdgs, ...slack, ...teams, ...words };

export type MessageId = keyof typeof en;
export type Params = Record<string, string | number>;
export type Translate = (id: MessageId, params?: Params) => string;

/** The languages the bot speaks, each with its whole catalog (static imports: the build includes them). */
const catalogs: Record<string, Partial<Record<MessageId, string>>> = { en, fr, es, ar };

/** Every language with a catalog, English first. */
export function catalogLanguages(): string[] {
  return Object.keys(catalogs);
}

/** The catalog language of a locale (`fr-SN` -> `fr`), or undefined when the bot does not speak it. */
export function catalogLanguage(locale: string | null | undefined): string | undefined {
  if (!locale) return undefined;
  if (catalogs[locale]) return locale;
  const language = locale.split(/[-_]/)[0]!.toLowerCase();
  return catalogs[language] ? language : undefined;
}

/** The messages a language has of its own (no English fallback), for tests. */
export function ownMessages(language: string): Partial<Record<MessageId, string>> {
  return catalogs[language] ?? {};
}
/** Compiled messages per language and id: parsing happens once per message, not per reply. */
const compiled = new Map<string, Map<string, Compiled>>();

/** Adds or replaces a language (e.g. loaded from a file by main.ts). */
export function registerCatalog(locale: string, messages: Partial<Record<MessageId, string>>): void {
  catalogs[locale] = messages;
  compiled.delete(locale);
  commandWordsByLanguage.delete(locale);
  translators.clear();
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

/** Each catalog's direction, looked up once (Intl.Locale is built per lookup; `locale` is a catalog key). */
const rightToLeft = new Map<string, boolean>();

/**
 * A right-to-left language's text parameters isolated (FSI … PDI); numbers stay numbers for plural
 * rules, and the words a `select` chooses by (`{who, select, chair {…}}`) stay as given.
 */
function isolated(locale: string, params: Params, selectors: ReadonlySet<string>): Params {
  let rtl = rightToLeft.get(locale);
  if (rtl === undefined) rightToLeft.set(locale, (rtl = isRightToLeft(locale)));
  if (!rtl) return params;
  const out: Params = {};
  for (const [name, value] of Object.entries(params)) out[name] = typeof value === 'string' && !selectors.has(name) ? isolate(value) : value;
  return out;
}

/** The shape of intl-messageformat's parsed elements that matters here (its parser's TYPE.select is 5). */
interface Element {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
}
const SELECT = 5;

/** The names of the arguments a message selects by, nested ones included. */
function selectArguments(elements: readonly Element[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === SELECT && typeof element.value === 'string') into.add(element.value);
    for (const option of Object.values(element.options ?? {})) selectArguments(option.value, into);
    if (element.children) selectArguments(element.children, into);
  }
  return into;
}

/** A compiled message and the arguments it selects by (read from its parse once). */
interface Compiled {
  message: IntlMessageFormat;
  selectors: ReadonlySet<string>;
}

/** No argument and no quoting in ICU MessageFormat without braces or apostrophes: the text is the message. */
const PLAIN = /^[^{}']*$/;

function format(locale: string, id: string, template: string, raw: Params, commands: Params): string {
  if (PLAIN.test(template)) return template;
  let byId = compiled.get(locale);
  if (!byId) compiled.set(locale, (byId = new Map<string, Compiled>()));
  let found = byId.get(id);
  if (!found) {
    const message = compileMessage(template, locale);
    byId.set(id, (found = { message, selectors: selectArguments(message.getAst() as unknown as Element[]) }));
  }
  const { message, selectors } = found;
  // Command words are the catalog's own, never isolated: an Arabic command reads as Arabic.
  const params = template.includes('{cmd_') ? { ...commands, ...isolated(locale, raw, selectors) } : isolated(locale, raw, selectors);
  try {
    const out = message.format(params);
    return Array.isArray(out) ? out.join('') : String(out);
  } catch {
    // A parameter the caller did not give: show the placeholder rather than fail the reply.
    return interpolate(template, params);
  }
}

/**
 * The command words a message tells its reader to type (`{cmd_help}`, `{cmd_my_groups}`), in the
 * reader's language: the first word of each `words.command.*` list (what the Router accepts in that
 * language besides English), `{cmd_help_all}` (help and the first of `words.all`), and `{cmd_link_confirm}`,
 * `{cmd_link_cancel}`, `{cmd_forget_me_confirm}` (the command and the first of `words.confirm`, `words.cancel`).
 */
const commandWordsByLanguage = new Map<string, Params>();

export function commandWords(language: string): Params {
  let found = commandWordsByLanguage.get(language);
  if (!found) {
    const messages: Partial<Record<MessageId, string>> = { ...en, ...catalogs[language] };
    const first = (id: string) => (messages[id as MessageId] ?? '').split('|')[0]!.trim();
    found = {};
    for (const id of Object.keys(messages)) if (id.startsWith('words.command.')) found[`cmd_${id.slice('words.command.'.length)}`] = first(id);
    found.cmd_help_all = `${first('words.command.help')} ${first('words.all')}`;
    found.cmd_link_confirm = `${first('words.command.link')} ${first('words.confirm')}`;
    found.cmd_link_cancel = `${first('words.command.link')} ${first('words.cancel')}`;
    found.cmd_forget_me_confirm = `${first('words.command.forget_me')} ${first('words.confirm')}`;
    commandWordsByLanguage.set(language, found);
  }
  return found;
}

/**
 * One translator per catalog, kept: what is derived from a translator (word lists, command
 * aliases) is cached per translator, so a turn reuses it instead of building it again.
 */
const translators = new Map<string, Translate>();

export function translator(locale: string): Translate {
  const language = locale.split('-')[0];
  const key = catalogs[locale] ? locale : catalogs[language] ? language : 'en';
  let found = translators.get(key);
  if (!found) {
    const chosen = catalogs[key] ?? {};
    const commands = commandWords(key);
    translators.set(
      key,
      (found = (id, params = {}) => {
        const own = chosen[id];
        return own !== undefined ? format(key, id, own, params, commands) : format('en', id, en[id], params, commands);
      }),
    );
  }
  return found;
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
