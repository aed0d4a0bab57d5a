// Home countries: which country national phone numbers (030 1234567) are
// read as. Names come from the user's language; the list from the core.

import type { CountryDto } from "../ipc/bindings";

/** The region of a locale tag, "DE" for "de-DE"; a bare language is
 * widened to its likeliest region ("de" → "DE"); null when none. */
export function regionOf(locale: string | undefined): string | null {
  if (!locale) return null;
  try {
    const tag = new Intl.Locale(locale.replace("_", "-").split(".")[0] ?? "");
    const region = tag.region ?? tag.maximize().region;
    return region && /^[A-Z]{2}$/.test(region) ? region : null;
  } catch {
    return null;
  }
}

/** A country's name in `language` ("Germany"), the code when unknown. */
export function countryName(code: string, language?: string): string {
  try {
    return new Intl.DisplayNames(language ? [language] : undefined, { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "Germany (+49)". */
export function countryLabel(country: CountryDto, language?: string): string {
  return `${countryName(country.code, language)} (+${country.callingCode})`;
}

/** The countries by name, as a picker lists them. */
export function byName(countries: CountryDto[], language?: string): Array<CountryDto & { label: string }> {
  return countries
    .map((c) => ({ ...c, label: countryLabel(c, language) }))
    .sort((a, b) => a.label.localeCompare(b.label, language));
}

/** The country to offer first: the one set, else the locale's when Kith
 * knows it, else none. */
export function presetCountry(set: string | null, countries: CountryDto[], locale: string | undefined): string | null {
  if (set) return set;
  const region = regionOf(locale);
  return region && countries.some((c) => c.code === region) ? region : null;
}

/** What the settings say about stored numbers without a country code. */
export function nationalLine(home: string | null, total: number, placed: number, language?: string): string {
  if (total === 0) return "Numbers written without a country code (030 1234567) will be read as this country's, so they match the same number written with it (+49 30 1234567).";
  const numbers = `${total.toLocaleString(language)} phone ${total === 1 ? "number" : "numbers"} without a country code`;
  if (!home) return `${numbers} ${total === 1 ? "matches" : "match"} only as written. Choose a home country to read ${total === 1 ? "it" : "them"} as its.`;
  const read = `${placed.toLocaleString(language)} of ${numbers} ${placed === 1 ? "is" : "are"} read as ${countryName(home, language)}'s`;
  return placed < total ? `${read}; the rest are not its numbers and keep their digits.` : `${read}.`;
}
