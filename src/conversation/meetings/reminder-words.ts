// What a member types after `reminders`, in their language or in English: an option (`off`,
// `désactiver`, `تعطيل`; `pause until <date>`, `suspendre jusqu’au 6 janvier`, `تعليق حتى ٦ يناير`)
// or lead times (`24h 1h`, `24 h 1 h`, `٢٤ ساعة و٣ ساعات`), read with the `words.reminders.*` lists.
import { foldLetters, normalize } from '../../core/text/similarity';
import { translator, type Translate } from '../catalog/catalog';
import { commandWord, words } from '../understanding/words';
import { parseMinutes } from './format';

export const REMINDER_OPTIONS = ['off', 'on', 'pause', 'default'] as const;
type ReminderOption = (typeof REMINDER_OPTIONS)[number];
type ReminderList = ReminderOption | 'until' | 'minutes' | 'hours' | 'days';

export type RemindersSaid =
  | { kind: 'show' }
  | { kind: 'off' | 'on' | 'default' }
  | { kind: 'pause'; date: string }
  | { kind: 'offsets'; minutes: number[] }
  /** A word that is neither an option nor a time before the meeting. */
  | { kind: 'bad_offset'; input: string };

/** The list's words in the member's language and in English. */
function listOf(t: Translate, list: ReminderList): Set<string> {
  return new Set([...words(t, `reminders.${list}`), ...words(translator('en'), `reminders.${list}`)]);
}

/** How many of the first typed words say one of the list's words (the longest that does), 0 when none. */
function leading(typed: readonly string[], known: Set<string>): number {
  for (let n = Math.min(4, typed.length); n >= 1; n--) if (known.has(normalize(typed.slice(0, n).join(' ')))) return n;
  return 0;
}

/** A reminder comes at most 14 days before the meeting. */
const MAX_MINUTES = 14 * 1440;

const UNIT_OF: Record<'minutes' | 'hours' | 'days', string> = { minutes: 'm', hours: 'h', days: 'd' };

/**
 * Lead times as typed: a number with its unit glued (`24h`, `1h30`, `2j`) or after a space
 * (`24 h`, `٢٤ ساعة`), separated by spaces, commas or the language's "and" (Arabic `و` also glued
 * to the number; a unit alone is one of it). Each one in minutes, or the first word that is none (or more than 14 days).
 */
function leadTimes(text: string, t: Translate): { minutes: number[] } | { bad: string } {
  const units = (['minutes', 'hours', 'days'] as const).map((list) => [list, listOf(t, list)] as const);
  const unitOf = (word: string) => units.find(([, known]) => known.has(normalize(word)))?.[0];
  const ands = new Set([...words(t, 'and'), ...words(translator('en'), 'and')]);
  const typed = text
    .split(/[\s,،;؛]+/)
    .filter(Boolean)
    .map((word) => ({ typed: word, folded: foldLetters(word).replace(/^و(?=\d)/, '') }))
    .filter((word) => !ands.has(normalize(word.folded)));
  const minutes: number[] = [];
  for (let i = 0; i < typed.length; i++) {
    const word = typed[i]!;
    // A unit alone is one of it: Arabic "ساعة" (an hour), "وساعة" (and an hour), "يوم" (a day).
    const bare = word.folded.startsWith('و') && !unitOf(word.folded) ? word.folded.slice(1) : word.folded;
    const alone = bare.length > 1 ? unitOf(bare) : undefined;
    if (alone) {
      minutes.push(parseMinutes(`1${UNIT_OF[alone]}`)!);
      continue;
    }
    // "1h30", "2j", "30min": the number, its unit, and minutes after hours.
    const glued = /^(\d+(?:[.,]\d+)?)(\p{L}+)?(\d{1,2})?(\p{L}+)?$/u.exec(word.folded);
    if (!glued) return { bad: word.typed };
    let unit = glued[2] ? unitOf(glued[2]) : undefined;
    if (glued[2] && !unit) return { bad: word.typed };
    if (!glued[2] && i + 1 < typed.length && unitOf(typed[i + 1]!.folded)) unit = unitOf(typed[++i]!.folded);
    const after = glued[3] ? `${glued[3]}${glued[4] && unitOf(glued[4]) === 'minutes' ? 'm' : glued[4] ? '?' : ''}` : '';
    const value = parseMinutes(`${glued[1]!.replace(',', '.')}${unit ? UNIT_OF[unit] : ''}${after}`);
    if (value === null || value < 1 || value > MAX_MINUTES) return { bad: unit && !glued[2] ? `${word.typed} ${typed[i]!.typed}` : word.typed };
    minutes.push(value);
  }
  return { minutes };
}

/** What the words after `reminders` ask for. */
export function remindersSaid(args: string, t: Translate): RemindersSaid {
  const typed = args.trim().split(/\s+/).filter(Boolean);
  if (typed.length === 0) return { kind: 'show' };
  const option = REMINDER_OPTIONS.map((kind) => ({ kind, n: leading(typed, listOf(t, kind)) })).find((o) => o.n > 0);
  if (option?.kind === 'pause') {
    const rest = typed.slice(option.n);
    return { kind: 'pause', date: rest.slice(leading(rest, listOf(t, 'until'))).join(' ') };
  }
  if (option && option.n === typed.length) return { kind: option.kind };
  const read = leadTimes(args, t);
  return 'bad' in read ? { kind: 'bad_offset', input: read.bad } : { kind: 'offsets', minutes: read.minutes };
}

/** The usage in the member's words: `rappels [24 h 1 h | désactiver | activer | suspendre jusqu'au <date> | par défaut]`. */
export function remindersUsage(t: Translate): string {
  const first = (list: ReminderList) => t(`words.reminders.${list}`).split('|')[0]!.trim();
  return `${commandWord(t, 'reminders')} [${t('reminders.usage_times')} | ${first('off')} | ${first('on')} | ${first('pause')} ${first('until')} <${t('words.arg.date')}> | ${first('default')}]`;
}
