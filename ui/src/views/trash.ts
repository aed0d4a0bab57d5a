// The trash in Settings: people deleted recently, each with Restore. How
// long they stay, and the purge, are the core's.

import { api } from "../ipc/api";
import { h, replace } from "../dom";
import { purgeLabel } from "../logic/trash";
import { navigate } from "../navigate";
import { showError, toast } from "./toast";

export function trashCard(days: number): HTMLElement {
  const list = h("ul", { class: "plain trash", attrs: { id: "trash-list" } });
  const card = h(
    "section",
    { class: "card", attrs: { id: "trash", "aria-label": "Trash" } },
    h("h2", null, "Trash"),
    h("p", { class: "muted small" }, `Deleted people stay here with everything of theirs for ${days} days, then they are removed for good.`),
    list,
  );

  async function load(): Promise<void> {
    try {
      const entries = await api.trash();
      const now = new Date();
      if (entries.length === 0) {
        replace(list, h("li", { class: "muted" }, "The trash is empty."));
        return;
      }
      replace(
        list,
        ...entries.map((entry) =>
          h(
            "li",
            { class: "trash-entry", dataset: { trash: String(entry.id) } },
            h("strong", null, entry.displayName),
            h("span", { class: "muted small" }, ` deleted ${new Date(entry.deletedAt).toLocaleDateString()}, ${purgeLabel(entry, now)} `),
            h(
              "button",
              {
                class: "button small",
                attrs: { type: "button" },
                on: {
                  click: async () => {
                    try {
                      const restored = await api.restorePerson(entry.id);
                      toast(restored.lost > 0 ? `${entry.displayName} restored; ${restored.lost} links to people deleted since could not come back.` : `${entry.displayName} restored.`);
                      navigate({ view: "person", id: restored.personId });
                    } catch (error) {
                      showError(error);
                      await load();
                    }
                  },
                },
              },
              "Restore",
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
