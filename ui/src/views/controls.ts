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

/** A labelled switch with a hint; `onChange` saves the new value (the
 * switch is disabled meanwhile, and flips back on an error). */
export function toggle(id: string, label: string, hint: string, checked: boolean, onChange: (value: boolean) => Promise<void>): HTMLElement {
  const input = h("input", { attrs: { type: "checkbox", id, checked, role: "switch" } });
  input.addEventListener("change", async () => {
    input.disabled = true;
    try {
      await onChange(input.checked);
    } catch (error) {
      input.checked = !input.checked;
      showError(error);
    } finally {
      input.disabled = false;
    }
  });
  return h("div", { class: "setting" }, h("label", { class: "checkbox", attrs: { for: id } }, input, ` ${label}`), h("p", { class: "muted small" }, hint));
}

/** A labelled input: the label's row and the input. */
export function labelledInput(id: string, label: string, attrs: Record<string, string | boolean>): { row: HTMLElement; input: HTMLInputElement } {
  const input = h("input", { attrs: { id, name: id, ...attrs } });
  return { row: h("label", { attrs: { for: id } }, label, input), input };
}

/** Sends `form` through `send`, its `submit` button disabled and saying
 * `busy` meanwhile; an error is shown and what was typed stays. */
export function onSubmit(form: HTMLFormElement, submit: HTMLButtonElement, busy: string, send: () => Promise<void>): void {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const label = submit.textContent;
    submit.disabled = true;
    submit.textContent = busy;
    try {
      await send();
    } catch (error) {
      showError(error);
    } finally {
      submit.disabled = false;
      submit.textContent = label;
    }
  });
}
