// The reminder a member receives: in their language and time zone, with RSVP buttons.
import type { Meeting, RsvpResponse } from '../../core/meetings/meeting-ports';
import type { OutgoingMessage } from '../../core/messages';
import type { Member } from '../../core/ports';
import type { Translate } from '../catalog/catalog';
import { parseLocal } from '../../core/meetings/zoned-time';
import { formatWhen, formatWhenAtAGlance } from './format';
import { ruleInWords } from './recurrence-words';

export const RSVP_RESPONSES: RsvpResponse[] = ['going', 'maybe', 'not_going'];

export function rsvpChoices(meeting: Meeting, occurrenceAt: Date, t: Translate) {
  return RSVP_RESPONSES.map((response) => ({
    label: t(`rsvp.${response}`),
    value: `rsvp ${meeting.id.slice(0, 8)} ${occurrenceAt.toISOString()} ${response}`,
    ...(response === 'going' ? { style: 'primary' as const } : {}),
  }));
}

interface MeetingMessageInput {
  meeting: Meeting;
  occurrenceAt: Date;
  member: Member;
  groupName: string;
  calendarUrl: string;
  t: Translate;
  /** When it is sent: the text says when the meeting is from then ("tomorrow at 14:00"). */
  now: Date;
}

/** A reminder: when at a glance in its text, the full date in its fields. */
export function reminderMessage(input: MeetingMessageInput): OutgoingMessage {
  const { meeting, occurrenceAt, member, t } = input;
  const zone = member.timeZone ?? meeting.timeZone;
  const when = formatWhen(occurrenceAt, zone, member.locale);
  return {
    title: t('reminder.title', { title: meeting.title }),
    text: t('reminder.text', { group: input.groupName, when: formatWhenAtAGlance(occurrenceAt, input.now, zone, member.locale, t) }),
    fields: [
      { label: t('reminder.when'), value: when },
      ...(meeting.joinUrl ? [{ label: t('reminder.join'), value: meeting.joinUrl }] : []),
      ...(meeting.agenda ? [{ label: t('reminder.agenda'), value: meeting.agenda }] : []),
      { label: t('meeting.calendar'), value: input.calendarUrl },
    ],
    choices: { options: rsvpChoices(meeting, occurrenceAt, t) },
  };
}

/**
 * The notice members of a group get when a meeting is scheduled: when its first meeting is
 * (at a glance and in full), how it repeats, the links and the RSVP buttons. It stands in for
 * reminders that would follow it closely (reminder-policy's NOTICE_COVERS_FRACTION).
 */
export function newMeetingNotice(input: MeetingMessageInput): OutgoingMessage {
  const { meeting, occurrenceAt, member, t } = input;
  const zone = member.timeZone ?? meeting.timeZone;
  const series = { start: parseLocal(meeting.startLocal)!, timeZone: meeting.timeZone };
  return {
    title: t('notice.scheduled.title', { title: meeting.title }),
    text: t('notice.scheduled.text', { group: input.groupName, when: formatWhenAtAGlance(occurrenceAt, input.now, zone, member.locale, t) }),
    fields: [
      { label: t('reminder.when'), value: formatWhen(occurrenceAt, zone, member.locale) },
      ...(meeting.rrule ? [{ label: t('meeting.repeats'), value: ruleInWords(meeting.rrule, series, t, member.locale) }] : []),
      ...(meeting.joinUrl ? [{ label: t('reminder.join'), value: meeting.joinUrl }] : []),
      ...(meeting.agenda ? [{ label: t('reminder.agenda'), value: meeting.agenda }] : []),
      { label: t('meeting.calendar'), value: input.calendarUrl },
    ],
    choices: { options: rsvpChoices(meeting, occurrenceAt, t) },
  };
}
