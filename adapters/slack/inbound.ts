// Slack payloads turned into the neutral IncomingMessage. Whatever the surface (DM,
// mention, slash command, button, modal, App Home), the conversation is the member's DM
// with the bot, so a flow started anywhere continues there.
import type { IncomingMessage } from '../../src/core/messages';
import { slackAddress } from './address';
import { plainFromSlack, withoutLeadingMention } from './mrkdwn';
import type { SlackUser } from './user-directory';

export interface SlackActor {
  team: string;
  user: string;
}

const ID = /^[A-Z0-9]{2,32}$/;

/** The team and user of a payload, checked: ids end up in addresses and mentions. */
export function actor(team: unknown, user: unknown): SlackActor | null {
  return typeof team === 'string' && typeof user === 'string' && ID.test(team) && ID.test(user) ? { team, user } : null;
}

export function incoming(who: SlackActor, profile: SlackUser, input: Pick<IncomingMessage, 'text' | 'action' | 'form'>): IncomingMessage {
  const dm = slackAddress(who.team, who.user);
  return {
    platform: 'slack',
    user: {
      externalId: `${who.team}:${who.user}`,
      ...(profile.displayName ? { displayName: profile.displayName } : {}),
      ...(profile.email ? { email: profile.email, emailVerified: profile.emailVerified ?? false } : {}),
    },
    conversation: dm,
    directAddress: dm,
    ...(profile.locale ? { locale: profile.locale } : {}),
    ...input,
  };
}

/** What a member typed to the bot, from a DM, a mention or a slash command's text. */
export function typedText(raw: unknown): string {
  return typeof raw === 'string' ? plainFromSlack(withoutLeadingMention(raw)) : '';
}
