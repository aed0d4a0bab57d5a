// Splitting a person in two: choose the identities, notes, touches and
// follow-ups that belong to someone else, name them, and they become a new
// person. Undo (on the toast) folds them back.

import { api, type FollowUpDto, type PersonDto, type TouchDto } from "../ipc/api";
import { h } from "../dom";
import { humanize } from "../logic/format";
import { splitLabel, splitProblem, type SplitChoice } from "../logic/split";
import { navigate } from "../navigate";
import { openDialog } from "./dialog";
import { showError, toast } from "./toast";

interface Group {
  key: "identities" | "notes" | "touches" | "followUps";
  title: string;
  items: Array<{ id: number; label: string }>;
}

export function openSplit(person: PersonDto, touches: TouchDto[], followUps: FollowUpDto[]): void {
  const dialog = openDialog(`Split ${person.displayName}`, { wide: true });
  const groups: Group[] = [
    { key: "identities", title: "Identities", items: person.identities.flatMap((i) => (i.id === undefined ? [] : [{ id: i.id, label: `${humanize(i.kind)}: ${i.value}` }])) },
    { key: "notes", title: "Notes", items: person.notes.map((n) => ({ id: n.id, label: n.body.length > 120 ? `${n.body.slice(0, 120)}…` : n.body })) },
    {
      key: "touches",
      title: "Touches",
      items: touches.map((t) => ({ id: t.id, label: `${new Date(t.at).toLocaleDateString()} · ${humanize(t.kind)} via ${humanize(t.channel)}${t.summary ? ` · ${t.summary}` : ""}` })),
    },
    { key: "followUps", title: "Follow-ups", items: followUps.filter((f) => f.status === "open").map((f) => ({ id: f.id, label: f.what })) },
  ];
  const name = h("input", { attrs: { name: "name", required: true, maxlength: 200, autocomplete: "off", id: "split-name" } });
  const problem = h("p", { class: "form-error", attrs: { role: "alert", id: "split-problem" } });
  const submit = h("button", { class: "button primary", attrs: { type: "submit", id: "split-submit" } }, "Split");
  const form = h(
    "form",
    { class: "form", attrs: { id: "split-form", novalidate: true } },
    h("p", { class: "muted" }, "Choose what belongs to someone else. It moves to a new person; everything else stays."),
    h("label", null, "The other person's name", name),
    ...groups
      .filter((g) => g.items.length > 0)
      .map((g) =>
        h(
          "fieldset",
          { class: "split-group" },
          h("legend", null, g.title),
          ...g.items.map((item) =>
            h("label", { class: "checkbox" }, h("input", { attrs: { type: "checkbox", name: g.key, value: String(item.id) } }), ` ${item.label}`),
          ),
        ),
      ),
    problem,
    h("div", { class: "form-actions" }, h("button", { class: "button", attrs: { type: "button" }, on: { click: () => dialog.close() } }, "Cancel"), submit),
  );
  const chosen = (key: Group["key"]) => Array.from(form.querySelectorAll<HTMLInputElement>(`input[name="${key}"]:checked`), (i) => Number(i.value));
  const choice = (): SplitChoice => ({ name: name.value, identities: chosen("identities").length, notes: chosen("notes").length, touches: chosen("touches").length, followUps: chosen("followUps").length });
  const update = () => {
    submit.textContent = splitLabel(choice());
    problem.textContent = "";
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const trouble = splitProblem(choice());
    if (trouble) {
      problem.textContent = trouble;
      return;
    }
    submit.disabled = true;
    try {
      const split = await api.splitPerson(person.id, {
        name: name.value.trim(),
        identities: chosen("identities"),
        notes: chosen("notes"),
        touches: chosen("touches"),
        followUps: chosen("followUps"),
      });
      dialog.close();
      toast(`${split.created.displayName} is now a person of their own.`, "info", {
        label: "Undo",
        run: async () => {
          await api.undoSplit(split.id);
          toast(`Folded back into ${split.source.displayName}.`);
          navigate({ view: "person", id: split.source.id });
        },
      });
      navigate({ view: "person", id: split.created.id });
    } catch (error) {
      submit.disabled = false;
      showError(error);
    }
  });
  dialog.body.append(form);
  update();
  dialog.show(name);
}
