// Modal dialogs on the native <dialog> element: focus is trapped, Esc
// closes, and closing removes the element.

import { h } from "../dom";
import { showError } from "./toast";

export interface Dialog {
  el: HTMLDialogElement;
  body: HTMLElement;
  /** Shows the dialog modally, with focus on `focus` (else the first control). */
  show(focus?: HTMLElement): void;
  close(): void;
}

/** Builds a dialog; fill `body`, then call `show`. Focus is placed
 * synchronously, so keys typed right after opening land where intended. */
export function openDialog(title: string, options: { wide?: boolean } = {}): Dialog {
  const body = h("div", { class: "dialog-body" });
  const closeButton = h("button", { class: "icon-button", attrs: { type: "button", "aria-label": "Close" } }, "×");
  const el = h(
    "dialog",
    { class: options.wide ? "dialog dialog-wide" : "dialog", attrs: { "aria-label": title } },
    h("header", { class: "dialog-header" }, h("h2", null, title), closeButton),
    body,
  );
  const close = () => {
    if (el.open) el.close();
  };
  closeButton.addEventListener("click", close);
  el.addEventListener("close", () => el.remove());
  el.addEventListener("click", (event) => {
    if (event.target === el) close();
  });
  const show = (focus?: HTMLElement) => {
    document.body.append(el);
    el.showModal();
    focus?.focus();
  };
  return { el, body, show, close };
}

/** Asks before something that cannot be undone: `body`, a danger button
 * `label` (id `id`) and Cancel. The button runs `act`, which closes the
 * dialog with `close` once it has done it; an error is shown and the
 * dialog stays. */
export function confirmDanger(title: string, id: string, label: string, body: Node[], act: (close: () => void) => Promise<void>): void {
  const dialog = openDialog(title);
  const go = h("button", { class: "button danger", attrs: { type: "button", id } }, label);
  go.addEventListener("click", async () => {
    go.disabled = true;
    try {
      await act(dialog.close);
    } catch (error) {
      go.disabled = false;
      showError(error);
    }
  });
  dialog.body.append(...body, h("div", { class: "actions" }, go, h("button", { class: "button", attrs: { type: "button" }, on: { click: () => dialog.close() } }, "Cancel")));
  dialog.show(go);
}
