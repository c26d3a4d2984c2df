// The words the bot understands in answers (yes and no, list separators, back/skip/cancel/confirm,
// amount and number words) come from the message catalog, one `words.*` entry per list, words
// separated by "|": a language's word lists are one more catalog file, not code.
import { foldLetters, normalize } from '../../core/text/similarity';
import type { ListWords } from '../../core/countries/country-registry';
import type { AmountWords } from '../../core/pledges/value';
import { catalogLanguage, translator, type MessageId, type Translate } from '../catalog/catalog';
import type { ConversationContext } from '../context';

export type WordList = 'yes' | 'no' | 'and' | 'all' | 'back' | 'skip' | 'cancel' | 'confirm' | 'edit' | 'filler' | 'thousand' | 'million' | 'billion' | 'currency';

const cache = new WeakMap<Translate, Map<string, string[]>>();

/** The words of one list in the member's language, normalized (lower case, accents folded). */
export function words(
  t: Translate,
  list: WordList | 'numbers' | `rsvp.${'going' | 'maybe' | 'not_going'}` | `reminders.${'off' | 'on' | 'pause' | 'until' | 'default' | 'minutes' | 'hours' | 'days'}`,
): string[] {
  let lists = cache.get(t);
  if (!lists) cache.set(t, (lists = new Map<string, string[]>()));
  let found = lists.get(list);
  if (!found) {
    const raw = t(`words.${list}` as MessageId);
    // Symbols (&, $) have no letters for normalize to keep: kept as typed.
    // Currency signs and names are kept as typed (lower case): "$" and "us$" are not punctuation there.
    // A filler entry ending in "-" is a prefix (Arabic "ال-"), kept as typed but for the dash.
    found = raw
      .split('|')
      .map((w) => (list === 'currency' ? foldLetters(w.trim()) : list === 'filler' && w.trim().endsWith('-') ? `${normalize(w)}-` : normalize(w) || w.trim()))
      .filter(Boolean);
    lists.set(list, found);
  }
  return found;
}

/** True when the whole text is one of the list's words (case, accents and punctuation aside). */
export function isWord(text: string, t: Translate, list: WordList): boolean {
  const folded = normalize(text) || text.trim();
  return words(t, list).includes(folded);
}

/** Yes (true), no (false), or neither (undefined). */
export function yesOrNo(text: string, t: Translate): boolean | undefined {
  if (isWord(text, t, 'yes')) return true;
  if (isWord(text, t, 'no')) return false;
  return undefined;
}

export const CONTROL_WORDS = ['cancel', 'back', 'skip', 'confirm'] as const;
export type ControlWord = (typeof CONTROL_WORDS)[number];

/** Which of the words every question understands (cancel, back, skip, confirm) the text is, if any. */
export function controlWord(text: string, t: Translate): ControlWord | undefined {
  const folded = normalize(text) || text.trim();
  return CONTROL_WORDS.find((kind) => words(t, kind).includes(folded));
}

/** Number words ("two" → 2) of the member's language. */
export function numberWords(t: Translate): Map<string, number> {
  const map = new Map<string, number>();
  for (const entry of words(t, 'numbers')) {
    const m = /^(.+?) (\d+(?: \d+)?)$/.exec(entry); // normalize turned "two=2" into "two 2", "half=0.5" into "half 0 5"
    if (m) map.set(m[1], Number(m[2].replace(' ', '.')));
  }
  return map;
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A list as people type it: items separated by commas, semicolons, new lines or the language's
 * "and" words ("access and adoption", "Niger, Mali & Fiji"). Empty items are dropped.
 */
export function splitList(text: string, t: Translate): string[] {
  const ands = words(t, 'and').map(escape).join('|');
  const pattern = new RegExp(`\\s*[,;\\n\\r]+\\s*|\\s+(?:${ands})\\s+|\\s*&\\s*`, 'iu');
  return text
    .split(pattern)
    .map((part) => part.trim().replace(new RegExp(`^(?:${ands})\\s+`, 'iu'), ''))
    .filter(Boolean);
}

/** Commands members may type in their language, and the command each names. */
const ALIASED_COMMANDS = {
  help: 'help',
  join: 'join',
  pledge: 'pledge',
  meetings: 'meetings',
  my_groups: 'my groups',
  profile: 'profile',
  groups: 'groups',
  pledges: 'pledges',
  pledge_totals: 'pledge totals',
  pledge_status: 'pledge status',
  language: 'language',
  leave: 'leave',
  rsvp: 'rsvp',
  reminders: 'reminders',
  my_data: 'my data',
  forget_me: 'forget me',
  update_pledge: 'update pledge',
  me: 'me',
  link: 'link',
  notify: 'notify',
  claim_pledge: 'claim pledge',
  check_in: 'check in',
  roster: 'roster',
  composition: 'composition',
  meeting: 'meeting',
  cancel_meeting: 'cancel meeting',
  reschedule: 'reschedule',
  schedule: 'schedule',
  applications: 'applications',
  approve: 'approve',
  reject: 'reject',
  claims: 'claims',
  approve_claim: 'approve claim',
  decline_claim: 'decline claim',
  chair_add: 'chair add',
  chair_remove: 'chair remove',
  digest: 'digest',
  export: 'export',
  dashboard: 'dashboard',
} as const;

const KEY_OF_COMMAND = new Map<string, string>(Object.entries(ALIASED_COMMANDS).map(([key, command]) => [command, key]));

/**
 * The word a member of this language is told to type for a command (its English name): the first
 * of the language's `words.command.*` list ("aide" for help), else the English name.
 */
export function commandWord(t: Translate, command: string): string {
  const key = KEY_OF_COMMAND.get(command);
  return (key && t(`words.command.${key}` as MessageId).split('|')[0]!.trim()) || command;
}

/** The commands with words of their own, longer names first (`pledge status` before `pledge`). */
const LONGEST_NAME_FIRST: readonly string[] = Object.values(ALIASED_COMMANDS).sort((a, b) => b.length - a.length);

/** Argument names of usages (`<group>`, `[reason]`) that have words of their own (`words.arg.*`). */
const ARGUMENT_KEYS: Record<string, string> = {
  group: 'group',
  id: 'id',
  number: 'number',
  reason: 'reason',
  member: 'member',
  date: 'date',
  code: 'code',
  page: 'page',
  'application id': 'application_id',
  'claim id': 'claim_id',
  period: 'period',
};

/**
 * A usage (`leave <group>`, `reject <application id> <reason>`) as the member reads it: the
 * command's name by the member's word for it, and each argument name in their language
 * (`quitter groupe <groupe>`); the English forms are always understood too.
 */
export function localUsage(t: Translate, usage: string): string {
  const name = LONGEST_NAME_FIRST.find((n) => usage.toLowerCase() === n || usage.toLowerCase().startsWith(`${n} `));
  const head = name ? `${commandWord(t, name)}${usage.slice(name.length)}` : usage;
  return head.replace(/([<[])([a-z ]+)([>\]])/g, (whole, open: string, arg: string, close: string) => {
    if (arg === 'all' && open === '[') return `[${t('words.all').split('|')[0]!.trim()}]`;
    const key = ARGUMENT_KEYS[arg];
    return key ? `${open}${t(`words.arg.${key}` as MessageId)}${close}` : whole;
  });
}

/**
 * A number of days back in the member's words (`30 derniers jours`, `últimos 30 días`, `آخر ٣٠ يوما`;
 * `words.period_days`, N the number) as the digest's periods are read (`last 30 days`); any other
 * text as typed.
 */
export function periodInEnglish(text: string, t: Translate): string {
  const typed = normalize(text);
  for (const pattern of t('words.period_days').split('|')) {
    const words = normalize(pattern).split(' ').map((w) => (w === 'n' ? '(\\d{1,3})' : escape(w)));
    const found = new RegExp(`^${words.join(' ')}$`).exec(typed);
    if (found) return `last ${found[1]} days`;
  }
  return text;
}

/** `days` days back as the member writes it (`30 derniers jours`): the first of `words.period_days`. */
export function periodWords(t: Translate, days: number): string {
  return t('words.period_days').split('|')[0]!.trim().replace('N', String(days));
}

/** Each export kind's words in the member's language (`words.export_kinds`: `pledges=engagements|…`), the first one shown. */
export function exportKindWords(t: Translate): Map<string, string[]> {
  const kinds = new Map<string, string[]>();
  for (const entry of t('words.export_kinds').split('|')) {
    const [kind, word] = entry.split('=').map((side) => side.trim());
    if (kind && word) kinds.set(kind, [...(kinds.get(kind) ?? []), word]);
  }
  return kinds;
}

/** The export kind a word names, in the member's language or in English (`engagements`, `pledges`), else undefined. */
export function exportKindOf(typed: string, t: Translate): string | undefined {
  const folded = normalize(typed);
  for (const [kind, names] of exportKindWords(t)) if (folded === kind || names.some((name) => normalize(name) === folded)) return kind;
  return undefined;
}

/** True when the text says "all" in the member's language (or English): `help all`, `aide tout`. */
export function saysAll(text: string, t: Translate): boolean {
  const folded = normalize(text);
  return folded === 'all' || words(t, 'all').includes(folded);
}

/** Each translator's command aliases, built once (a translator is kept per catalog). */
const aliasCache = new WeakMap<Translate, Map<string, string>>();

/** The member's language's words for commands ("aide" → help, "réunions" → meetings), normalized, for the Router. */
export function commandAliases(t: Translate): ReadonlyMap<string, string> {
  let aliases = aliasCache.get(t);
  if (aliases) return aliases;
  aliases = new Map<string, string>();
  for (const [key, command] of Object.entries(ALIASED_COMMANDS)) {
    for (const word of t(`words.command.${key}` as MessageId).split('|')) if (normalize(word)) aliases.set(normalize(word), command);
  }
  aliasCache.set(t, aliases);
  return aliases;
}

/**
 * The command words the Router reads in this turn: the member's language's, and those of the language
 * their platform shows (a Teams command menu localized for the client), English always.
 */
const turnAliasCache = new WeakMap<Translate, Map<string, ReadonlyMap<string, string>>>();

export function turnCommandAliases(ctx: Pick<ConversationContext, 't' | 'incoming'>): ReadonlyMap<string, string> {
  const own = commandAliases(ctx.t);
  const platform = catalogLanguage(ctx.incoming.locale);
  if (!platform) return own;
  const theirs = commandAliases(translator(platform));
  if (theirs === own) return own;
  let byPlatform = turnAliasCache.get(ctx.t);
  if (!byPlatform) turnAliasCache.set(ctx.t, (byPlatform = new Map<string, ReadonlyMap<string, string>>()));
  let merged = byPlatform.get(platform);
  if (!merged) {
    // The member's own words win where both languages have the same word.
    const both = new Map(theirs);
    for (const [word, command] of own) both.set(word, command);
    byPlatform.set(platform, (merged = both));
  }
  return merged;
}

/** The words that separate list items ("and", "et", "y", "و") as the catalog spells them, for core's country lists. */
export function listWords(t: Translate): ListWords {
  return { and: t('words.and' as MessageId).split('|').map((w) => w.trim().toLowerCase()).filter(Boolean) };
}

/** The words of amounts ("2,5 Mio", "two million") in the member's language, for core's parseUsd. */
export function amountWords(t: Translate): AmountWords {
  const scales: Record<string, number> = {};
  for (const [list, factor] of [['thousand', 1e3], ['million', 1e6], ['billion', 1e9]] as const) for (const w of words(t, list)) scales[w] = factor;
  const duals: Record<string, string> = {};
  for (const entry of t('words.dual' as MessageId).split('|')) {
    const [word, meaning] = entry.split('=').map((side) => normalize(side ?? ''));
    if (word && meaning) duals[word] = meaning;
  }
  return { scales, numbers: Object.fromEntries(numberWords(t)), currency: words(t, 'currency'), and: words(t, 'and'), duals };
}

/**
 * The words that say which thing, not what ("the", "my", "l’", Arabic "ال-"), taken out of a
 * folded text: "the title" and "title" both read "title".
 */
export function withoutFiller(text: string, t: Translate): string {
  const filler = words(t, 'filler');
  const whole = new Set(filler.filter((w) => !w.endsWith('-')));
  const prefixes = filler.filter((w) => w.endsWith('-')).map((w) => w.slice(0, -1));
  const kept = normalize(text)
    .split(' ')
    .filter((w) => w && !whole.has(w))
    .map((w) => prefixes.reduce((word, p) => (word.startsWith(p) && word.length > p.length + 1 ? word.slice(p.length) : word), w));
  // A text of filler only ("edit the") stays as it was: the member is asked which field.
  return kept.length > 0 ? kept.join(' ') : normalize(text);
}

/**
 * What follows an edit word at a summary ("edit value", "change the title"), or null. "edit" is
 * understood in every language: the summary's buttons send it.
 */
export function editTarget(text: string, t: Translate): string | null {
  const typed = text.trim().split(/\s+/);
  const known = new Set(['edit', ...words(t, 'edit')]);
  for (let n = Math.min(3, typed.length - 1); n >= 1; n--) {
    if (known.has(normalize(typed.slice(0, n).join(' ')))) return typed.slice(n).join(' ');
  }
  return null;
}
