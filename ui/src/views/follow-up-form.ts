// The follow-up dialog: what to follow up on, when (local time, floating or
// pinned to this zone), and whether it repeats. Also edits and drops.

import { api, type FollowUpDto, type TopicDto } from "../ipc/api";
import { appState } from "../app-state";
import { field, h } from "../dom";
import { followUpInput } from "../logic/forms";
import { toLocalInput } from "../logic/format";
import { openDialog } from "./dialog";
import { showError, toast } from "./toast";

export interface FollowUpTarget {
  personId: number;
  personName: string;
  editing?: FollowUpDto;
  /** The person's current topics, to pick what the follow-up is about. */
  topics?: TopicDto[];
}

const REPEATS: Array<[string, string]> = [
  ["", "Does not repeat"],
  ["1d", "Every day"],
  ["1w", "Every week"],
  ["2w", "Every 2 weeks"],
  ["1m", "Every month"],
  ["3m", "Every 3 months"],
  ["6m", "Every 6 months"],
  ["12m", "Every year"],
];

/** The default due time: tomorrow at 09:00. */
function tomorrowMorning(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0);
}

export function openFollowUpForm(target: FollowUpTarget, onSaved: () => void): void {
  const editing = target.editing;
  const zone = appState.get().info?.timeZone ?? "UTC";
  const dialog = openDialog(editing ? "Edit follow-up" : `Follow up with ${target.personName}`);
  const errors = h("p", { class: "form-error", attrs: { role: "alert" } });
  const due = h("input", {
    attrs: {
      type: "datetime-local",
      name: "due",
      required: true,
      value: editing ? editing.dueLocal.slice(0, 16) : toLocalInput(tomorrowMorning(new Date())),
    },
  });
  const pinned = h("input", { attrs: { type: "checkbox", name: "pinned", checked: Boolean(editing?.dueZone) } });
  const repeat = h(
    "select",
    { attrs: { name: "repeat" } },
    ...REPEATS.map(([value, label]) => h("option", { attrs: { value, selected: (editing?.repeat ?? "") === value } }, label)),
  );
  const topics = (target.topics ?? []).filter((t) => t.closedAt === null || t.id === editing?.topicId);
  const topic = h(
    "select",
    { attrs: { name: "topic" } },
    h("option", { attrs: { value: "", selected: !editing?.topicId } }, "Nothing in particular"),
    ...topics.map((t) => h("option", { attrs: { value: String(t.id), selected: editing?.topicId === t.id } }, t.text)),
  );
  const form = h(
    "form",
    { class: "form", attrs: { id: "follow-up-form", novalidate: true } },
    h("label", null, "What to follow up on", h("input", {
      attrs: { name: "what", required: true, maxlength: 1000, placeholder: "Ask how the new job is going", value: editing?.what ?? "" },
    })),
    h("label", null, "When", due),
    h("label", { class: "checkbox" }, pinned, ` Keep this at ${zone} time even when I travel`),
    h("label", null, "Repeat", repeat),
    topics.length > 0 ? h("label", null, "About what matters to them", topic) : null,
    errors,
    h(
      "div",
      { class: "form-actions" },
      editing
        ? h("button", { class: "button danger ghost", attrs: { type: "button" }, on: { click: () => void drop() } }, "Drop follow-up")
        : null,
      h("button", { class: "button", attrs: { type: "button" }, on: { click: () => dialog.close() } }, "Cancel"),
      h("button", { class: "button primary", attrs: { type: "submit" } }, editing ? "Save" : "Add follow-up"),
    ),
  );

  async function drop(): Promise<void> {
    if (!editing) return;
    try {
      await api.dropFollowUp(editing.id);
      toast("Follow-up dropped.");
      dialog.close();
      onSaved();
    } catch (error) {
      showError(error);
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = followUpInput({
      personId: target.personId,
      what: field(form, "what"),
      due: field(form, "due"),
      fixedZone: pinned.checked ? (editing?.dueZone ?? zone) : null,
      repeat: field(form, "repeat"),
      topicId: topic.value ? Number(topic.value) : null,
    });
    if (!result.ok) {
      errors.textContent = Object.values(result.errors).join(" ");
      return;
    }
    try {
      if (editing) await api.updateFollowUp(editing.id, result.value);
      else await api.createFollowUp(result.value);
      toast(editing ? "Follow-up saved." : "Follow-up added.");
      dialog.close();
      onSaved();
    } catch (error) {
      errors.textContent = error instanceof Error ? error.message : String(error);
    }
  });
  dialog.body.append(form);
  dialog.show(form.querySelector<HTMLInputElement>("input[name=what]") ?? undefined);
}
