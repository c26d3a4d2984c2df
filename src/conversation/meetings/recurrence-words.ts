// A meeting's rule as people say it ("every two weeks on Tuesday", "the last Friday of each
// month, 10 times"), never its RFC 5545 spelling: the core describes the rule, the catalog
// words it, Intl names the weekdays, joins lists and writes dates in the member's language.
import { describeRule, type RuleDescription, type SeriesStart, type WeekdayIndex } from '../../core/meetings/recurrence';
import type { Translate } from '../catalog/catalog';

function weekdayName(day: WeekdayIndex, locale: string): string {
  // 1 January 2023 was a Sunday (weekday 0).
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + day)));
}

function list(items: string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

const fromEnd = (n: number) => (n === -1 ? 'last' : `last${-n}`);

function dayOfMonth(n: number, t: Translate): string {
  return n > 0 ? t('recurrence.day_of_month', { nth: 'n', n }) : t('recurrence.day_of_month', { nth: fromEnd(n), n: -n });
}

/** The description in words; `timeZone` and `locale` write the last date of a rule that ends. */
export function describedInWords(description: RuleDescription, t: Translate, locale: string, timeZone: string): string {
  const { shape } = description;
  const days = (list_: WeekdayIndex[]) => list(list_.map((d) => weekdayName(d, locale)), locale);
  let rule: string;
  switch (shape.kind) {
    case 'daily':
      rule = t('recurrence.daily', { interval: shape.interval });
      if (shape.onlyOn.length) rule = t('recurrence.only_on', { rule, days: days(shape.onlyOn) });
      break;
    case 'weekdays':
      rule = t('recurrence.weekdays');
      break;
    case 'weekly':
      rule = t('recurrence.weekly', { interval: shape.interval, days: days(shape.days) });
      break;
    case 'monthly_day':
      rule = t('recurrence.monthly_day', { interval: shape.interval, days: list(shape.days.map((n) => dayOfMonth(n, t)), locale) });
      if (shape.onlyOn.length) rule = t('recurrence.only_on', { rule, days: days(shape.onlyOn) });
      break;
    case 'monthly_weekday': {
      const every = shape.positions.filter((p) => p.nth === 0).map((p) => p.day);
      const nth = shape.positions.filter((p) => p.nth !== 0);
      const positions = nth.map((p) => t('recurrence.position', { nth: p.nth > 0 ? String(p.nth) : fromEnd(p.nth), day: weekdayName(p.day, locale) }));
      rule = nth.length
        ? t('recurrence.monthly_weekday', { interval: shape.interval, positions: list(positions, locale) })
        : t('recurrence.monthly_every_weekday', { interval: shape.interval, days: days(every) });
      if (nth.length && every.length) rule = t('recurrence.and_every', { rule, days: days(every) });
      break;
    }
  }
  if (description.count !== null) return t('recurrence.count', { rule, count: description.count });
  if (description.until) {
    const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(description.until);
    return t('recurrence.until', { rule, date });
  }
  return rule;
}

/** A stored rule in words; a single meeting (null) is "does not repeat". */
export function ruleInWords(rrule: string | null, series: SeriesStart, t: Translate, locale: string): string {
  if (!rrule) return t('recurrence.once');
  const description = describeRule(rrule, series);
  // A rule the library cannot read is not shown raw: it was refused when typed, so this is a stored oddity.
  return description ? describedInWords(description, t, locale, series.timeZone) : t('recurrence.unreadable');
}
