// The Slack manifests grant exactly what the code uses: a Web API method, an event or
// a command added to the adapter without its scope or subscription fails here, and so
// does a scope the code no longer needs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { COMMAND_SCOPE, EVENT_SCOPES, METHOD_SCOPES, missingScopes, requiredScopes } from '../../adapters/slack/requirements';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { slackManifestErrors } from '../support/platform-schemas';

const root = join(__dirname, '..', '..');
const adapterDir = join(root, 'adapters', 'slack');
const source = readdirSync(adapterDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(adapterDir, f), 'utf8'))
  .join('\n');

const found = (pattern: RegExp) => [...new Set([...source.matchAll(pattern)].map((m) => m.slice(1).filter(Boolean).join('.')))].sort();

/** Web API methods the adapter calls: client.chat.postMessage(…), this.client.users.info(…). */
const methodsUsed = found(/client\.(\w+)\.(\w+)(?:\.(\w+))?\(/g);
/** Events it listens to; the "message" listener takes DMs only (channel_type im). */
const eventsUsed = found(/app\.event\('(\w+)'/g).map((e) => (e === 'message' ? 'message.im' : e));
const coalition = loadCoalitionFile(defaultCoalitionFile);

type Manifest = {
  features: { app_home: Record<string, boolean>; slash_commands: { command: string; url?: string }[] };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: { event_subscriptions: { bot_events: string[]; request_url?: string }; interactivity: { is_enabled: boolean; request_url?: string }; socket_mode_enabled: boolean };
};

describe.each(['manifest.yaml', 'manifest-socket-mode.yaml'])('manifests/slack/%s', (file) => {
  const manifest = parse(readFileSync(join(root, 'manifests', 'slack', file), 'utf8')) as Manifest;
  const socketMode = file.includes('socket');

  it('is valid against Slack\'s manifest schema (slackapi/manifest-schema)', () => {
    expect(slackManifestErrors(manifest)).toEqual([]);
  });

  it('the code is seen calling the Web API and listening to events (the scan works)', () => {
    expect(methodsUsed).toEqual(expect.arrayContaining(['chat.postMessage', 'conversations.open', 'views.open', 'users.info']));
    expect(eventsUsed).toEqual(expect.arrayContaining(['message.im', 'app_mention']));
  });

  it('every Web API method the code calls has its scope listed in requirements.ts', () => {
    expect(methodsUsed.filter((m) => !(m in METHOD_SCOPES))).toEqual([]);
  });

  it('grants exactly the bot scopes the code needs, and no user scopes', () => {
    const needed = [...new Set([...methodsUsed.flatMap((m) => METHOD_SCOPES[m] ?? []), ...eventsUsed.flatMap((e) => EVENT_SCOPES[e] ?? []), COMMAND_SCOPE])].sort();
    expect(needed).toEqual(requiredScopes());
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(needed);
    expect(manifest.oauth_config.scopes.user ?? []).toEqual([]);
  });

  it('subscribes to exactly the events the code listens to', () => {
    expect(eventsUsed.filter((e) => !(e in EVENT_SCOPES))).toEqual([]);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(eventsUsed);
  });

  it('declares the coalition file\'s slash command, interactivity and the App Home tabs', () => {
    expect(source).toMatch(/app\.command\(coalition\.slashCommand/);
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([coalition.slashCommand]);
    expect(manifest.settings.interactivity.is_enabled).toBe(/app\.(action|view)[<(]/.test(source));
    expect(manifest.features.app_home.home_tab_enabled).toBe(methodsUsed.includes('views.publish'));
    expect(manifest.features.app_home.messages_tab_enabled).toBe(eventsUsed.includes('message.im'));
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
  });

  it(socketMode ? 'enables Socket Mode and names no request URL' : 'sends everything to POST /slack/events', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(socketMode);
    const urls = [manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url, ...manifest.features.slash_commands.map((c) => c.url)];
    if (socketMode) expect(urls.filter(Boolean)).toEqual([]);
    else for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
  });
});

it('the Slack manifest schema check can fail: a bad background colour and a short long_description are refused', () => {
  const manifest = parse(readFileSync(join(root, 'manifests', 'slack', 'manifest.yaml'), 'utf8'));
  const errors = slackManifestErrors({ ...manifest, display_information: { ...manifest.display_information, background_color: 'blue', long_description: 'Too short.' } });
  expect(errors).toEqual(expect.arrayContaining([expect.stringContaining('/display_information/background_color'), expect.stringContaining('/display_information/long_description')]));
});

it('names the scopes a token lacks (from the x-oauth-scopes Slack returns), none when Slack did not say', () => {
  expect(missingScopes(requiredScopes())).toEqual([]);
  expect(missingScopes(requiredScopes().filter((s) => s !== 'users:read.email'))).toEqual(['users:read.email']);
  expect(missingScopes(undefined)).toEqual([]);
});
