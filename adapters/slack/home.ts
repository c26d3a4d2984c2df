// The App Home tab: the member's overview from the conversation layer (profile, working
// groups and pending applications, next meetings, and whatever sections later capabilities
// add), with buttons that start the common flows in the DM. Published when the member opens
// the tab, and again after a turn that changed something of theirs.
import type { webApi } from '@slack/bolt';
import { coalitionIn, type Coalition } from '../../src/core/coalition/coalition';
import type { OutgoingMessage } from '../../src/core/messages';
import { translator, type MessageId, type Translate } from '../../src/conversation/catalog/catalog';
import type { Home, InboundPort } from '../../src/conversation/inbound-port';
import type { Logger } from '../../src/logger';
import type { ReaderLanguages } from '../../src/conversation/inbound-port';
import { incoming, type SlackActor } from './inbound';
import { escapeMrkdwn } from './mrkdwn';
import { ACTION, asView, plainText, renderBlocks, type Block } from './render';
import type { UserDirectory } from './user-directory';

/** Buttons: the command each runs and its label; one whose command the bot lacks is left out. */
const BUTTONS: { command: string; label: MessageId; style?: 'primary' }[] = [
  { command: 'profile', label: 'slack.home.profile', style: 'primary' },
  { command: 'join', label: 'slack.home.join' },
  { command: 'groups', label: 'slack.home.groups' },
  { command: 'meetings', label: 'slack.home.meetings' },
  { command: 'reminders', label: 'slack.home.reminders' },
  { command: 'pledge', label: 'slack.home.pledge' },
  { command: 'help', label: 'slack.home.help' },
];
/** Flows also offered as a modal from the tab, after the button that starts them in the DM. */
const FORMS: { flow: string; after: string; label: MessageId }[] = [
  { flow: 'profile', after: 'profile', label: 'slack.home.profile_form' },
  { flow: 'join', after: 'join', label: 'slack.home.join_form' },
];
const MAX_BLOCKS = 100;

export function homeView(home: Home, coalition: Coalition, name: string | undefined, t: Translate): Block {
  const has = (command: string) => home.commands.includes(command);
  const blocks: Block[] = [
    { type: 'header', text: plainText(t('slack.home.title', { bot: coalition.botName }), 150) },
    { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(t('slack.home.hello', { name: name ?? '', coalition: coalition.name }).replace(/\s+\./, '.')) } },
  ];
  const buttons: Block[] = [];
  for (const b of BUTTONS.filter((b) => has(b.command))) {
    buttons.push({ type: 'button', action_id: `${ACTION.homeCommand}:${b.command}`, text: plainText(t(b.label)), value: b.command, ...(b.style ? { style: b.style } : {}) });
    for (const f of FORMS.filter((f) => f.after === b.command && home.forms.includes(f.flow))) {
      buttons.push({ type: 'button', action_id: `${ACTION.openForm}:${f.flow}`, text: plainText(t(f.label)), value: f.flow });
    }
  }
  // Slack allows 25 elements per actions block.
  for (let i = 0; i < buttons.length; i += 25) blocks.push({ type: 'actions', block_id: i === 0 ? 'home' : `home_${i}`, elements: buttons.slice(i, i + 25) });
  for (const section of home.sections) {
    // Buttons inside a section's messages answer a chat turn; on the tab the buttons above start them.
    const rendered = [{ type: 'divider' }, ...section.flatMap((message) => renderBlocks(message, t).filter((b) => b.type !== 'actions'))];
    // A tab takes 100 blocks: a section that would pass them is not shown in part, and the member is told where the rest is.
    if (blocks.length + rendered.length > MAX_BLOCKS - 1) {
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(t('slack.home.more')) }] });
      break;
    }
    blocks.push(...rendered);
  }
  return { type: 'home', blocks };
}

export class HomeTab {
  constructor(
    private readonly deps: { client: webApi.WebClient; port: InboundPort; users: UserDirectory; coalition: Coalition; languages: ReaderLanguages; log: Logger },
  ) {}

  /** The member's App Home tab, built from what is stored now, in the member's language. */
  async publish(who: SlackActor): Promise<void> {
    const { client, port, users, coalition, languages } = this.deps;
    const profile = await users.lookup(who.user);
    const home = await port.home(incoming(who, profile, {}));
    languages.remember(who.user, home.locale);
    const view = homeView(home, coalitionIn(coalition, home.locale), profile.displayName, translator(home.locale));
    await client.views.publish({ user_id: who.user, view: asView(view) });
  }

  /**
   * After a turn that changed something of the member's (a reply in the success tone: profile,
   * groups, meetings, pledges), the tab is published again so it never shows stale data.
   * Best effort: the member already has the answer.
   */
  async refresh(who: SlackActor, changed: boolean | OutgoingMessage[]): Promise<void> {
    if (Array.isArray(changed) ? !changed.some((r) => r.tone === 'success') : !changed) return;
    try {
      await this.publish(who);
    } catch (error) {
      this.deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'App Home not refreshed');
    }
  }
}
