// A member's standing at a glance (a Slack App Home, a Teams tab): their profile, their
// working groups (memberships and pending applications), their next meetings and their
// pledges. Each section is a list of neutral messages; other capabilities can add their
// own through BotDependencies.homeSections.
import type { OutgoingMessage } from '../core/messages';
import { meCommand } from './commands/me';
import type { ConversationContext } from './context';
import { upcomingMeetings } from './meetings/upcoming';
import { myGroupsCommand } from './membership/group-views';
import { pledgesCommand } from './pledges/commands';

export type HomeSection = (ctx: ConversationContext) => Promise<OutgoingMessage[]>;

/** How many meetings the overview lists (the `meetings` command lists more). */
export const HOME_MEETINGS = 3;

export const defaultHomeSections: HomeSection[] = [
  (ctx) => meCommand.run(ctx, ''),
  (ctx) => myGroupsCommand.run(ctx, ''),
  (ctx) => upcomingMeetings(ctx, HOME_MEETINGS),
  (ctx) => pledgesCommand.run(ctx, ''),
];
