// The language each member last read in, as the bot told the adapter (a turn's result, an
// overview, a form): the adapter's own words (App Home headers, a modal's chrome, "send again",
// card buttons) are written in it, even before the next turn reads the member again (a loading
// view, an outage). Bounded: the oldest entries go first.
import { translator, type Translate } from '../src/conversation/catalog/catalog';

const MAX_ENTRIES = 10_000;

export class ReaderLanguages {
  private readonly known = new Map<string, string>();

  constructor(private readonly fallback: string) {}

  /** Notes the member's language (nothing when the bot gave none). */
  remember(user: string, locale: string | undefined): void {
    if (!locale) return;
    this.known.delete(user);
    this.known.set(user, locale);
    if (this.known.size > MAX_ENTRIES) this.known.delete(this.known.keys().next().value!);
  }

  /** The member's language: the last one the bot gave, else the platform's (the client's), else the coalition's default. */
  localeOf(user: string, platformLocale?: string): string {
    return this.known.get(user) ?? platformLocale ?? this.fallback;
  }

  translatorFor(user: string, platformLocale?: string): Translate {
    return translator(this.localeOf(user, platformLocale));
  }
}
