// Slack mrkdwn in both directions. Outbound, user text is escaped so that nobody can make
// the bot post <!channel>, <!here>, a user mention or a disguised link. Inbound, Slack's
// own markup (entities, auto-linked emails and URLs, mentions) is turned back into text.

/** Escapes &, < and > as Slack asks; what is left cannot form a mention or a link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** What the member typed, from Slack's encoding of it. */
export function plainFromSlack(text: string): string {
  return text
    .replace(/<([^<>|]*)(?:\|([^<>]*))?>/g, (_whole, target: string, label: string | undefined) => {
      if (label !== undefined) return label;
      if (target.startsWith('mailto:')) return target.slice('mailto:'.length);
      if (target.startsWith('@') || target.startsWith('#') || target.startsWith('!')) return '';
      return target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/** Removes a leading mention of the bot ("<@U123> profile" → "profile"). */
export function withoutLeadingMention(text: string): string {
  return text.replace(/^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s,:]*/, '');
}

/** Cuts text to Slack's limit for a field, marking the cut. */
export function clipTo(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
