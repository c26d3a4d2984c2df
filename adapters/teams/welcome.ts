// The card sent when the bot is installed (conversationUpdate with the bot among
// membersAdded): who the bot is, and two ways to start the profile.
import type { Coalition } from '../../src/core/coalition/coalition';
import type { OutgoingMessage } from '../../src/core/messages';
import { translator, type Translate } from '../../src/conversation/catalog/catalog';
import { card, renderCard, type AdaptiveCard } from './render';

/**
 * `welcome`: what the conversation layer says to a member who installed the bot (else the
 * default welcome), in their language, with a button per language until they choose one.
 */
export function welcomeCard(coalition: Pick<Coalition, 'botName' | 'name'>, fallback: Translate, welcome?: OutgoingMessage): AdaptiveCard {
  const t = welcome?.locale ? translator(welcome.locale) : fallback;
  const base = renderCard(
    {
      title: t('teams.welcome.title', { bot: coalition.botName }),
      text: welcome?.text ?? t('welcome', { bot: coalition.botName, coalition: coalition.name }),
      choices: { options: [{ label: t('teams.welcome.step_by_step'), value: 'profile', style: 'primary' }, ...(welcome?.choices?.options ?? [])] },
    },
    t,
  );
  return card(base.body, [...(base.actions ?? []), { type: 'Action.Submit', title: t('teams.welcome.form'), data: { openForm: 'profile' } }]);
}

/** True when this conversationUpdate adds the bot itself (an install). */
export function addsTheBot(activity: { membersAdded?: { id: string }[]; recipient?: { id: string } }): boolean {
  return Boolean(activity.recipient && activity.membersAdded?.some((m) => m.id === activity.recipient!.id));
}

/** True when this conversationUpdate removes the bot (an uninstall). */
export function removesTheBot(activity: { membersRemoved?: { id: string }[]; recipient?: { id: string } }): boolean {
  return Boolean(activity.recipient && activity.membersRemoved?.some((m) => m.id === activity.recipient!.id));
}
