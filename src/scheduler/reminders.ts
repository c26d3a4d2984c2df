// Builds the reminder tick from the app's parts: the core service, the conversation
// layer's message, and the member's reachable addresses.
import type { Clock } from '../core/clock';
import { coalitionIn, type Coalition } from '../core/coalition/coalition';
import { ReminderService, type TickResult } from '../core/meetings/reminder-service';
import { notificationIdentities } from '../core/membership/notification-address';
import type { ChatPort, Repositories } from '../core/ports';
import { translator } from '../conversation/catalog/catalog';
import type { Links } from '../conversation/context';
import { reminderMessage } from '../conversation/meetings/reminder-message';
import type { Logger } from '../logger';

export function createReminderService(deps: { repositories: Repositories; chat: ChatPort; coalition: Coalition; links: Links; clock: Clock; log: Logger; count?: (outcome: keyof TickResult) => void }): ReminderService {
  const { repositories, coalition } = deps;
  return new ReminderService({
    meetings: repositories.meetings,
    reminders: repositories.reminders,
    chat: deps.chat,
    defaultOffsets: coalition.reminders.offsetsMinutes,
    tickMs: 60_000,
    async prepare(meeting, occurrenceAt, delivery) {
      // One read of the member and their identities, for both the message (its language) and its addresses.
      const found = await repositories.members.withIdentities(delivery.memberId);
      if (!found) return { message: { text: '' }, addresses: [] };
      const { member, identities } = found;
      // The group's name in the member's language, as the rest of the reminder.
      const area = coalitionIn(coalition, member.locale).focusAreas.find((a) => a.key === meeting.group);
      const message = reminderMessage({
        meeting,
        occurrenceAt,
        member,
        groupName: area?.workingGroup.name ?? meeting.group,
        calendarUrl: deps.links.calendar(meeting.id, member.id),
        t: translator(member.locale),
        now: deps.clock.now(),
      });
      return { message: { ...message, locale: member.locale }, addresses: notificationIdentities(member, identities) };
    },
    log: (event, data) => deps.log.info(data, event),
    count: deps.count,
  });
}
