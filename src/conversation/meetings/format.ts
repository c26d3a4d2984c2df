// Dates and times as the member reads them: their locale and time zone, on a 24-hour
// clock (a coalition across continents: 14:00 is read the same everywhere).
export function formatWhen(instant: Date, timeZone: string, locale: string): string {
  const text = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(instant);
  return `${text} (${timeZone})`;
}

export function formatDate(instant: Date, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(instant);
}

/** "24h", "1h30", "45m": how long before a meeting a reminder comes. */
export function formatOffset(minutes: number): string {
  if (minutes % 1440 === 0 && minutes >= 2880) return `${minutes / 1440}d`;
  if (minutes >= 60) return `${Math.floor(minutes / 60)}h${minutes % 60 ? String(minutes % 60).padStart(2, '0') : ''}`;
  return `${minutes}m`;
}

/** Parses "90", "90m", "1h", "1h30", "1.5h", "2d" into minutes; null when unreadable. */
export function parseMinutes(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  let m = /^(\d+)(m|min|mins|minutes)?$/.exec(t);
  if (m) return Number(m[1]);
  m = /^(\d+(?:\.\d+)?)(h|hr|hours?)$/.exec(t);
  if (m) return Math.round(Number(m[1]) * 60);
  m = /^(\d+)h(\d{1,2})(m|min)?$/.exec(t);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  m = /^(\d+)(d|days?)$/.exec(t);
  if (m) return Number(m[1]) * 1440;
  return null;
}
