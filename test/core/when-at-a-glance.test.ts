// When a meeting is, read at a glance: "in 1 hour", "today at 14:00", "tomorrow at 14:00", else
// the full date; in the member's zone and language.
import { translator } from '../../src/conversation/catalog/catalog';
import { formatWhenAtAGlance } from '../../src/conversation/meetings/format';
import { FakeClock } from '../support/fake-clock';

const t = translator('en');
const meeting = new Date('2026-12-01T13:00:00Z'); // 14:00 in Geneva, 16:00 in Nairobi, 08:00 in New York, 02:00 (2 Dec) in Auckland

describe('when, at a glance', () => {
  const clock = new FakeClock(new Date('2026-12-01T12:00:00Z'));
  const glance = (zone: string, locale = 'en') => formatWhenAtAGlance(meeting, clock.now(), zone, locale, t);

  it('minutes, then "in 1 hour" a few minutes either side of the hour', () => {
    clock.set('2026-12-01T12:50:00Z');
    expect(glance('Europe/Zurich')).toBe('in 10 minutes, at 14:00');
    clock.set('2026-12-01T12:00:30Z');
    expect(glance('Europe/Zurich')).toBe('in 1 hour, at 14:00');
    clock.set('2026-12-01T11:56:00Z');
    expect(glance('Africa/Nairobi')).toBe('in 1 hour, at 16:00');
    clock.set('2026-12-01T12:01:00Z');
    expect(glance('Europe/Zurich')).toBe('in 1 hour, at 14:00');
    clock.set('2026-12-01T11:50:00Z');
    expect(glance('Europe/Zurich')).toBe('today at 14:00');
  });

  it('today and tomorrow by the calendar day in the member\'s zone, not by 24 hours', () => {
    clock.set('2026-12-01T07:00:00Z');
    expect(glance('Europe/Zurich')).toBe('today at 14:00');
    clock.set('2026-11-30T13:00:20Z');
    expect(glance('Africa/Nairobi')).toBe('tomorrow at 16:00');
    expect(glance('America/New_York')).toBe('tomorrow at 08:00');
    // 23:30 on 30 November in Geneva: the meeting is tomorrow there, though 13 h 30 away.
    clock.set('2026-11-30T22:30:00Z');
    expect(glance('Europe/Zurich')).toBe('tomorrow at 14:00');
    // In Auckland it is already 1 December 11:30 then, and the meeting is at 02:00 on the 2nd.
    expect(glance('Pacific/Auckland')).toBe('tomorrow at 02:00');
  });

  it('further ahead, or already begun: the full date', () => {
    clock.set('2026-11-29T10:00:00Z');
    expect(glance('Europe/Zurich')).toBe('Tue, Dec 1, 2026, 14:00 (Europe/Zurich)');
    clock.set('2026-12-01T13:00:00Z');
    expect(glance('Europe/Zurich')).toBe('Tue, Dec 1, 2026, 14:00 (Europe/Zurich)');
  });

  it('"today" and "tomorrow" and the time come from Intl in the member\'s language', () => {
    clock.set('2026-11-30T13:00:00Z');
    expect(glance('Europe/Zurich', 'fr')).toBe('demain at 14:00');
    clock.set('2026-12-01T12:00:00Z');
    expect(glance('Europe/Zurich', 'de')).toBe('in 1 Stunde, at 14:00');
  });
});
