// The quick-log box: pick a person by typing, choose what happened, save
// with Enter. Opens from anywhere with Ctrl+L, the sidebar or the tray.

import { api, type PersonSummaryDto } from "../ipc/api";
import { appState } from "../app-state";
import { field, h, replace } from "../dom";
import { defaultChannel, touchInput } from "../logic/forms";
import { humanize, toLocalInput, workLine } from "../logic/format";
import { openDialog } from "./dialog";
import { showError, toast } from "./toast";

export interface QuickLogOptions {
  person?: { id: number; displayName: string };
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
  const { vocabulary } = appState.get();
  const dialog = openDialog("Log a touch");
  let chosen: { id: number; displayName: string } | null = options.person ?? null;
  let matches: PersonSummaryDto[] = [];
  let active = 0;

  const who = h("input", {
    attrs: {
      name: "who",
      type: "search",
      autocomplete: "off",
      placeholder: "Type a name…",
      "aria-label": "Who",
      "aria-controls": "quick-log-matches",
      value: chosen?.displayName ?? "",
      autofocus: !chosen,
    },
  });
  const list = h("ul", { class: "matches", attrs: { id: "quick-log-matches", role: "listbox" } });
  const kind = select("kind", vocabulary.kinds, "message");
  const channel = select("channel", vocabulary.channels, defaultChannel("message"));
  const direction = select("direction", vocabulary.directions, "out");
  const errors = h("p", { class: "form-error", attrs: { role: "alert" } });
  kind.addEventListener("change", () => {
    channel.value = defaultChannel(kind.value);
  });

  function showMatches(): void {
    replace(
      list,
      ...matches.map((person, index) =>
        h(
          "li",
          {
            class: index === active ? "match active" : "match",
            attrs: { role: "option", "aria-selected": index === active },
            on: { mousedown: (event) => (event.preventDefault(), pick(person)) },
          },
          h("strong", null, person.displayName),
          h("span", { class: "muted" }, ` ${workLine(person.role, person.company)}`),
        ),
      ),
    );
  }

  function pick(person: PersonSummaryDto): void {
    chosen = { id: person.id, displayName: person.displayName };
    who.value = person.displayName;
    matches = [];
    showMatches();
    kind.focus();
  }

  let searchSeq = 0;
  who.addEventListener("input", async () => {
    chosen = null;
    const seq = ++searchSeq;
    try {
      const page = await api.people(who.value, 0, 8);
      if (seq !== searchSeq) return;
      matches = page.people;
      active = 0;
      showMatches();
    } catch (error) {
      showError(error);
    }
  });
  who.addEventListener("keydown", (event) => {
    if (matches.length === 0) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      active = (active + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      showMatches();
    } else if (event.key === "Enter") {
      event.preventDefault();
      pick(matches[active]);
    }
  });

  const form = h(
    "form",
    { class: "form", attrs: { id: "quick-log-form", novalidate: true } },
    h("label", null, "Who", who),
    list,
    h("div", { class: "row" }, h("label", null, "What", kind), h("label", null, "Where", channel), h("label", null, "Who reached out", direction)),
    h("label", null, "When", h("input", { attrs: { type: "datetime-local", name: "at", value: toLocalInput(new Date()) } })),
    h("label", null, "Summary", h("input", { attrs: { name: "summary", maxlength: 1000, placeholder: "What you talked about", autofocus: Boolean(chosen) } })),
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
      personId: chosen?.id ?? null,
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
      toast(`Logged a ${humanize(result.value.kind).toLowerCase()} with ${chosen?.displayName ?? "them"}.`);
      dialog.close();
      options.onSaved?.();
    } catch (error) {
      errors.textContent = error instanceof Error ? error.message : String(error);
    }
  });
  dialog.body.append(form);
}
