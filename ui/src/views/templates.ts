// Reply templates in Settings: the shipped ones can be edited, the user's
// own added and deleted. The editor warns when a template has nothing
// personal in it.

import { api, type TemplateDto } from "../ipc/api";
import { field, h, replace } from "../dom";
import { PLACEHOLDERS, templateWarnings } from "../logic/templates";
import { openDialog } from "./dialog";
import { act, showError, toast } from "./toast";

function openEditor(editing: TemplateDto | null, onSaved: () => Promise<void>): void {
  const dialog = openDialog(editing ? `Edit “${editing.name}”` : "New reply template");
  const body = h("textarea", { attrs: { name: "body", rows: 6, maxlength: 100000, required: true } });
  body.value = editing?.body ?? "Hi {first_name}, ";
  const warnings = h("p", { class: "warning", attrs: { id: "template-warning", "aria-live": "polite" } });
  const check = () => {
    warnings.textContent = templateWarnings(body.value).join(" ");
  };
  body.addEventListener("input", check);
  const errors = h("p", { class: "form-error", attrs: { role: "alert" } });
  const insert = (placeholder: string) => {
    const start = body.selectionStart ?? body.value.length;
    const end = body.selectionEnd ?? start;
    body.setRangeText(placeholder, start, end, "end");
    body.focus();
    check();
  };
  const form = h(
    "form",
    { class: "form", attrs: { id: "template-form", novalidate: true } },
    h("label", null, "Name", h("input", { attrs: { name: "name", required: true, maxlength: 200, value: editing?.name ?? "" } })),
    h("label", null, "Message", body),
    h(
      "div",
      { class: "placeholders", attrs: { role: "group", "aria-label": "Insert a placeholder" } },
      ...PLACEHOLDERS.map(([placeholder, what]) =>
        h("button", { class: "chip", attrs: { type: "button", title: `Insert their ${what}` }, on: { click: () => insert(placeholder) } }, placeholder),
      ),
    ),
    warnings,
    errors,
    h(
      "div",
      { class: "form-actions" },
      h("button", { class: "button", attrs: { type: "button" }, on: { click: () => dialog.close() } }, "Cancel"),
      h("button", { class: "button primary", attrs: { type: "submit" } }, "Save template"),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = field(form, "name");
    if (!name || !body.value.trim()) {
      errors.textContent = "A template needs a name and a message.";
      return;
    }
    try {
      await api.saveTemplate(editing?.id ?? null, name, body.value);
      toast("Template saved.");
      dialog.close();
      await onSaved();
    } catch (error) {
      errors.textContent = error instanceof Error ? error.message : String(error);
    }
  });
  check();
  dialog.body.append(form);
  dialog.show(form.querySelector<HTMLInputElement>("input[name=name]") ?? undefined);
}

/** The Settings card listing templates. */
export function templatesCard(): HTMLElement {
  const list = h("ul", { class: "plain templates" });
  const card = h(
    "section",
    { class: "card", attrs: { id: "templates", "aria-label": "Reply templates" } },
    h("h2", null, "Reply templates"),
    h("p", { class: "muted small" }, "Drafts for personal replies in the welcome queue. Placeholders are filled from the person."),
    list,
    h("button", { class: "button", attrs: { type: "button", id: "new-template" }, on: { click: () => openEditor(null, load) } }, "New template"),
  );

  async function load(): Promise<void> {
    try {
      const templates = await api.templates();
      replace(
        list,
        ...templates.map((t) =>
          h(
            "li",
            { class: "template", dataset: { template: String(t.id) } },
            h("div", { class: "template-head" }, h("strong", null, t.name), t.isBuiltin ? h("span", { class: "tag" }, "shipped") : null),
            h("p", { class: "muted small template-body" }, t.body),
            h(
              "p",
              { class: "item-meta" },
              h("button", { class: "button small", attrs: { type: "button" }, on: { click: () => openEditor(t, load) } }, "Edit"),
              t.isBuiltin
                ? null
                : h("button", { class: "button small ghost danger", attrs: { type: "button" }, on: { click: () => act(() => api.deleteTemplate(t.id), "Template deleted.", load) } }, "Delete"),
            ),
          ),
        ),
      );
    } catch (error) {
      showError(error);
    }
  }

  void load();
  return card;
}
