// The quick-log box: pick a person by typing, choose what happened, save
// with Enter. Opens from anywhere with Ctrl+L, the sidebar or the tray.

import { api } from "../ipc/api";
import { VOCABULARY } from "../ipc/vocabulary";
import { field, h } from "../dom";
import { defaultChannel, touchInput } from "../logic/forms";
import { humanize, toLocalInput } from "../logic/format";
import { openDialog } from "./dialog";
import { personPicker } from "./person-picker";
import { toast } from "./toast";

export interface QuickLogOptions {
  person?: { id: number; displayName: string };
  /** The kind of touch to start with (a message unless given). */
  kind?: string;
  onSaved?: () => void;
}

function select(name: string, values: string[], selected: string): HTMLSelectElement {
  return h(
    "select",
    { attrs: { name } },
    ...values.map((value) => h("option", { attrs: { value, selected: value === selected } }, humanize(value))),
  );
}

export function openQuickLog(options: QuickLogOptions = {}): void {
  const dialog = openDialog("Log a touch");
  const who = personPicker({
    name: "who",
    label: "Who",
    initial: options.person ?? null,
    onPick: () => kind.focus(),
  });
  const kind = select("kind", VOCABULARY.kinds, options.kind ?? "message");
  const channel = select("channel", VOCABULARY.channels, defaultChannel(options.kind ?? "message"));
  const direction = select("direction", VOCABULARY.directions, "out");
  const errors = h("p", { class: "form-error", attrs: { role: "alert" } });
  kind.addEventListener("change", () => {
    channel.value = defaultChannel(kind.value);
  });

  const form = h(
    "form",
    { class: "form", attrs: { id: "quick-log-form", novalidate: true } },
    who.el,
    h("div", { class: "row" }, h("label", null, "What", kind), h("label", null, "Where", channel), h("label", null, "Who reached out", direction)),
    h("label", null, "When", h("input", { attrs: { type: "datetime-local", name: "at", value: toLocalInput(new Date()) } })),
    h("label", null, "Summary", h("input", { attrs: { name: "summary", maxlength: 1000, placeholder: "What you talked about" } })),
    errors,
    h(
      "div",
      { class: "form-actions" },
      h("button", { class: "button", attrs: { type: "button" }, on: { click: () => dialog.close() } }, "Cancel"),
      h("button", { class: "button primary", attrs: { type: "submit" } }, "Log touch"),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = touchInput({
      personId: who.chosen()?.id ?? null,
      kind: kind.value,
      channel: channel.value,
      direction: direction.value,
      at: field(form, "at"),
      summary: field(form, "summary"),
    });
    if (!result.ok) {
      errors.textContent = Object.values(result.errors).join(" ");
      return;
    }
    try {
      await api.logTouch(result.value);
      toast(`Logged a ${humanize(result.value.kind).toLowerCase()} with ${who.chosen()?.displayName ?? "them"}.`);
      dialog.close();
      options.onSaved?.();
    } catch (error) {
      errors.textContent = error instanceof Error ? error.message : String(error);
    }
  });
  dialog.body.append(form);
  const summary = form.querySelector<HTMLInputElement>("input[name=summary]") ?? undefined;
  dialog.show(options.person ? summary : who.input);
}
