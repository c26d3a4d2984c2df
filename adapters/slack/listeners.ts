// Bolt's listeners: each translates one Slack surface (a DM, a mention, the App Home, the
// slash command, a button or select, a modal) into a turn of the inbound port. Who is talking
// comes from the middleware (context.who); failures are the middleware's too. Every listener
// but the modal's acks first; slow work (database, Web API) happens after the ack.
import type { App, BlockAction, ButtonAction, ViewSubmitAction, webApi } from '@slack/bolt';
import type { Coalition } from '../../src/core/coalition/coalition';
import type { Translate } from '../../src/conversation/catalog/catalog';
import type { HomeTab } from './home';
import { typedText } from './inbound';
import { whoOf } from './middleware';
import { FORM_CALLBACK, formMetadata, submittedValues, type Modals } from './modal';
import type { SlackChatPort } from './outbound';
import { ACTION, asBlocks, decidedBlocks, type Block } from './render';
import type { Origin, SlackTurns } from './turns';

export interface ListenerParts {
  client: webApi.WebClient;
  coalition: Coalition;
  chat: SlackChatPort;
  turns: SlackTurns;
  home: HomeTab;
  modals: Modals;
  t: Translate;
}

/** The parts of a block_actions payload read here (Bolt's own type is a wide union). */
interface ActionBody {
  trigger_id: string;
  container?: { channel_id?: string; is_ephemeral?: boolean };
  channel?: { id?: string };
  message?: { ts?: string; text?: string; blocks?: Block[] };
}

export function listen(app: App, parts: ListenerParts): void {
  const { client, coalition, chat, turns, home, modals, t } = parts;

  // Events reach these once admitted (event_id recorded, so a redelivery never does) and acked.
  app.event('message', async ({ event, context }) => {
    // Only what a person typed in their DM with the bot; edits, joins and bots' posts are not commands.
    if (event.channel_type !== 'im' || event.subtype !== undefined || 'bot_id' in event && event.bot_id) return;
    await turns.run(whoOf(context), { kind: 'dm', channel: event.channel }, { text: typedText(event.text) });
  });

  app.event('app_mention', async ({ event, context }) => {
    const origin: Origin = event.channel.startsWith('D') ? { kind: 'dm', channel: event.channel } : { kind: 'channel', channel: event.channel };
    await turns.run(whoOf(context), origin, { text: typedText(event.text) });
  });

  app.event('app_home_opened', async ({ event, context }) => {
    if (event.tab === 'home') await home.publish(whoOf(context));
  });

  app.command(coalition.slashCommand, async ({ command, ack, respond, context }) => {
    await ack();
    const who = whoOf(context);
    const text = typedText(command.text);
    const asForm = /^(\S+)\s+form$/i.exec(text);
    if (asForm) return modals.open(who, command.trigger_id, asForm[1].toLowerCase());
    // Typed in the member's DM with the bot: answered there; anywhere else, see SlackTurns.
    const inDm = command.channel_id.startsWith('D') && (await chat.dmChannel(who.user)) === command.channel_id;
    const origin: Origin = inDm ? { kind: 'dm', channel: command.channel_id } : { kind: 'channel', channel: command.channel_id, respond };
    // The slash command alone lists the commands.
    await turns.run(who, origin, { text: text === '' ? 'help' : text });
  });

  // open_form (a message's form button) or open_form:<flow> (the App Home's, unique in its block).
  app.action<BlockAction<ButtonAction>>({ action_id: new RegExp(`^${ACTION.openForm}(:|$)`) }, async ({ ack, body, action, context }) => {
    await ack();
    await modals.open(whoOf(context), body.trigger_id, action.value ?? '');
  });

  app.action<BlockAction<ButtonAction>>({ action_id: new RegExp(`^${ACTION.homeCommand}:`) }, async ({ ack, action, context }) => {
    await ack();
    const who = whoOf(context);
    const dm = await chat.dmChannel(who.user);
    await turns.run(who, { kind: 'dm', channel: dm }, { command: action.value ?? '', deliveryId: actionDelivery(who, action) });
  });

  app.action<BlockAction>({ action_id: new RegExp(`^${ACTION.choice}:`) }, async ({ ack, body, action, respond, context }) => {
    await ack();
    const who = whoOf(context);
    const chosen = chosenValues(action);
    if (chosen === null) return;
    const b = body as ActionBody;
    const channel = b.container?.channel_id ?? b.channel?.id;
    const ephemeral = b.container?.is_ephemeral === true;
    const origin: Origin = channel?.startsWith('D') && !ephemeral ? { kind: 'dm', channel } : { kind: 'channel', channel: channel ?? '', respond };
    const result = await turns.run(who, origin, { action: chosen.values, deliveryId: actionDelivery(who, action) });
    // The decision shows in place and its buttons go, unless the answer was refused (or a repeat).
    const ts = b.message?.ts;
    if (!result.duplicate && result.replies[0]?.tone !== 'error' && channel && ts && !ephemeral) {
      await client.chat.update({ channel, ts, text: b.message?.text ?? '', blocks: asBlocks(decidedBlocks(b.message?.blocks ?? [], who.user, chosen.labels, t)) });
    }
  });

  app.view<ViewSubmitAction>(FORM_CALLBACK, async ({ ack, view, context }) => {
    const metadata = formMetadata(view.private_metadata);
    if (!metadata) return ack();
    await modals.submit(whoOf(context), ack, metadata, submittedValues(view.state));
  });

}

/** A press of one button, once: Slack may deliver the same action_ts again. */
function actionDelivery(who: { team: string; user: string }, action: { action_id: string; action_ts?: string }): string | undefined {
  return typeof action.action_ts === 'string' ? `action:${who.team}:${who.user}:${action.action_id}:${action.action_ts}` : undefined;
}

type SomeAction = { type: string; action_id: string; value?: string; text?: { text?: string }; selected_option?: { value: string; text?: { text?: string } } | null; selected_options?: { value: string; text?: { text?: string } }[] };

/** The value(s) a button or select carries, and their labels for the "chose" line. */
export function chosenValues(action: unknown): { values: string | string[]; labels: string } | null {
  const a = action as SomeAction;
  if (a.type === 'button' && typeof a.value === 'string') return { values: a.value, labels: a.text?.text ?? a.value };
  if (a.type === 'static_select' && a.selected_option) return { values: a.selected_option.value, labels: a.selected_option.text?.text ?? a.selected_option.value };
  if (a.type === 'multi_static_select' && Array.isArray(a.selected_options)) {
    return { values: a.selected_options.map((o) => o.value), labels: a.selected_options.map((o) => o.text?.text ?? o.value).join(', ') };
  }
  return null;
}
