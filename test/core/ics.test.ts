import ICAL from 'ical.js';
import { buildIcs, type IcsMeeting } from '../../src/core/meetings/ics';
import { parseLocal } from '../../src/core/meetings/zoned-time';

const meeting: IcsMeeting = {
  uid: 'meeting-42@p2c.coalition',
  sequence: 2,
  title: 'Access WG; monthly call, with partners',
  start: parseLocal('2026-10-20T14:00')!,
  timeZone: 'Europe/Zurich',
  durationMinutes: 90,
  rrule: 'FREQ=WEEKLY;BYDAY=TU',
  joinUrl: 'https://meet.example.org/access?id=1',
  agenda: 'Pledges review\nAction framework — draft 2 ✓ with a line long enough to need folding at seventy-five octets',
  cancelled: false,
  organizer: { name: 'Partner2Connect Digital Coalition', email: 'meetings@p2c.example.org' },
};

function parse(text: string) {
  const component = new ICAL.Component(ICAL.parse(text));
  const vtimezone = component.getFirstSubcomponent('vtimezone')!;
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  return { component, event: new ICAL.Event(component.getFirstSubcomponent('vevent')!) };
}

describe('iCalendar invitation', () => {
  const text = buildIcs(meeting, new Date('2026-11-29T10:00:00Z'));

  it('parses with an iCalendar parser and carries the meeting', () => {
    const { event } = parse(text);
    expect(event.uid).toBe('meeting-42@p2c.coalition');
    expect(event.sequence).toBe(2);
    expect(event.summary).toBe('Access WG; monthly call, with partners');
    expect(event.description).toContain('Action framework — draft 2 ✓');
    expect(event.description).toContain('https://meet.example.org/access?id=1');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-10-20T12:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-10-20T13:30:00.000Z');
  });

  it('its time zone keeps a weekly 14:00 Geneva meeting at 14:00 across the October DST change', () => {
    const { event } = parse(text);
    const iterator = event.iterator();
    const starts = [1, 2, 3].map(() => iterator.next()!.toJSDate().toISOString());
    expect(starts).toEqual(['2026-10-20T12:00:00.000Z', '2026-10-27T13:00:00.000Z', '2026-11-03T13:00:00.000Z']);
  });

  it('folds long lines at 75 octets and ends lines with CRLF', () => {
    const lines = text.split('\r\n');
    expect(lines.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/);
  });

  it('a cancellation keeps the UID with a higher sequence', () => {
    const { event, component } = parse(buildIcs({ ...meeting, sequence: 3, cancelled: true }, new Date()));
    expect([event.uid, event.sequence, component.getFirstPropertyValue('method')]).toEqual(['meeting-42@p2c.coalition', 3, 'CANCEL']);
    expect(event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('a zone without DST gets a single standard component', () => {
    const { event } = parse(buildIcs({ ...meeting, timeZone: 'Africa/Nairobi', rrule: null }, new Date()));
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-10-20T11:00:00.000Z');
  });
});
