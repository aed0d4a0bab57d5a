// Settings: reminders, start at login, where the data lives, and the
// sample network.

import { api, type AppInfoDto, type SettingsDto, type SettingsInput } from "../ipc/api";
import { appState } from "../app-state";
import { h, replace } from "../dom";
import { backupsCard } from "./backups";
import { encryptionCard } from "./encryption";
import { toggle } from "./controls";
import { countrySelect, saveHomeCountry } from "./country";
import { nationalLine } from "../logic/country";
import { mailCard } from "./mail";
import { syncCard } from "./sync";
import { templatesCard } from "./templates";
import { trashCard } from "./trash";
import { lifecycle, type View } from "../navigate";
import { showError, toast } from "./toast";

export function mountSettings(): View {
  const el = h("section", { class: "view settings" });
  const life = lifecycle();

  async function load(): Promise<void> {
    try {
      const [settings, info] = await Promise.all([api.settings(), api.appInfo()]);
      if (!life.alive()) return;
      appState.set({ info });
      render(settings, info);
    } catch (error) {
      showError(error);
    }
  }

  function render(settings: SettingsDto, info: AppInfoDto): void {
    const save = async (patch: Partial<SettingsInput>) => {
      const next = await api.saveSettings({
        remindersEnabled: settings.remindersEnabled,
        startAtLogin: settings.startAtLogin,
        quietHoursEnabled: settings.quietHoursEnabled,
        quietStart: settings.quietStart,
        quietEnd: settings.quietEnd,
        ...patch,
      });
      settings = next;
      toast("Settings saved.");
    };
    const timeInput = (id: string, value: string, key: "quietStart" | "quietEnd") => {
      const input = h("input", { attrs: { type: "time", id, value, required: true } });
      input.addEventListener("change", async () => {
        if (!input.value) return;
        try {
          await save({ [key]: input.value });
        } catch (error) {
          showError(error);
        }
      });
      return input;
    };
    const numberInput = (id: string, value: number, min: number, max: number, key: "planSize" | "welcomeDays" | "birthdayDaysBefore" | "anniversaryDaysBefore" | "dateDaysBefore") => {
      const input = h("input", { attrs: { type: "number", id, value: String(value), min, max, required: true, class: "narrow" } });
      input.addEventListener("change", async () => {
        const n = Number(input.value);
        if (!Number.isInteger(n) || n < min || n > max) {
          input.value = String(settings[key]);
          showError(new Error(`Choose a whole number from ${min} to ${max}.`));
          return;
        }
        try {
          await save({ [key]: n });
        } catch (error) {
          input.value = String(settings[key]);
          showError(error);
        }
      });
      return input;
    };
    const planTime = h("input", { attrs: { type: "time", id: "plan-time", value: settings.planTime ?? "09:00", disabled: settings.planTime === null } });
    planTime.addEventListener("change", async () => {
      if (!planTime.value) return;
      try {
        await save({ planTime: planTime.value });
      } catch (error) {
        showError(error);
      }
    });
    const planCard = h(
      "section",
      { class: "card", attrs: { id: "plan-settings" } },
      h("h2", null, "Today's plan"),
      h("div", { class: "setting inline" }, h("label", { attrs: { for: "plan-size" } }, "People a day "), numberInput("plan-size", settings.planSize, 1, 10, "planSize")),
      toggle("plan-notice", "Morning notification", "Once a day, when the time comes (quiet hours and pauses respected), a notification says who is in today's plan.", settings.planTime !== null, async (value) => {
        await save({ planTime: value ? planTime.value || "09:00" : "off" });
        planTime.disabled = !value;
      }),
      h("div", { class: "setting inline" }, h("label", { attrs: { for: "plan-time" } }, "At "), planTime),
      h(
        "div",
        { class: "setting inline" },
        h("label", { attrs: { for: "welcome-days" } }, "New connections wait in the welcome queue for "),
        numberInput("welcome-days", settings.welcomeDays, 1, 365, "welcomeDays"),
        h("span", null, " days"),
      ),
      h("p", { class: "muted small" }, "Older connections you never acknowledged are not new: Kith suggests a few of them to reconnect with in today's plan."),
    );
    const daysBefore = (id: string, what: string, key: "birthdayDaysBefore" | "anniversaryDaysBefore" | "dateDaysBefore") =>
      h(
        "div",
        { class: "setting inline" },
        h("label", { attrs: { for: id } }, `Remind of ${what} `),
        numberInput(id, settings[key], 0, 60, key),
        h("span", null, " days before (0: on the day)"),
      );
    const datesCard = h(
      "section",
      { class: "card", attrs: { id: "date-settings" } },
      h("h2", null, "Dates that matter"),
      daysBefore("birthday-days-before", "a birthday", "birthdayDaysBefore"),
      daysBefore("anniversary-days-before", "an anniversary", "anniversaryDaysBefore"),
      daysBefore("date-days-before", "other dates", "dateDaysBefore"),
      h(
        "p",
        { class: "muted small" },
        "Reminders come at the morning notification's time (9:00 when it is off). A birthday on 29 February is reminded on 28 February in other years. Nobody marked as deceased is reminded of.",
      ),
    );
    const numbersLine = h("p", { class: "muted small", attrs: { id: "home-country-numbers" } }, nationalLine(settings.homeCountry, settings.nationalNumbers, settings.nationalPlaced));
    const country = countrySelect("home-country", settings.homeCountry, true);
    country.addEventListener("change", async () => {
      try {
        settings = await saveHomeCountry(settings, country.value || null);
        numbersLine.textContent = nationalLine(settings.homeCountry, settings.nationalNumbers, settings.nationalPlaced);
        toast("Home country saved; every phone number was read again.");
      } catch (error) {
        country.value = settings.homeCountry ?? "";
        showError(error);
      }
    });
    const phoneCard = h(
      "section",
      { class: "card", attrs: { id: "phone-settings" } },
      h("h2", null, "Phone numbers"),
      h("div", { class: "setting inline" }, h("label", { attrs: { for: "home-country" } }, "Home country "), country),
      numbersLine,
    );
    const paused = settings.pausedUntil && new Date(settings.pausedUntil) > new Date();
    const pause = h(
      "button",
      {
        class: "button small",
        attrs: { type: "button", id: "pause-reminders" },
        on: {
          click: async () => {
            try {
              await api.pauseReminders(paused ? null : 60);
              toast(paused ? "Reminders resumed." : "Reminders paused for an hour.");
              await load();
            } catch (error) {
              showError(error);
            }
          },
        },
      },
      paused ? "Resume reminders" : "Pause for 1 hour",
    );
    const sample =
      info.sampleCount > 0
        ? h(
            "button",
            {
              class: "button small danger",
              attrs: { type: "button", id: "remove-sample" },
              on: {
                click: async () => {
                  try {
                    const removed = await api.removeSample();
                    toast(`Removed ${removed} sample people.`);
                    await load();
                  } catch (error) {
                    showError(error);
                  }
                },
              },
            },
            `Remove the sample network (${info.sampleCount} people)`,
          )
        : h("p", { class: "muted small" }, "No sample people are loaded.");

    replace(
      el,
      h("h1", null, "Settings"),
      h(
        "section",
        { class: "card" },
        h("h2", null, "Reminders"),
        toggle("reminders-enabled", "Show reminders as notifications", "Due follow-ups raise a notification, once each, even after the computer slept.", settings.remindersEnabled, (value) => save({ remindersEnabled: value })),
        h("div", { class: "setting" }, pause, paused ? h("p", { class: "muted small" }, `Paused until ${new Date(settings.pausedUntil ?? "").toLocaleTimeString()}.`) : null),
        toggle("quiet-hours", "Quiet hours", "No notifications in this window; what falls due waits until it ends and then shows once.", settings.quietHoursEnabled, (value) => save({ quietHoursEnabled: value })),
        h(
          "div",
          { class: "setting inline" },
          h("label", { attrs: { for: "quiet-start" } }, "From "),
          timeInput("quiet-start", settings.quietStart, "quietStart"),
          h("label", { attrs: { for: "quiet-end" } }, " to "),
          timeInput("quiet-end", settings.quietEnd, "quietEnd"),
        ),
        h("p", { class: "muted small" }, `A reminder found more than ${settings.missedAfterHours} hours late (Kith was closed or the computer asleep) is listed as missed in Today instead of popping up.`),
        toggle("start-at-login", "Start Kith when I log in", "Kith waits in the tray so reminders arrive on time.", settings.startAtLogin, (value) => save({ startAtLogin: value })),
      ),
      planCard,
      datesCard,
      phoneCard,
      h(
        "section",
        { class: "card" },
        h("h2", null, "Your data"),
        h("p", null, "Everything Kith knows is in one file on this computer. Nothing is sent anywhere unless you set up sync below, and mail is read only from an account you add."),
        h("dl", { class: "facts" },
          h("dt", null, "Database"), h("dd", null, h("code", { attrs: { id: "database-path" } }, info.databasePath)),
          h("dt", null, "Logs"), h("dd", null, h("code", null, info.logDir)),
          h("dt", null, "Time zone"), h("dd", null, info.timeZone),
          h("dt", null, "People"), h("dd", null, info.peopleCount.toLocaleString()),
          h("dt", null, "Tray"), h("dd", null, info.tray === "available" ? "In the system tray" : "Not available on this desktop"),
          h("dt", null, "Version"), h("dd", null, info.version),
        ),
        sample,
      ),
      syncCard(),
      mailCard(),
      encryptionCard(),
      backupsCard(),
      trashCard(info.trashDays),
      templatesCard(),
    );
  }

  return life.view(el, load);
}
