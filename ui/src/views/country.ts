// The home-country picker: which country phone numbers written without a
// country code are read as. Shown in Settings, on the welcome screen and
// in an import preview that meets such numbers with none set.

import { api, type SettingsDto } from "../ipc/api";
import { VOCABULARY } from "../ipc/vocabulary";
import { h } from "../dom";
import { byName, countryName, presetCountry } from "../logic/country";

/** A select of every country by name, `selected` chosen ("" for none). */
export function countrySelect(id: string, selected: string | null, withNone: boolean): HTMLSelectElement {
  const countries = byName(VOCABULARY.countries);
  return h(
    "select",
    { attrs: { id, "aria-label": "Home country" } },
    withNone ? h("option", { attrs: { value: "", selected: !selected } }, "Not set") : null,
    ...countries.map((c) => h("option", { attrs: { value: c.code, selected: c.code === selected } }, c.label)),
  );
}

/** The country to offer when none is set: the OS locale's. */
export function localePreset(settings: SettingsDto): string | null {
  return presetCountry(settings.homeCountry, VOCABULARY.countries, navigator.language);
}

/** Saves the home country (`null`: none); every stored number is re-read. */
export async function saveHomeCountry(settings: SettingsDto, code: string | null): Promise<SettingsDto> {
  return api.saveSettings({
    remindersEnabled: settings.remindersEnabled,
    startAtLogin: settings.startAtLogin,
    quietHoursEnabled: settings.quietHoursEnabled,
    quietStart: settings.quietStart,
    quietEnd: settings.quietEnd,
    homeCountry: code ?? "none",
  });
}

/** "Germany's (+49)" for the report lines. */
export function countryOf(code: string): string {
  const country = VOCABULARY.countries.find((c) => c.code === code);
  return `${countryName(code)}'s${country ? ` (+${country.callingCode})` : ""}`;
}
