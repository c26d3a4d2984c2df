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

describe('calendar files a calendar accepts', () => {
  const now = new Date('2026-11-29T10:00:00Z');

  it('a value typed with line breaks cannot add a property', () => {
    const text = buildIcs(
      {
        ...meeting,
        title: 'Call\r\nATTENDEE:MAILTO:x@evil.example\r\nORGANIZER:mailto:boss@evil.example',
        agenda: 'Line one\nATTENDEE:MAILTO:y@evil.example\u0007',
        joinUrl: 'https://meet.example.org/a\r\nATTENDEE:MAILTO:z@evil.example',
      },
      now,
    );
    const { event } = parse(text);
    expect(event.component.getAllProperties('attendee')).toEqual([]);
    expect(event.component.getAllProperties('organizer')).toHaveLength(1);
    expect(event.component.getFirstPropertyValue('organizer')).toBe('mailto:meetings@p2c.example.org');
    expect(event.summary).toBe('Call ATTENDEE:MAILTO:x@evil.example ORGANIZER:mailto:boss@evil.example');
    expect(event.description.split('\n')[1]).toBe('ATTENDEE:MAILTO:y@evil.example');
    // eslint-disable-next-line no-control-regex -- control characters are what it looks for
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('writes the rule as the library read it, never a raw stored text', () => {
    const { event } = parse(buildIcs({ ...meeting, rrule: 'rrule:freq=weekly;byday=tu;wkst=mo' }, now));
    expect(event.component.getFirstProperty('rrule')!.toICALString()).toBe('RRULE:FREQ=WEEKLY;BYDAY=TU;WKST=MO');
    const broken = parse(buildIcs({ ...meeting, rrule: 'FREQ=WEEKLY;WKST=MO\nATTENDEE:MAILTO:x' }, now));
    expect(broken.event.component.getAllProperties('rrule')).toEqual([]);
    expect(broken.event.component.getAllProperties('attendee')).toEqual([]);
  });

  it('a cancellation names its ORGANIZER', () => {
    const { event, component } = parse(buildIcs({ ...meeting, cancelled: true }, now));
    expect(component.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.component.getFirstProperty('organizer')!.getParameter('cn')).toBe('Partner2Connect Digital Coalition');
  });

  it('time zone blocks: no T240000, and the real changes of Santiago, Beirut, Jerusalem 2028 and Casablanca', () => {
    const at = (zone: string, local: string, rrule: string | null = null) => {
      ICAL.TimezoneService.reset();
      const { event } = parse(buildIcs({ ...meeting, timeZone: zone, start: parseLocal(local)!, rrule }, now));
      return { text: buildIcs({ ...meeting, timeZone: zone, start: parseLocal(local)!, rrule }, now), start: event.startDate.toJSDate().toISOString() };
    };
    for (const zone of ['America/Santiago', 'America/Havana', 'Asia/Beirut']) expect(at(zone, '2027-01-05T14:00').text).not.toContain('T24');
    // Zurich January to March: winter time until the last Sunday of March.
    expect(at('Europe/Zurich', '2027-01-12T09:00').start).toBe('2027-01-12T08:00:00.000Z');
    expect(at('Europe/Zurich', '2027-03-27T09:00').start).toBe('2027-03-27T08:00:00.000Z');
    expect(at('Europe/Zurich', '2027-03-29T09:00').start).toBe('2027-03-29T07:00:00.000Z');
    // Jerusalem 2028: summer time from Friday 24 March (the Friday before the last Sunday), not the 31st.
    expect(at('Asia/Jerusalem', '2028-03-27T09:00').start).toBe('2028-03-27T06:00:00.000Z');
    // Casablanca: +01 all year except during Ramadan (2027: 7 Feb to 14 Mar at +00).
    expect(at('Africa/Casablanca', '2027-01-20T10:00').start).toBe('2027-01-20T09:00:00.000Z');
    expect(at('Africa/Casablanca', '2027-02-20T10:00').start).toBe('2027-02-20T10:00:00.000Z');
    // Santiago: summer time ends on the first Sunday of April after 2 April (at 24:00 Saturday).
    expect(at('America/Santiago', '2027-04-05T10:00').start).toBe('2027-04-05T14:00:00.000Z');
    expect(at('Asia/Beirut', '2027-03-28T10:00').start).toBe('2027-03-28T07:00:00.000Z');
  });

  it('a moved occurrence is an overriding VEVENT with RECURRENCE-ID; a cancelled one an EXDATE', () => {
    const text = buildIcs(
      {
        ...meeting,
        exceptions: [
          { occurrenceAt: new Date('2026-10-27T13:00:00Z'), startLocal: '2026-10-28T10:00', cancelled: false },
          { occurrenceAt: new Date('2026-11-03T13:00:00Z'), startLocal: null, cancelled: true },
        ],
      },
      now,
    );
    expect(text).toContain('RECURRENCE-ID;TZID=Europe/Zurich:20261027T140000');
    expect(text).toContain('EXDATE;TZID=Europe/Zurich:20261103T140000');
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => [e.uid, e.isRecurrenceException()])).toEqual([
      [meeting.uid, false],
      [meeting.uid, true],
    ]);
  });
});
