// The person page's dates: birthday, anniversary, named dates, and whether
// they have died. Kith reminds of each (see Settings for how many days
// before); the reminders themselves are the core's.

import { api, type PersonDto } from "../ipc/api";
import { field, h } from "../dom";
import { birthdayLabel } from "../logic/format";
import { namedDateLabel, typedYearly } from "../logic/dates";
import { act, showError, toast } from "./toast";

type Reload = () => Promise<void>;

/** A birthday or anniversary: its day, changed in place (blank clears it). */
function yearlyForm(person: PersonDto, which: "birthday" | "anniversary", reload: Reload): HTMLElement {
  const stored = which === "birthday" ? person.birthday : person.anniversary;
  const title = which === "birthday" ? "Birthday" : "Anniversary";
  const form = h(
    "form",
    { class: "inline-form date-form", attrs: { id: `${which}-form` } },
    h("label", { class: "muted label", attrs: { for: `${which}-input` } }, title),
    h("input", {
      attrs: {
        id: `${which}-input`,
        name: "date",
        value: typedYearly(stored),
        placeholder: "MM-DD, or YYYY-MM-DD",
        maxlength: 10,
        inputmode: "numeric",
        "aria-describedby": `${which}-shown`,
      },
    }),
    h("button", { class: "button small", attrs: { type: "submit" } }, "Save"),
    h("span", { class: "muted small", attrs: { id: `${which}-shown` } }, stored ? birthdayLabel(stored) : "not set"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const typed = field(form, "date");
    try {
      await api.setYearlyDate(person.id, which, typed || null);
      toast(typed ? `${title} saved.` : `${title} cleared.`);
      await reload();
    } catch (error) {
      showError(error);
    }
  });
  return form;
}

function namedForm(person: PersonDto, reload: Reload): HTMLElement {
  const form = h(
    "form",
    { class: "inline-form named-date-form", attrs: { id: "date-form" } },
    h("input", { attrs: { name: "what", maxlength: 200, placeholder: "Started at Northwind, moved to Lisbon…", "aria-label": "What the date is" } }),
    h("input", { attrs: { name: "on", type: "date", "aria-label": "On", required: true } }),
    h("label", { class: "checkbox small" }, h("input", { attrs: { name: "yearly", type: "checkbox", checked: true } }), " every year"),
    h("button", { class: "button small", attrs: { type: "submit" } }, "Add date"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const what = field(form, "what");
    const on = field(form, "on");
    if (!what || !on) return;
    const yearly = (form.elements.namedItem("yearly") as HTMLInputElement).checked;
    try {
      await api.addDate(person.id, what, on, yearly);
      form.reset();
      await reload();
    } catch (error) {
      showError(error);
    }
  });
  return form;
}

export function datesCard(person: PersonDto, reload: Reload): HTMLElement {
  const deceased = h("input", { attrs: { type: "checkbox", id: "person-deceased", checked: person.deceased } }) as HTMLInputElement;
  deceased.addEventListener("change", () =>
    act(
      () => api.setDeceased(person.id, deceased.checked),
      deceased.checked ? `No reminders of ${person.displayName}; their dates are kept.` : `${person.displayName} is reminded of and suggested again.`,
      reload,
    ),
  );
  return h(
    "section",
    { class: "card", attrs: { id: "person-dates", "aria-label": "Dates that matter" } },
    h("h2", null, "Dates that matter"),
    yearlyForm(person, "birthday", reload),
    yearlyForm(person, "anniversary", reload),
    person.dates.length === 0
      ? null
      : h(
          "ul",
          { class: "plain dates" },
          ...person.dates.map((d) =>
            h(
              "li",
              { class: "named-date", attrs: { "data-id": String(d.id) } },
              h("span", null, d.what),
              h("span", { class: "muted small" }, ` · ${namedDateLabel(d)}`),
              h(
                "button",
                { class: "link-button", attrs: { type: "button", "aria-label": `Remove the date: ${d.what}` }, on: { click: () => act(() => api.removeDate(person.id, d.id), "Date removed.", reload) } },
                "Remove",
              ),
            ),
          ),
        ),
    namedForm(person, reload),
    h(
      "label",
      { class: "checkbox small deceased" },
      deceased,
      " They have died: no reminders of them and never suggested; their dates stay as memories.",
    ),
  );
}
