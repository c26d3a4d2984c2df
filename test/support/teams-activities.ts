// Builders over the Bot Framework activity fixtures in test/fixtures/teams (written from
// the documented schema): each returns a fresh copy with the variations a test needs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeConnector, RecordedCall } from './fake-connector';
import { checkInvokeCard } from './payload-checks';

type Json = Record<string, any>;

const fixture = (name: string): Json => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'teams', `${name}.json`), 'utf8'));

export interface TeamsUser {
  /** Channel account id "29:...". */
  id: string;
  aadObjectId: string;
  name: string;
  /** The personal chat's conversation id. */
  chat: string;
}

export const TENANT = '11111111-1111-1111-1111-111111111111';
export const BOT_ID = '28:22222222-2222-2222-2222-222222222222';

let seq = 0;
export function teamsUser(name: string): TeamsUser {
  const n = `${++seq}-${Math.random().toString(36).slice(2, 8)}`;
  return { id: `29:user-${n}`, aadObjectId: `00000000-0000-0000-0000-${n.padStart(12, '0').slice(-12)}`, name, chat: `a:personal-${n}` };
}

function personalise(activity: Json, user: TeamsUser, serviceUrl: string): Json {
  activity.id = `activity-${++seq}`;
  activity.serviceUrl = serviceUrl;
  activity.from = { ...activity.from, id: user.id, aadObjectId: user.aadObjectId, name: user.name };
  if (activity.conversation.conversationType === 'personal') activity.conversation.id = user.chat;
  return activity;
}

export const activities = {
  personalMessage(user: TeamsUser, serviceUrl: string, text: string): Json {
    return { ...personalise(fixture('personal-message'), user, serviceUrl), text };
  },
  channelMention(user: TeamsUser, serviceUrl: string, command: string): Json {
    const a = personalise(fixture('channel-mention'), user, serviceUrl);
    a.text = `<at>P2C Bot</at> ${command}`;
    return a;
  },
  install(user: TeamsUser, serviceUrl: string): Json {
    return personalise(fixture('conversation-update-install'), user, serviceUrl);
  },
  /** A click on a card the bot posted in a channel (Action.Submit): the thread of that post. */
  channelCardSubmit(user: TeamsUser, serviceUrl: string, channelId: string, postId: string, value: Json): Json {
    const a = personalise(fixture('channel-mention'), user, serviceUrl);
    delete a.text;
    delete a.entities;
    a.conversation.id = `${channelId};messageid=${postId}`;
    a.channelData = { ...a.channelData, teamsChannelId: channelId, channel: { id: channelId } };
    return { ...a, replyToId: postId, value };
  },
  cardSubmit(user: TeamsUser, serviceUrl: string, value: Json): Json {
    return { ...personalise(fixture('card-submit'), user, serviceUrl), value };
  },
  actionExecute(user: TeamsUser, serviceUrl: string, data: Json, verb = 'submit'): Json {
    const a = personalise(fixture('invoke-action-execute'), user, serviceUrl);
    a.value.action = { ...a.value.action, verb, data };
    return a;
  },
};

/** POSTs an activity to the bot's /api/messages; a card answering an invoke is checked against the schema like those the connector receives. */
export async function postActivity(botUrl: string, activity: Json, headers: Record<string, string> = {}): Promise<{ status: number; body: Json | undefined }> {
  const res = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as Json) : undefined;
  if (body?.type === 'application/vnd.microsoft.card.adaptive' && body.value) checkInvokeCard(body.value);
  return { status: res.status, body };
}

export interface Exchange {
  response: { status: number; body: Json | undefined };
  /** Activities the bot sent (POST) or updated (PUT) while answering, in any conversation. */
  sent: RecordedCall[];
  cards: Json[];
  /** The text of every card sent or updated, joined. */
  text: string;
}

/** Signs activities as the Bot Connector does (test/support/bot-framework-issuer.ts). */
export interface ActivitySigner {
  authorization(activity: { serviceUrl?: string }): string;
}

/**
 * POSTs an activity (it must be accepted) and returns what the bot sent to the connector meanwhile;
 * with a signer, the activity carries the Bot Connector's token for it.
 */
export async function exchangeActivity(botUrl: string, connector: FakeConnector, activity: Json, signer?: ActivitySigner): Promise<Exchange> {
  const before = connector.activities().length;
  const response = await postActivity(botUrl, activity, signer ? { authorization: signer.authorization(activity) } : {});
  if (response.status !== 200) throw new Error(`the bot answered ${response.status}: ${JSON.stringify(response.body)}`);
  const sent = connector.activities().slice(before);
  const cards = sent.map((c) => cardOf(c.body));
  return { response, sent, cards, text: cards.map(cardText).join('\n') };
}

/** The Adaptive Card of a recorded activity, and all its text blocks' text joined. */
export function cardOf(activity: Json): Json {
  const attachment = (activity.attachments ?? [])[0];
  if (!attachment || attachment.contentType !== 'application/vnd.microsoft.card.adaptive') throw new Error(`no Adaptive Card in ${JSON.stringify(activity)}`);
  return attachment.content;
}

export function cardText(card: Json): string {
  const texts: string[] = [];
  const walk = (elements: Json[] = []) => {
    for (const e of elements) {
      if (e.type === 'TextBlock') texts.push(e.text);
      if (e.type === 'FactSet') for (const f of e.facts) texts.push(`${f.title}: ${f.value}`);
      if (e.items) walk(e.items);
    }
  };
  walk(card.body);
  return texts.join('\n');
}

export function cardActions(card: Json): Json[] {
  return card.actions ?? [];
}
