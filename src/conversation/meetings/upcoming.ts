// The next meetings a member can see, soonest first, in the member's time zone, said at a glance
// as reminders say them ("in 45 minutes", "today at 14:00", "tomorrow at 14:00", else the date).
import type { OutgoingMessage } from '../../core/messages';
import type { ConversationContext } from '../context';
import { groupName, isSecretariat, myGroups, shortId } from './access';
import { formatWhenAtAGlance } from './format';
import { nextOccurrences } from './occurrence';

/** Up to `limit` occurrences (3 at most of one meeting) of the member's groups' meetings (every group's for the secretariat). */
export async function upcomingMeetings(ctx: ConversationContext, limit: number): Promise<OutgoingMessage[]> {
  const groups = isSecretariat(ctx) ? undefined : await myGroups(ctx);
  const upcoming = (await ctx.repositories.meetings.scheduled(groups))
    .flatMap((meeting) => nextOccurrences(meeting, ctx.now, Math.min(3, limit)).map((at) => ({ meeting, at })))
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .slice(0, limit);
  if (upcoming.length === 0) return [{ text: ctx.t('meetings.none') }];
  return [
    {
      title: ctx.t('meetings.title'),
      text: '',
      fields: upcoming.map(({ meeting, at }) => ({
        label: meeting.title,
        value: ctx.t('meetings.entry', { when: formatWhenAtAGlance(at, ctx.now, ctx.member.timeZone ?? meeting.timeZone, ctx.member.locale, ctx.t), group: groupName(ctx, meeting.group), id: shortId(meeting) }),
      })),
    },
  ];
}
