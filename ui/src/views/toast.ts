// Short messages at the bottom of the window: what happened, or what went
// wrong in words the user can act on.

import { KithError } from "../ipc/api";
import { h } from "../dom";

let region: HTMLElement | null = null;

function host(): HTMLElement {
  if (!region) {
    region = h("div", { class: "toasts", attrs: { role: "status", "aria-live": "polite" } });
    document.body.append(region);
  }
  return region;
}

/** Toasts on screen at once; a new one retires the oldest. */
const MAX_TOASTS = 3;

/** Something the user can do about what a toast says (e.g. Undo). */
export interface ToastAction {
  label: string;
  run: () => Promise<void>;
}

export function toast(message: string, tone: "info" | "error" = "info", action?: ToastAction): void {
  const el = h("div", { class: `toast toast-${tone}` }, message);
  if (action) {
    const button = h("button", { class: "toast-action", attrs: { type: "button" } }, action.label);
    button.addEventListener("click", async () => {
      button.disabled = true;
      el.remove();
      try {
        await action.run();
      } catch (error) {
        showError(error);
      }
    });
    el.append(" ", button);
  }
  const region = host();
  region.append(el);
  while (region.childElementCount > MAX_TOASTS) region.firstElementChild?.remove();
  // Long enough to read and reach for an action.
  setTimeout(() => el.remove(), tone === "error" ? 7000 : action ? 10000 : 3500);
}

/** Shows an error from a command plainly. */
export function showError(error: unknown): void {
  if (error instanceof KithError && error.kind === "damaged") {
    // The recovery screen says what is wrong and offers the way out.
    location.hash = "#/recovery";
    return;
  }
  const message = error instanceof KithError ? error.message : String(error);
  const prefix = error instanceof KithError && error.kind === "storage_full" ? "Not saved: " : "";
  toast(prefix + message, "error");
}

/** Runs an action, says `message` when it worked (or the error when not),
 * then refreshes with `reload`. */
export async function act(work: () => Promise<unknown>, message: string, reload: () => Promise<void>): Promise<void> {
  try {
    await work();
    toast(message);
    await reload();
  } catch (error) {
    showError(error);
  }
}
