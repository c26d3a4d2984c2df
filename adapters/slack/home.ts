// The App Home tab: the member's overview from the conversation layer (profile, working
// groups and pending applications, next meetings, and whatever sections later capabilities
// add), with buttons that start the common flows in the DM.
import type { IncomingMessage } from '../../src/core/messages';
import type { Bot } from '../../src/conversation/bot';
import type { MessageId, Translate } from '../../src/conversation/catalog/catalog';
import type { Coalition } from '../../src/core/coalition/coalition';
import { escapeMrkdwn } from './mrkdwn';
import { ACTION, plainText, renderBlocks, type Block } from './render';

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

export async function homeView(bot: Bot, coalition: Coalition, incoming: IncomingMessage, name: string | undefined, t: Translate): Promise<Block> {
  const has = (command: string) => bot.router.commands.some((c) => c.name === command);
  const blocks: Block[] = [
    { type: 'header', text: plainText(t('slack.home.title', { bot: coalition.botName }), 150) },
    { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(t('slack.home.hello', { name: name ?? '', coalition: coalition.name }).replace(/\s+\./, '.')) } },
  ];
  const buttons: Block[] = [];
  for (const b of BUTTONS.filter((b) => has(b.command))) {
    buttons.push({ type: 'button', action_id: `${ACTION.homeCommand}:${b.command}`, text: plainText(t(b.label)), value: b.command, ...(b.style ? { style: b.style } : {}) });
    for (const f of FORMS.filter((f) => f.after === b.command && bot.flows.has(f.flow))) {
      buttons.push({ type: 'button', action_id: `${ACTION.openForm}:${f.flow}`, text: plainText(t(f.label)), value: f.flow });
    }
  }
  // Slack allows 25 elements per actions block.
  for (let i = 0; i < buttons.length; i += 25) blocks.push({ type: 'actions', block_id: i === 0 ? 'home' : `home_${i}`, elements: buttons.slice(i, i + 25) });
  for (const section of await bot.home(incoming)) {
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
