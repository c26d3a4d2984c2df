// What the adapter needs from a Slack app: the bot scope behind each Web API method it
// calls and each event it listens to. The manifests under manifests/slack list exactly
// these (a test compares them with the code), and start-up warns about a missing scope.

export const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.open': ['im:write'],
  // Only the bot's own DMs are read (a reminder in doubt after a crash is looked up there).
  'conversations.history': ['im:history'],
  // The email is optional: without users:read.email a member simply has none from Slack.
  'users.info': ['users:read', 'users:read.email'],
  'views.open': [],
  'views.update': [],
  'views.publish': [],
};

/** Events by their subscription name (a DM is the "message" event in an IM: message.im). */
export const EVENT_SCOPES: Record<string, string[]> = {
  'message.im': ['im:history'],
  app_mention: ['app_mentions:read'],
  app_home_opened: [],
};

/** The slash command needs its own scope. */
export const COMMAND_SCOPE = 'commands';

export function requiredScopes(): string[] {
  return [...new Set([...Object.values(METHOD_SCOPES).flat(), ...Object.values(EVENT_SCOPES).flat(), COMMAND_SCOPE])].sort();
}

/** Scopes the code needs that the token lacks (empty when Slack did not say). */
export function missingScopes(granted: string[] | undefined): string[] {
  if (!granted) return [];
  return requiredScopes().filter((s) => !granted.includes(s));
}
