// Who a Slack user is (name, email, language) from users.info, cached for an hour so a
// conversation does not cost a lookup per message. The email needs the
// users:read.email scope; without it the member simply has none from Slack.
import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;
import type { Logger } from '../../src/logger';

export interface SlackUser {
  displayName?: string;
  email?: string;
  emailVerified?: boolean;
  /** Slack's language for the user (e.g. fr-FR): the bot writes in it until the member chooses one. */
  locale?: string;
}

const TTL_MS = 3600_000;
const MAX_ENTRIES = 5000;

export class UserDirectory {
  private readonly cache = new Map<string, { at: number; user: SlackUser }>();

  constructor(private readonly client: WebClient, private readonly log: Logger) {}

  /** What is known without calling Slack (for work that must finish within the 3-second ack). */
  cached(userId: string): SlackUser {
    const cached = this.cache.get(userId);
    return cached && Date.now() - cached.at < TTL_MS ? cached.user : {};
  }

  async lookup(userId: string): Promise<SlackUser> {
    const cached = this.cache.get(userId);
    if (cached && Date.now() - cached.at < TTL_MS) return cached.user;
    let user: SlackUser;
    try {
      // include_locale: the user's Slack language (e.g. fr-FR), which the bot speaks until the member chooses one.
      const info = await this.client.users.info({ user: userId, include_locale: true });
      const u = info.user as { real_name?: string; name?: string; is_email_confirmed?: boolean; locale?: string; profile?: { email?: string; display_name?: string; real_name?: string } } | undefined;
      const email = u?.profile?.email;
      user = {
        displayName: u?.profile?.real_name || u?.real_name || u?.profile?.display_name || u?.name || undefined,
        ...(email ? { email, emailVerified: u?.is_email_confirmed === true } : {}),
        ...(typeof u?.locale === 'string' && u.locale.length <= 35 ? { locale: u.locale } : {}),
      };
    } catch (error) {
      // Not fatal: the member is still served, only without a name or email from Slack.
      this.log.warn({ err: (error as Error).message, user: userId }, 'users.info failed');
      return {};
    }
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(userId, { at: Date.now(), user });
    return user;
  }
}
