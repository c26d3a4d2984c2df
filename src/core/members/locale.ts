// Which language a member is written to in: the one they chose (`language fr`, the welcome's
// buttons, the profile), else their platform's (Slack's users.info locale, a Teams activity's
// locale, the browser's Accept-Language), else the coalition's default language.

/** Longest locale tag kept (BCP 47 tags people use are far shorter). */
const MAX_TAG = 35;

/** Tags seen and their canonical form (undefined: not a tag), at most MAX_CANONICAL of them. */
const canonicalTags = new Map<string, string | undefined>();
const MAX_CANONICAL = 500;

/** A tag in its canonical form (`fr-sn` -> `fr-SN`, `fr_FR` -> `fr-FR`), or undefined when it is not one. */
export function canonicalLocale(tag: string | null | undefined): string | undefined {
  if (!tag || tag.length > MAX_TAG) return undefined;
  if (canonicalTags.has(tag)) return canonicalTags.get(tag);
  let found: string | undefined;
  try {
    found = Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'))[0];
  } catch {
    found = undefined;
  }
  // Every turn asks about its platform's tag; the tags in use are few, and a flood of others only refills this.
  if (canonicalTags.size >= MAX_CANONICAL) canonicalTags.clear();
  canonicalTags.set(tag, found);
  return found;
}

/**
 * The locale to write in for a platform's tag: the tag itself (its region shapes dates and
 * numbers) when its language is one of `languages`, else undefined.
 */
export function supportedLocale(tag: string | null | undefined, languages: readonly string[]): string | undefined {
  const canonical = canonicalLocale(tag);
  if (!canonical) return undefined;
  const language = canonical.split('-')[0]!.toLowerCase();
  return languages.some((l) => l.toLowerCase() === canonical.toLowerCase() || l.split('-')[0]!.toLowerCase() === language) ? canonical : undefined;
}

/** A language's name in `inLanguage` (its own name by default: Français, Español, العربية). */
export function languageName(language: string, inLanguage = language): string {
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([inLanguage], { type: 'language' }).of(language);
  } catch {
    name = undefined;
  }
  const text = name ?? language;
  return text.charAt(0).toLocaleUpperCase(inLanguage) + text.slice(1);
}

/** One button per language, each named in its own language, whose value runs `<command> <code>`. */
export function languageButtons(languages: readonly string[], command = 'language'): { label: string; value: string }[] {
  return languages.map((language) => ({ label: languageName(language), value: `${command} ${language}` }));
}
