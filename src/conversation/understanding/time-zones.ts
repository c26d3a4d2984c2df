// Time zones as people name them: an IANA zone in any case ("europe/zurich"), a city
// ("Geneva", "Dar es Salaam", and "Europe/Geneva", a city with a region that has no zone of its
// own) mapped to its zone through city-timezones; and the zones of a country, most populous
// first, to offer as buttons.
import { cityMapping, type CityData } from 'city-timezones';
import { getAllTimezones, getCountry } from 'countries-and-timezones';
import { canonicalTimeZone, isTimeZone as runtimeKnows } from '../../core/time-zones';
import { normalize } from '../../core/text/similarity';

const known = new Map<string, boolean>();
/** Whether the runtime knows a zone, asked once per zone (the city list names a few hundred). */
function isTimeZone(zone: string): boolean {
  let answer = known.get(zone);
  if (answer === undefined) known.set(zone, (answer = runtimeKnows(zone)));
  return answer;
}

let byCity: Map<string, CityData[]> | undefined;
function cities(): Map<string, CityData[]> {
  if (!byCity) {
    byCity = new Map();
    for (const city of cityMapping) {
      if (!city.timezone || !isTimeZone(city.timezone)) continue;
      for (const name of new Set([normalize(city.city), normalize(city.city_ascii)])) {
        if (!name) continue;
        const list = byCity.get(name) ?? [];
        list.push(city);
        byCity.set(name, list);
      }
    }
  }
  return byCity;
}

/** The zone Intl knows by this name in any case ("asia/kolkata"), spelled as the runtime spells it, or null. */
function zoneByName(input: string): string | null {
  const exact = canonicalTimeZone(input);
  if (exact) return exact;
  const name = input.trim().replace(/\s+/g, '_');
  if (!/^[A-Za-z_]+(?:\/[A-Za-z_+-]+){1,2}$/.test(name) || !isTimeZone(name)) return null;
  // Spelled as the zone database spells it (Asia/Kolkata), else as the runtime does.
  const known = Object.keys(getAllTimezones({ deprecated: true })).find((z) => z.toLowerCase() === name.toLowerCase());
  return known && isTimeZone(known) ? known : new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
}

/**
 * The IANA zone the text names: a zone's own name, or a city (in the member's country first when
 * several cities share the name, else the most populous); null when neither.
 */
export function zoneFromText(input: string, countryIso2?: string | null): string | null {
  const text = input.trim();
  if (text.length === 0 || text.length > 100) return null;
  const zone = zoneByName(text);
  if (zone) return zone;
  const city = normalize(text.includes('/') ? text.slice(text.lastIndexOf('/') + 1).replace(/_/g, ' ') : text);
  const found = cities().get(city);
  if (!found || found.length === 0) return null;
  const local = countryIso2 ? found.filter((c) => c.iso2 === countryIso2.toUpperCase()) : [];
  const pool = local.length > 0 ? local : found;
  return [...pool].sort((a, b) => b.pop - a.pop)[0].timezone;
}

/** The zones of a country (ISO 3166-1 alpha-2), the zone of most of its people first; at most `limit`. */
export function zonesOfCountry(iso2: string, limit = 4): string[] {
  const code = iso2.toUpperCase();
  const people = new Map<string, number>();
  for (const city of cityMapping) {
    if (city.iso2 === code && city.timezone && isTimeZone(city.timezone)) people.set(city.timezone, (people.get(city.timezone) ?? 0) + city.pop);
  }
  const ranked = [...people.entries()].sort((a, b) => b[1] - a[1]);
  // Zones of a few people only (a city filed under a neighbour's zone) are left out.
  const top = ranked[0]?.[1] ?? 0;
  const zones = ranked.filter(([, pop]) => pop >= top * 0.02).map(([zone]) => zone);
  if (zones.length > 0) return zones.slice(0, limit);
  return (getCountry(code)?.timezones ?? []).filter((z) => isTimeZone(z)).slice(0, limit);
}
