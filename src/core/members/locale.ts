// Which language a member is written to in: the one they chose (`language fr`, the welcome's
// buttons, the profile), else their platform's (Slack's users.info locale, a Teams activity's
// locale, the browser's Accept-Language), else the coalition's default language.

/** Longest locale tag kept (BCP 47 tags people use are far shorter). */
const MAX_TAG = 35;

/** A tag in its canonical form (`fr-sn` -> `fr-SN`, `fr_FR` -> `fr-FR`), or undefined when it is not one. */
export function canonicalLocale(tag: string | null | undefined): string | undefined {
  if (!tag || tag.length > MAX_TAG) return undefined;
  try {
    return Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
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
