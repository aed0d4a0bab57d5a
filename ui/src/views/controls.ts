// Small controls several views share.

import { h } from "../dom";
import { showError } from "./toast";

/** A small button that runs `run` once at a time (disabled meanwhile) and
 * shows any error. */
export function actionButton(id: string, label: string, run: () => Promise<void>, primary = false): HTMLButtonElement {
  const b = h("button", { class: primary ? "button small primary" : "button small", attrs: { type: "button", id } }, label);
  b.addEventListener("click", async () => {
    b.disabled = true;
    try {
      await run();
    } catch (error) {
      showError(error);
    } finally {
      b.disabled = false;
    }
  });
  return b;
}
