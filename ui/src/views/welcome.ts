// The first-run state: what Kith is, and two ways to start.

import { api } from "../ipc/api";
import { appState } from "../app-state";
import { h } from "../dom";
import { navigate } from "../navigate";
import { showError, toast } from "./toast";

export function welcome(onLoaded: () => void): HTMLElement {
  const loadButton = h("button", { class: "button", attrs: { type: "button", id: "load-sample" } }, "Load a sample network");
  loadButton.addEventListener("click", async () => {
    loadButton.disabled = true;
    try {
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
        { class: "button primary", attrs: { type: "button", id: "welcome-add" }, on: { click: () => navigate({ view: "new-person" }) } },
        "Add a person",
      ),
      loadButton,
    ),
    h("p", { class: "muted" }, "The sample network is invented people, clearly marked, and removable in one click."),
  );
}
