// The reminder a member receives: in their language and time zone, with RSVP buttons.
import type { Meeting, RsvpResponse } from '../../core/meetings/meeting-ports';
import type { OutgoingMessage } from '../../core/messages';
import type { Member } from '../../core/ports';
import type { Translate } from '../catalog/catalog';
import { formatWhen } from './format';

export const RSVP_RESPONSES: RsvpResponse[] = ['going', 'maybe', 'not_going'];

export function rsvpChoices(meeting: Meeting, occurrenceAt: Date, t: Translate) {
  return RSVP_RESPONSES.map((response) => ({
    label: t(`rsvp.${response}`),
    value: `rsvp ${meeting.id.slice(0, 8)} ${occurrenceAt.toISOString()} ${response}`,
    ...(response === 'going' ? { style: 'primary' as const } : {}),
  }));
}

export function reminderMessage(input: { meeting: Meeting; occurrenceAt: Date; member: Member; groupName: string; calendarUrl: string; t: Translate }): OutgoingMessage {
  const { meeting, occurrenceAt, member, t } = input;
  const when = formatWhen(occurrenceAt, member.timeZone ?? meeting.timeZone, member.locale);
  return {
    title: t('reminder.title', { title: meeting.title }),
    text: t('reminder.text', { group: input.groupName, when }),
    fields: [
      { label: t('reminder.when'), value: when },
      ...(meeting.joinUrl ? [{ label: t('reminder.join'), value: meeting.joinUrl }] : []),
      ...(meeting.agenda ? [{ label: t('reminder.agenda'), value: meeting.agenda }] : []),
      { label: t('meeting.calendar'), value: input.calendarUrl },
    ],
    choices: { options: rsvpChoices(meeting, occurrenceAt, t) },
  };
}
