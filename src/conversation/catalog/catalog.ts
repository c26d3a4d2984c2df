// Every user-facing sentence comes from a catalog keyed by id. Each capability keeps
// its sentences in its own file under en/; a translation is the same set of files
// under another language's folder, registered with registerCatalog, English being
// the fallback per key.
import core from './en/core.json';
import dashboard from './en/dashboard.json';
import digest from './en/digest.json';
import imports from './en/imports.json';
import meetings from './en/meetings.json';
import membership from './en/membership.json';
import pledges from './en/pledges.json';
import slack from './en/slack.json';
import teams from './en/teams.json';

const en = { ...core, ...dashboard, ...digest, ...imports, ...meetings, ...membership, ...pledges, ...slack, ...teams };

export type MessageId = keyof typeof en;
export type Params = Record<string, string | number>;
export type Translate = (id: MessageId, params?: Params) => string;

const catalogs: Record<string, Partial<Record<MessageId, string>>> = { en };

/** Adds or replaces a language (e.g. loaded from a file by main.ts). */
export function registerCatalog(locale: string, messages: Partial<Record<MessageId, string>>): void {
  catalogs[locale] = messages;
}

export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function translator(locale: string): Translate {
  const language = locale.split('-')[0];
  const chosen = catalogs[locale] ?? catalogs[language] ?? {};
  return (id, params) => interpolate(chosen[id] ?? en[id], params);
}

export function isMessageId(id: string): id is MessageId {
  return Object.prototype.hasOwnProperty.call(en, id);
}

/** Every id, for tests that check catalogs and translations are complete. */
export function messageIds(): MessageId[] {
  return Object.keys(en) as MessageId[];
}
