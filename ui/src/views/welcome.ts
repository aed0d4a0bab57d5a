// The first-run state: what Kith is, and three ways to start.

import { api } from "../ipc/api";
import { appState } from "../app-state";
import { h } from "../dom";
import { navigate } from "../navigate";
import { showError, toast } from "./toast";
import { countrySelect, localePreset, saveHomeCountry } from "./country";
import type { SettingsDto } from "../ipc/api";

/** Asks once which country phone numbers without a country code are from,
 * preset from the OS locale; `keep` saves the preset when the user goes on
 * without changing it. */
function homeCountry(): { el: HTMLElement; keep: () => Promise<void> } {
  const el = h("p", { class: "welcome-country muted" });
  let settings: SettingsDto | null = null;
  let choice: HTMLSelectElement | null = null;
  const ready = api
    .settings()
    .then((loaded) => {
      settings = loaded;
      const select = countrySelect("welcome-home-country", localePreset(loaded), true);
      choice = select;
      select.addEventListener("change", async () => {
        try {
          settings = await saveHomeCountry(settings ?? loaded, select.value || null);
        } catch (error) {
          showError(error);
        }
      });
      el.append(h("label", { attrs: { for: "welcome-home-country" } }, "My phone numbers without a country code are from "), select);
    })
    .catch(showError);
  const keep = async () => {
    await ready;
    if (!settings || !choice || settings.homeCountry || !choice.value) return;
    settings = await saveHomeCountry(settings, choice.value);
  };
  return { el, keep };
}

/** Offers to start Kith at login, so reminders arrive without opening it. */
function startAtLogin(): HTMLElement {
  const box = h("input", { attrs: { type: "checkbox", id: "welcome-start-at-login" } });
  const wrap = h(
    "label",
    { class: "checkbox welcome-autostart", attrs: { for: "welcome-start-at-login" } },
    box,
    " Start Kith when I log in, so reminders arrive even when I have not opened it",
  );
  void api
    .settings()
    .then((settings) => {
      box.checked = settings.startAtLogin;
      box.addEventListener("change", async () => {
        try {
          const saved = await api.saveSettings({
            remindersEnabled: settings.remindersEnabled,
            startAtLogin: box.checked,
            quietHoursEnabled: settings.quietHoursEnabled,
            quietStart: settings.quietStart,
            quietEnd: settings.quietEnd,
          });
          settings = saved;
          toast(saved.startAtLogin ? "Kith will start when you log in." : "Kith will not start at login.");
        } catch (error) {
          box.checked = !box.checked;
          showError(error);
        }
      });
    })
    .catch(showError);
  return wrap;
}

export function welcome(onLoaded: () => void): HTMLElement {
  const country = homeCountry();
  const loadButton = h("button", { class: "button", attrs: { type: "button", id: "load-sample" } }, "Load a sample network");
  loadButton.addEventListener("click", async () => {
    loadButton.disabled = true;
    try {
      await country.keep();
      const count = await api.loadSample();
      appState.set({ info: await api.appInfo() });
      toast(`Loaded ${count} sample people. Remove them any time from Settings.`);
      onLoaded();
    } catch (error) {
      showError(error);
      loadButton.disabled = false;
    }
  });
  return h(
    "section",
    { class: "welcome" },
    h("img", { attrs: { src: "/logo.svg", alt: "", width: 72, height: 72 } }),
    h("h1", null, "Welcome to Kith"),
    h(
      "p",
      { class: "lead" },
      "Kith keeps the people you know and every touch you have with them, and reminds you whom to follow up with and why. Everything stays on this computer.",
    ),
    h(
      "div",
      { class: "welcome-actions" },
      h(
        "button",
        { class: "button primary", attrs: { type: "button", id: "welcome-import" }, on: { click: () => void country.keep().catch(showError).finally(() => navigate({ view: "exchange" })) } },
        "Import your network",
      ),
      h(
        "button",
        { class: "button", attrs: { type: "button", id: "welcome-add" }, on: { click: () => void country.keep().catch(showError).finally(() => navigate({ view: "new-person" })) } },
        "Add a person",
      ),
      loadButton,
    ),
    h("p", { class: "muted" }, "Import LinkedIn's data export, Google Contacts or a vCard file: Kith then picks a few people each day worth a touch, and says why. The sample network is invented people, clearly marked, and removable in one click."),
    startAtLogin(),
    country.el,
  );
}
