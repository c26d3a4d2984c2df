// The inbound port: the one thing an adapter (Slack, Teams, the local chat) calls in the
// conversation layer. A turn goes in (who, where, what they typed, chose or submitted, and the
// platform's own id for this delivery); replies in the neutral message model come out. What an
// App Home, a welcome card or a form needs comes back through it too. The Bot implements it.
import type { Form, IncomingMessage, OutgoingMessage, Platform } from '../core/messages';
import { translator, type Translate } from './catalog/catalog';

/** Who is talking, and where: a turn without its input (an App Home, a form to open). */
export type Who = Omit<IncomingMessage, 'text' | 'action' | 'form'>;

export interface Turn extends IncomingMessage {
  /**
   * The platform's id for this delivery, unique within the platform (Slack `event:<event_id>`,
   * Teams `activity:<conversation>:<id>`, local `request:<id>`): a delivery seen before is
   * answered with nothing (`duplicate: true`).
   */
  deliveryId?: string;
  /** An App Home or tab button: this command runs outside any flow (never read as a flow's answer). */
  command?: string;
  /** Written in a shared channel: the result says whether a flow is open once the turn is done. */
  inChannel?: boolean;
  /** Sent from the member's own chat with the bot: an identity marked unreachable is reachable again. */
  reachable?: boolean;
  /**
   * An email the platform can look up but does not vouch for (Teams' roster), asked after the
   * turn is answered while the identity has none (see email-lookups.ts: one at a time, turns in
   * flight first, at most every 10 minutes per identity): what it finds is stored into empty
   * fields by a write of its own, so no answer waits for it. An email that links members
   * (verified) comes with `user` instead.
   */
  lookupEmail?: () => Promise<string | undefined>;
  /**
   * A form submission: told once the form is checked, before anything is saved; `errors` per
   * field when it is refused (then nothing is saved). Slack acks a modal here.
   */
  formChecked?: (errors: Record<string, string> | null) => Promise<void>;
}

export interface TurnResult {
  replies: OutgoingMessage[];
  /** The delivery was seen before: nothing was done. */
  duplicate?: boolean;
  /** A submitted form was refused field by field: nothing was saved. */
  formErrors?: Record<string, string>;
  /** Only for `inChannel` turns: a flow is open in the member's conversation after this turn. */
  flowOpen?: boolean;
  /** Something of the member's changed (a reply in the success tone): an overview shown elsewhere is stale. */
  changed: boolean;
  /** The member's language after the turn (absent when the turn was not run): what the adapter's own words are written in. */
  locale?: string;
}

/** A member's overview (Slack App Home, a Teams tab). */
export interface Home {
  /** One list of messages per section, in order. */
  sections: OutgoingMessage[][];
  /** The commands this bot has (an overview offers buttons only for these). */
  commands: string[];
  /** The flows that can be filled in as a form. */
  forms: string[];
  /** The member's language: the overview's own headers and buttons are written in it. */
  locale: string;
}

/** A form to open, with the member's language for the modal's own words (title, close, loading). */
export type FormOpening = { kind: 'form'; form: Form; locale: string } | { kind: 'refused'; text: string; locale: string } | { kind: 'unknown'; locale?: string };

export interface InboundPort {
  /** One turn: dedupe by delivery id, identify once, flow step or command, replies. */
  turn(turn: Turn): Promise<TurnResult>;
  /**
   * Records a delivery id before the platform is acknowledged (Slack's Events API, where an
   * unacknowledged delivery comes again): true the first time. Throws while the database is
   * unavailable (DB.UNAVAILABLE), so the adapter can ask for the delivery again.
   */
  admit(platform: Platform, deliveryId: string): Promise<boolean>;
  /** The member's overview. */
  home(who: Who): Promise<Home>;
  /** A flow's form for this member, why it is refused now, or that there is no such form. */
  form(who: Who, flowId: string): Promise<FormOpening>;
  /**
   * The bot was installed in the member's own chat: they are recorded (reachable at
   * `who.directAddress`) and the welcome comes back.
   */
  welcome(who: Who): Promise<OutgoingMessage>;
  /** The bot was removed from the member's own chat: nothing more is sent there. */
  removed(who: Pick<Who, 'platform' | 'user'>): Promise<void>;
  /** The address stored for this identity (where the bot reaches them), or null. */
  storedAddress(platform: Platform, externalId: string): Promise<string | null>;
  /** The language stored for this identity's member (chosen, or followed from their platform), or null without a row. */
  storedLocale(platform: Platform, externalId: string): Promise<string | null>;
}

// The language of a member, for the adapter's own words (App Home headers, a modal's chrome,
// "send again", card buttons) written before or without a turn (a loading view, an outage). A
// member with a row has theirs in the database (Member.locale), read with `read`, so a restart
// loses nothing; the language the bot last gave is kept in a bounded memory for those without a
// row yet and for when the database cannot be read. The oldest entries go first.
const MAX_READER_LANGUAGES = 10_000;

export class ReaderLanguages {
  private readonly known = new Map<string, string>();

  constructor(private readonly fallback: string) {}

  /** Notes the member's language (nothing when the bot gave none). */
  remember(user: string, locale: string | undefined): void {
    if (!locale) return;
    this.known.delete(user);
    this.known.set(user, locale);
    if (this.known.size > MAX_READER_LANGUAGES) this.known.delete(this.known.keys().next().value!);
  }

  /**
   * The member's language as stored (`stored`: the port's `storedLocale` for this identity), else
   * as `localeOf` knows it (no row yet, or the database unavailable).
   */
  async read(user: string, platformLocale: string | undefined, stored: () => Promise<string | null>): Promise<string> {
    try {
      const locale = await stored();
      if (locale) {
        this.remember(user, locale);
        return locale;
      }
    } catch {
      // The database is unavailable: what is known here will do.
    }
    return this.localeOf(user, platformLocale);
  }

  /** The member's language: the last one the bot gave, else the platform's (the client's), else the coalition's default. */
  localeOf(user: string, platformLocale?: string): string {
    return this.known.get(user) ?? platformLocale ?? this.fallback;
  }

  translatorFor(user: string, platformLocale?: string): Translate {
    return translator(this.localeOf(user, platformLocale));
  }
}
