// A button that takes a suggested step through its channel: the person's
// profile, an e-mail drafted with the suggested text, or a call. Kith
// opens it from Rust (open_identity); the window names the identity only.

import { api, type ReachDto } from "../ipc/api";
import { h } from "../dom";
import { showError } from "./toast";

/** The button for `reach` (none when Kith knows no way to reach them). */
export function reachButton(personId: number, reach: ReachDto | null, draft: string | null, before: () => Promise<void>, opened: () => void): HTMLElement | null {
  if (!reach) return null;
  return h(
    "button",
    {
      class: "button small reach",
      attrs: { type: "button", title: reach.how === "email" && draft ? "Starts an e-mail with the suggested text" : "" },
      dataset: { how: reach.how },
      on: {
        click: async () => {
          try {
            await before();
            await api.openIdentity(personId, reach.identity, reach.how, null, reach.how === "email" ? draft : null);
            opened();
          } catch (error) {
            showError(error);
          }
        },
      },
    },
    reach.label,
  );
}
