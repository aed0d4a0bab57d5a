// A text field that finds a person as you type: arrow keys move through the
// matches, Enter or a click picks one. Used by the quick-log box and the
// "introduced by" field.

import { api, type PersonSummaryDto } from "../ipc/api";
import { h, replace } from "../dom";
import { workLine } from "../logic/format";
import { showError } from "./toast";

export interface PickedPerson {
  id: number;
  displayName: string;
}

export interface PersonPicker {
  /** The field and its list of matches, to place in a form. */
  el: HTMLElement;
  input: HTMLInputElement;
  chosen(): PickedPerson | null;
}

let pickers = 0;

export function personPicker(options: {
  name: string;
  label: string;
  initial?: PickedPerson | null;
  exclude?: number;
  onPick?: (person: PickedPerson) => void;
}): PersonPicker {
  const listId = `person-picker-${++pickers}`;
  let chosen: PickedPerson | null = options.initial ?? null;
  let matches: PersonSummaryDto[] = [];
  let active = 0;
  let seq = 0;

  const input = h("input", {
    attrs: {
      name: options.name,
      type: "search",
      autocomplete: "off",
      placeholder: "Type a name…",
      "aria-label": options.label,
      "aria-controls": listId,
      value: chosen?.displayName ?? "",
    },
  });
  const list = h("ul", { class: "matches", attrs: { id: listId, role: "listbox" } });

  function show(): void {
    replace(
      list,
      ...matches.map((person, index) =>
        h(
          "li",
          {
            class: index === active ? "match active" : "match",
            attrs: { role: "option", "aria-selected": index === active },
            on: {
              mousedown: (event) => {
                event.preventDefault();
                pick(person);
              },
            },
          },
          h("strong", null, person.displayName),
          h("span", { class: "muted" }, ` ${workLine(person.role, person.company)}`),
        ),
      ),
    );
  }

  function pick(person: PersonSummaryDto): void {
    chosen = { id: person.id, displayName: person.displayName };
    input.value = person.displayName;
    matches = [];
    show();
    options.onPick?.(chosen);
  }

  input.addEventListener("input", async () => {
    chosen = null;
    const mine = ++seq;
    if (!input.value.trim()) {
      matches = [];
      show();
      return;
    }
    try {
      const page = await api.people(input.value, 0, 8);
      if (mine !== seq) return;
      matches = page.people.filter((p) => p.id !== options.exclude);
      active = 0;
      show();
    } catch (error) {
      showError(error);
    }
  });
  input.addEventListener("keydown", (event) => {
    if (matches.length === 0) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      active = (active + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      show();
    } else if (event.key === "Enter") {
      event.preventDefault();
      pick(matches[active]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      matches = [];
      show();
    }
  });

  return {
    el: h("div", { class: "picker" }, h("label", null, options.label, input), list),
    input,
    chosen: () => chosen,
  };
}
