// Meeting dates as written for members, against formatters built afresh for each call (the
// oracle): the kept formatters must not mix locales, zones or shapes, however they are interleaved.
import { formatDate, formatWhen } from '../../src/conversation/meetings/format';

const LOCALES = ['en', 'fr', 'es', 'ar', 'ru', 'zh'];
const ZONES = ['Europe/Zurich', 'Africa/Nairobi', 'America/New_York', 'Pacific/Auckland', 'Asia/Kolkata', 'UTC'];
const INSTANTS = [new Date('2026-12-01T13:00:00Z'), new Date('2027-03-28T00:30:00Z'), new Date('2026-07-04T23:59:00Z')];

const fresh = {
  when: (instant: Date, timeZone: string, locale: string) =>
    `${new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(instant)} (${timeZone})`,
  date: (instant: Date, timeZone: string, locale: string) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(instant),
};

describe('meeting dates', () => {
  it('read as freshly built formatters read them, in every locale and zone, however interleaved', () => {
    for (let round = 0; round < 2; round++) {
      for (const instant of INSTANTS) {
        for (const timeZone of ZONES) {
          for (const locale of LOCALES) {
            expect(formatWhen(instant, timeZone, locale)).toBe(fresh.when(instant, timeZone, locale));
            expect(formatDate(instant, timeZone, locale)).toBe(fresh.date(instant, timeZone, locale));
          }
        }
      }
    }
    // Different zones of one instant really differ, and a locale's words are its own.
    expect(formatWhen(INSTANTS[0], 'Europe/Zurich', 'en')).toContain('14:00');
    expect(formatWhen(INSTANTS[0], 'Pacific/Auckland', 'en')).toContain('02:00');
    expect(formatDate(INSTANTS[0], 'UTC', 'fr')).toBe('1 déc. 2026');
  });

  it('refuses an unknown zone every time, as Intl does', () => {
    expect(() => formatWhen(INSTANTS[0], 'Mars/Olympus_Mons', 'en')).toThrow(RangeError);
    expect(() => formatWhen(INSTANTS[0], 'Mars/Olympus_Mons', 'en')).toThrow(RangeError);
  });
});
