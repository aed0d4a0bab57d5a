// Adding and editing a person: names, work, handles, how you met, tags and
// how often to keep in touch.

import { api, type IdentityDto, type PersonDto } from "../ipc/api";
import { appState } from "../app-state";
import { VOCABULARY } from "../ipc/vocabulary";
import { field, h, replace } from "../dom";
import { humanize } from "../logic/format";
import { personInput } from "../logic/forms";
import { navigate, type View } from "../navigate";
import { personPicker } from "./person-picker";
import { showError, toast } from "./toast";

const DEFAULT_KINDS = ["email", "phone", "linkedin"];

export function mountPersonForm(id: number | null): View {
  const el = h("section", { class: "view person-form" });
  let disposed = false;

  function identityRow(identity: IdentityDto, kinds: string[]): HTMLElement {
    const remove = h("button", { class: "icon-button", attrs: { type: "button", "aria-label": "Remove" } }, "×");
    const row = h(
      "div",
      { class: "identity-row" },
      h(
        "select",
        { attrs: { name: "identity-kind", "aria-label": "Kind" } },
        ...kinds.map((kind) => h("option", { attrs: { value: kind, selected: kind === identity.kind } }, humanize(kind))),
      ),
      h("input", { attrs: { name: "identity-value", value: identity.value, "aria-label": `${humanize(identity.kind)} value`, maxlength: 1000 } }),
      remove,
    );
    remove.addEventListener("click", () => row.remove());
    return row;
  }

  function render(person: PersonDto | null): void {
    const kinds = VOCABULARY.identityKinds;
    const identities = person?.identities.length ? person.identities : DEFAULT_KINDS.map((kind) => ({ kind, value: "" }));
    const identityList = h("div", { class: "identities" }, ...identities.map((i) => identityRow(i, kinds)));
    const errors = h("p", { class: "form-error", attrs: { role: "alert" } });
    const introducer = personPicker({
      name: "introducedBy",
      label: "Introduced by",
      initial: person?.introducedBy ?? null,
      exclude: person?.id,
    });
    const text = (name: string, label: string, value: string | null | undefined, extra: Record<string, string | number | boolean> = {}) =>
      h("label", null, label, h("input", { attrs: { name, value: value ?? "", maxlength: 1000, ...extra } }));

    const form = h(
      "form",
      { class: "form card", attrs: { id: "person-form", novalidate: true } },
      text("displayName", "Name", person?.displayName, { required: true, maxlength: 200 }),
      h("div", { class: "row" }, text("role", "Role", person?.role), text("company", "Company", person?.company)),
      h("fieldset", null, h("legend", null, "How to reach them"), identityList,
        h("button", { class: "button small ghost", attrs: { type: "button" }, on: { click: () => identityList.append(identityRow({ kind: "website", value: "" }, kinds)) } }, "Add another"),
      ),
      h("div", { class: "row" }, text("howMet", "How you met", person?.howMet, { placeholder: "Conference, LinkedIn, a friend…" }), text("whereMet", "Where", person?.whereMet)),
      introducer.el,
      text("tags", "Tags and circles", person?.tags.join(", "), { placeholder: "Close, Mentors, Berlin" }),
      text("cadenceDays", "Keep in touch every … days", person?.cadenceDays?.toString(), { inputmode: "numeric", placeholder: "e.g. 30" }),
      errors,
      h(
        "div",
        { class: "form-actions" },
        h("button", { class: "button", attrs: { type: "button" }, on: { click: () => history.back() } }, "Cancel"),
        h("button", { class: "button primary", attrs: { type: "submit" } }, person ? "Save" : "Add person"),
      ),
    );

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const identities: IdentityDto[] = Array.from(identityList.querySelectorAll(".identity-row")).map((row) => ({
        kind: (row.querySelector("select") as HTMLSelectElement).value,
        value: (row.querySelector("input") as HTMLInputElement).value,
      }));
      const result = personInput({
        displayName: field(form, "displayName"),
        company: field(form, "company"),
        role: field(form, "role"),
        howMet: field(form, "howMet"),
        whereMet: field(form, "whereMet"),
        tags: field(form, "tags"),
        cadenceDays: field(form, "cadenceDays"),
        identities,
      });
      if (!result.ok) {
        errors.textContent = Object.values(result.errors).join(" ");
        return;
      }
      const typed = introducer.input.value.trim();
      const chosen = introducer.chosen();
      if (typed && !chosen) {
        errors.textContent = "Pick who introduced them from the list, or clear that field.";
        return;
      }
      const input = { ...result.value, introducedBy: chosen?.id ?? null };
      try {
        const saved = person ? await api.updatePerson(person.id, input) : await api.createPerson(input);
        toast(person ? "Saved." : `${saved.displayName} added.`);
        appState.set({ info: await api.appInfo() });
        navigate({ view: "person", id: saved.id });
      } catch (error) {
        errors.textContent = error instanceof Error ? error.message : String(error);
      }
    });

    replace(el, h("h1", null, person ? `Edit ${person.displayName}` : "Add a person"), form);
    if (el.isConnected) focusName();
  }

  const focusName = () => el.querySelector<HTMLInputElement>("input[name=displayName]")?.focus();

  if (id === null) {
    render(null);
  } else {
    api
      .person(id)
      .then((person) => !disposed && render(person))
      .catch(showError);
  }
  return {
    el,
    focus: focusName,
    destroy: () => {
      disposed = true;
    },
  };
}
