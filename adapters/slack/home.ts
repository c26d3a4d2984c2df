// The App Home tab: the member's standing (profile, and the groups, meetings and pledges
// once those commands exist), with buttons that start the common flows in the DM.
import type { IncomingMessage } from '../../src/core/messages';
import type { Bot } from '../../src/conversation/bot';
import type { MessageId, Translate } from '../../src/conversation/catalog/catalog';
import type { Coalition } from '../../src/core/coalition/coalition';
import { escapeMrkdwn } from './mrkdwn';
import { ACTION, plainText, renderBlocks, type Block } from './render';

/** Commands whose answer is shown on the tab, in this order, when the bot has them. */
const SHOWN = ['me', 'groups', 'meetings', 'pledges'];
/** Buttons: the command each runs and its label. */
const BUTTONS: { command: string; label: MessageId; style?: 'primary' }[] = [
  { command: 'profile', label: 'slack.home.profile', style: 'primary' },
  { command: 'join', label: 'slack.home.join' },
  { command: 'pledge', label: 'slack.home.pledge' },
  { command: 'help', label: 'slack.home.help' },
];

export async function homeView(bot: Bot, coalition: Coalition, incoming: IncomingMessage, name: string | undefined, t: Translate): Promise<Block> {
  const has = (command: string) => bot.router.commands.some((c) => c.name === command);
  const blocks: Block[] = [
    { type: 'header', text: plainText(t('slack.home.title', { bot: coalition.botName }), 150) },
    { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(t('slack.home.hello', { name: name ?? '', coalition: coalition.name }).replace(/\s+\./, '.')) } },
  ];
  const buttons: Block[] = BUTTONS.filter((b) => has(b.command)).map((b) => ({
    type: 'button',
    action_id: `${ACTION.homeCommand}:${b.command}`,
    text: plainText(t(b.label)),
    value: b.command,
    ...(b.style ? { style: b.style } : {}),
  }));
  if (bot.flows.has('profile')) buttons.splice(1, 0, { type: 'button', action_id: ACTION.openForm, text: plainText(t('slack.home.profile_form')), value: 'profile' });
  blocks.push({ type: 'actions', block_id: 'home', elements: buttons });
  for (const command of SHOWN.filter(has)) {
    const replies = await bot.command(incoming, command);
    blocks.push({ type: 'divider' });
    for (const reply of replies) blocks.push(...renderBlocks(reply, t).filter((b) => b.type !== 'actions'));
  }
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
