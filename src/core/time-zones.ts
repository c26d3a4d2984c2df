// IANA time zones: validation and suggestions from what the runtime knows.
import { closest } from './text/similarity';

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

let zones: string[] | undefined;
function allZones(): string[] {
  zones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return zones;
}

/** The canonical spelling of a zone typed in any case ("europe/zurich"), or null. */
export function canonicalTimeZone(input: string): string | null {
  const wanted = input.trim().replace(/\s+/g, '_').toLowerCase();
  return allZones().find((z) => z.toLowerCase() === wanted) ?? null;
}

/** Zones whose city or full name resembles the input ("Zurich", "new york"). */
export function suggestTimeZones(input: string, limit = 3): string[] {
  return closest(input, allZones(), (z) => [z, z.split('/').at(-1)!.replace(/_/g, ' ')], limit);
}
