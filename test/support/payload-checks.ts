// Every payload the fake Slack API and the fake Bot Framework connector receive is checked as
// it arrives: Block Kit against Slack's documented limits, Adaptive Cards against the 1.5
// schema, a Teams activity against the 100 KB message limit. A violation is kept here and
// fails the test that produced it (test/support/payload-check-hooks.ts runs after each test),
// so a payload anyone builds later is checked without anyone remembering to.
import { blockKitErrors, type Surface } from './block-kit-limits';
import { adaptiveCardErrors } from './platform-schemas';

type Json = Record<string, any>;

export interface Violation {
  where: string;
  errors: string[];
  payload: unknown;
}

const violations: Violation[] = [];

/** The violations seen since the last call, which are forgotten. */
export function takeViolations(): Violation[] {
  return violations.splice(0);
}

function keep(where: string, errors: string[], payload: unknown): string[] {
  if (errors.length) violations.push({ where, errors, payload });
  return errors;
}

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url']);
const VIEW_METHODS: Record<string, Surface> = { 'views.open': 'modal', 'views.update': 'modal', 'views.push': 'modal' };

/** Checks a Slack Web API call (or a response_url body); answers the errors, empty when fine. */
export function checkSlackCall(method: string, args: Json): string[] {
  if (MESSAGE_METHODS.has(method)) {
    // A response_url body that only deletes the original carries no message.
    if (method === 'response_url' && args.delete_original === true && args.text === undefined && args.blocks === undefined) return [];
    return keep(`Slack ${method}`, blockKitErrors(args, 'message'), args);
  }
  if (method === 'views.publish') return keep('Slack views.publish', blockKitErrors(args.view ?? {}, 'home'), args.view);
  if (VIEW_METHODS[method]) return keep(`Slack ${method}`, blockKitErrors(args.view ?? {}, VIEW_METHODS[method]), args.view);
  return [];
}

/** Teams takes a bot message up to 100 KB, counted in UTF-16 (test/platform-schemas/README.md). */
export const TEAMS_MESSAGE_BYTES = 100 * 1024;

/** Checks an activity sent to the connector: its size and every Adaptive Card it carries. */
export function checkTeamsActivity(activity: Json, where = 'Teams activity'): string[] {
  const errors: string[] = [];
  const bytes = JSON.stringify(activity).length * 2;
  if (bytes > TEAMS_MESSAGE_BYTES) errors.push(`/ is ${bytes} bytes (UTF-16), more than ${TEAMS_MESSAGE_BYTES}`);
  const attachments: Json[] = Array.isArray(activity.attachments) ? activity.attachments : [];
  attachments.forEach((a, i) => {
    if (a.contentType === 'application/vnd.microsoft.card.adaptive') errors.push(...adaptiveCardErrors(a.content ?? {}).map((e) => `/attachments/${i}/content${e}`));
  });
  return keep(where, errors, activity);
}

/** Checks a card a test received in an invoke response (adaptiveCard/action). */
export function checkInvokeCard(card: Json): string[] {
  const bytes = JSON.stringify(card).length * 2;
  const size = bytes > TEAMS_MESSAGE_BYTES ? [`/ is ${bytes} bytes (UTF-16), more than ${TEAMS_MESSAGE_BYTES}`] : [];
  return keep('Teams invoke response', [...size, ...adaptiveCardErrors(card)], card);
}
