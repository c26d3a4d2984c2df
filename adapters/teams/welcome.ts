// The card sent when the bot is installed (conversationUpdate with the bot among
// membersAdded): who the bot is, and two ways to start the profile.
import type { Coalition } from '../../src/core/coalition/coalition';
import type { Choice } from '../../src/core/messages';
import type { Translate } from '../../src/conversation/catalog/catalog';
import { card, renderCard, type AdaptiveCard } from './render';

/** `coalition` and `t` in the installing member's language; `languages`: buttons to choose another (none with one language). */
export function welcomeCard(coalition: Pick<Coalition, 'botName' | 'name'>, t: Translate, languages: Choice[] = []): AdaptiveCard {
  const base = renderCard(
    {
      title: t('teams.welcome.title', { bot: coalition.botName }),
      text: t('welcome', { bot: coalition.botName, coalition: coalition.name }),
      choices: { options: [{ label: t('teams.welcome.step_by_step'), value: 'profile', style: 'primary' }, ...(languages.length > 1 ? languages : [])] },
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
