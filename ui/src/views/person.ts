// A person's page: who they are, what is planned, notes, and the timeline
// of every touch.

import {
  api,
  KithError,
  type FollowUpDto,
  type IntroductionDto,
  type LinkDto,
  type LedgerDto,
  type NeedDto,
  type IdentityDto,
  type PersonDto,
  type PromptDto,
  type TopicDto,
  type TouchDto,
} from "../ipc/api";
import { field, h, replace } from "../dom";
import { dueLabel, humanize, relativeTime, workLine } from "../logic/format";
import { personPhoto } from "./person-photo";
import { touchDetail } from "../logic/mail";
import { stageLabel, stageRank } from "../logic/stage";
import { navigate, type View, lifecycle } from "../navigate";
import { openFollowUpForm } from "./follow-up-form";
import { openQuickLog } from "./quick-log";
import { act, showError, toast } from "./toast";
import { restoreHint } from "../logic/trash";
import { openSplit } from "./split";
import { appState } from "../app-state";
import { openDialog } from "./dialog";
import { introductionsCard, ledgerCard, needsCard, promptsCard, topicsCard } from "./person-helping";
import { linksCard } from "./person-links";
import { neighbourhoodCard } from "./neighbourhood";
import { datesCard } from "./person-dates";

/** What each kind of identity can do, in the order offered. */
const IDENTITY_ACTIONS: Record<string, Array<[how: string, label: string]>> = {
  email: [["email", "E-mail"]],
  phone: [["call", "Call"], ["text", "Text"]],
  linkedin: [["open", "Open"]],
  x: [["open", "Open"]],
  facebook: [["open", "Open"]],
  instagram: [["open", "Open"]],
  website: [["open", "Open"]],
};

/** Reaching someone is worth logging: e-mails, calls and texts offer it. */
const LOGGED_AFTER = new Set(["email", "call", "text"]);

function identityRow(person: PersonDto, identity: IdentityDto, reload: () => void): HTMLElement {
  // The window never opens a link itself: Kith builds the link from the
  // stored identity and checks it before the system opens it.
  const act = (how: string) => async () => {
    try {
      if (identity.id == null) return;
      await api.openIdentity(person.id, identity.id, how);
      if (LOGGED_AFTER.has(how)) {
        toast(`Did you reach ${person.displayName}?`, "info", {
          label: "Log it",
          run: async () => openQuickLog({ person: { id: person.id, displayName: person.displayName }, onSaved: reload }),
        });
      }
    } catch (error) {
      showError(error);
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(identity.value);
      toast("Copied.");
    } catch {
      toast("Could not copy; select it and copy it yourself.", "error");
    }
  };
  const button = (label: string, action: () => Promise<void>, how: string) =>
    h("button", { class: "button small", attrs: { type: "button", "data-how": how }, on: { click: () => void action() } }, label);
  return h(
    "li",
    { class: "identity", dataset: { kind: identity.kind } },
    h("span", { class: "muted label" }, humanize(identity.kind)),
    " ",
    h("span", { class: "handle" }, identity.value),
    h(
      "span",
      { class: "identity-actions" },
      ...(IDENTITY_ACTIONS[identity.kind] ?? []).map(([how, label]) => button(label, act(how), how)),
      button("Copy", copy, "copy"),
    ),
  );
}

export function mountPerson(id: number): View {
  const el = h("section", { class: "view person", attrs: { "aria-busy": "true" } });
  const life = lifecycle();

  async function load(): Promise<void> {
    try {
      const [person, touches, followUps, topics, needs, ledger, prompts, intros, links] = await Promise.all([
        api.person(id),
        api.touches(id),
        api.followUps(id),
        api.topics(id),
        api.needs(id),
        api.ledger(id),
        api.prompts(id),
        api.introductions(id),
        api.links(id),
      ]);
      if (!life.alive()) return;
      render(person, touches, followUps, { topics, needs, ledger, prompts, intros, links });
      el.removeAttribute("aria-busy");
    } catch (error) {
      if (error instanceof KithError && error.kind === "not_found") {
        replace(el, h("p", { class: "empty" }, "This person is no longer in Kith."));
        return;
      }
      showError(error);
    }
  }

  const remove = (work: () => Promise<unknown>, message: string) => act(work, message, load);

  function confirmDelete(person: PersonDto): void {
    const dialog = openDialog(`Delete ${person.displayName}?`);
    dialog.body.append(
      h("p", null, `${person.displayName} moves to the trash with their touches, notes and follow-ups. ${restoreHint(appState.get().info?.trashDays)}`),
      h(
        "div",
        { class: "form-actions" },
        h("button", { class: "button", attrs: { type: "button" }, on: { click: () => dialog.close() } }, "Keep"),
        h(
          "button",
          {
            class: "button danger",
            attrs: { type: "button", id: "confirm-delete" },
            on: {
              click: async () => {
                try {
                  const entry = await api.deletePerson(person.id);
                  dialog.close();
                  toast(`${person.displayName} moved to the trash.`, "info", {
                    label: "Undo",
                    run: async () => {
                      const restored = await api.restorePerson(entry.id);
                      toast(`${entry.displayName} restored.`);
                      navigate({ view: "person", id: restored.personId });
                    },
                  });
                  navigate({ view: "people" });
                } catch (error) {
                  showError(error);
                }
              },
            },
          },
          "Delete",
        ),
      ),
    );
    dialog.show();
  }

  /** Writes (or rewrites) the note their contact card carries. */
  function editCardNote(person: PersonDto): void {
    const current = person.notes.find((n) => n.onCard)?.body ?? "";
    const dialog = openDialog("Contact card note");
    const text = h("textarea", { attrs: { name: "body", rows: 6, "aria-label": "Contact card note", maxlength: 100000 } });
    text.value = current;
    const save = h("button", { class: "button primary", attrs: { type: "submit", id: "save-card-note" } }, "Save");
    const form = h(
      "form",
      null,
      h("p", { class: "muted small" }, "The note on their contact card: synced both ways with your phone's and other apps' contacts. Kith's other notes stay in Kith."),
      text,
      h("div", { class: "form-actions" }, h("button", { class: "button", attrs: { type: "button" }, on: { click: () => dialog.close() } }, "Cancel"), save),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      save.disabled = true;
      try {
        await api.setCardNote(person.id, text.value.trim() === "" ? null : text.value);
        dialog.close();
        await load();
      } catch (error) {
        save.disabled = false;
        showError(error);
      }
    });
    dialog.body.append(form);
    dialog.show(text);
  }

  /** What the page's cards about them hold besides their details. */
  interface AboutThem {
    topics: TopicDto[];
    needs: NeedDto[];
    ledger: LedgerDto;
    prompts: PromptDto[];
    intros: IntroductionDto[];
    links: LinkDto[];
  }

  function render(person: PersonDto, touches: TouchDto[], followUps: FollowUpDto[], rel: AboutThem): void {
    const now = new Date();
    const open = followUps.filter((f) => f.status === "open");
    const noteForm = h(
      "form",
      { class: "note-form", attrs: { id: "note-form" } },
      h("textarea", { attrs: { name: "body", rows: 2, placeholder: "Add a note: what matters to them, what you talked about…", "aria-label": "New note", maxlength: 100000 } }),
      h("button", { class: "button small", attrs: { type: "submit" } }, "Add note"),
    );
    noteForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = field(noteForm, "body");
      if (!body) return;
      try {
        await api.addNote(person.id, body);
        await load();
      } catch (error) {
        showError(error);
      }
    });

    const details = [
      ...person.identities.map((i) => identityRow(person, i, () => void load())),
      person.howMet ? h("li", null, h("span", { class: "muted label" }, "Met"), " ", person.howMet) : null,
      person.whereMet ? h("li", null, h("span", { class: "muted label" }, "Where"), " ", person.whereMet) : null,
      person.introducedBy
        ? h("li", null, h("span", { class: "muted label" }, "Introduced by"), " ", h("a", { attrs: { href: `#/person/${person.introducedBy.id}` } }, person.introducedBy.displayName))
        : null,
      person.cadenceDays ? h("li", null, h("span", { class: "muted label" }, "Keep in touch"), ` every ${person.cadenceDays} days`) : null,
    ].filter((x): x is HTMLElement => x !== null);

    replace(
      el,
      h(
        "header",
        { class: "person-header" },
        personPhoto(person.id, person.displayName),
        h(
          "div",
          { class: "person-title" },
          h(
            "h1",
            { attrs: { id: "person-name" } },
            person.displayName,
            person.isSample ? h("span", { class: "tag sample" }, "sample") : null,
            person.deceased ? h("span", { class: "tag deceased", attrs: { id: "person-deceased-tag" } }, "deceased") : null,
          ),
          h("p", { class: "muted" }, workLine(person.role, person.company)),
          h(
            "p",
            { class: "person-tags" },
            h("span", { class: `stage stage-${stageRank(person.stage)}`, attrs: { id: "person-stage" } }, stageLabel(person.stage)),
            ...person.tags.map((tag) => h("span", { class: "tag" }, tag)),
          ),
        ),
        h(
          "div",
          { class: "person-actions" },
          h(
            "button",
            { class: "button primary", attrs: { type: "button", id: "log-touch" }, on: { click: () => openQuickLog({ person, onSaved: () => void load() }) } },
            "Log a touch",
          ),
          h(
            "button",
            {
              class: "button",
              attrs: { type: "button", id: "add-follow-up" },
              on: { click: () => openFollowUpForm({ personId: person.id, personName: person.displayName, topics: rel.topics }, () => void load()) },
            },
            "Add follow-up",
          ),
          h("button", { class: "button ghost", attrs: { type: "button", id: "edit-person" }, on: { click: () => navigate({ view: "edit-person", id: person.id }) } }, "Edit"),
          h(
            "button",
            {
              class: "button ghost",
              attrs: { type: "button", id: "export-vcard" },
              on: {
                click: async () => {
                  try {
                    const saved = await api.exportToFile("vcard", [person.id]);
                    if (saved) toast(`Saved ${saved}`);
                  } catch (error) {
                    showError(error);
                  }
                },
              },
            },
            "vCard",
          ),
          h("button", { class: "button ghost", attrs: { type: "button", id: "split-person", title: "Move part of this record to a new person" }, on: { click: () => openSplit(person, touches, followUps) } }, "Split…"),
          h("button", { class: "button ghost danger", attrs: { type: "button", id: "delete-person" }, on: { click: () => confirmDelete(person) } }, "Delete"),
        ),
      ),
      h(
        "div",
        { class: "person-grid" },
        h(
          "div",
          { class: "column" },
          promptsCard(person, rel.prompts, load),
          h("section", { class: "card" }, h("h2", null, "Details"), details.length ? h("ul", { class: "details" }, ...details) : h("p", { class: "muted" }, "No details yet.")),
          h(
            "section",
            { class: "card", attrs: { id: "person-follow-ups" } },
            h("h2", null, "Follow-ups"),
            open.length === 0
              ? h("p", { class: "muted" }, "Nothing planned.")
              : h(
                  "ul",
                  { class: "plain" },
                  ...open.map((f) =>
                    h(
                      "li",
                      { class: "mini-follow-up" },
                      h("span", null, f.what),
                      f.topic ? h("span", { class: "tag" }, f.topic) : null,
                      h("span", { class: "muted" }, ` · ${dueLabel(f.dueAt, now)}`),
                      h(
                        "button",
                        {
                          class: "button small ghost",
                          attrs: { type: "button" },
                          on: { click: () => act(() => api.completeFollowUp(f.id), "Marked done.", load) },
                        },
                        "Done",
                      ),
                    ),
                  ),
                ),
          ),
          datesCard(person, load),
          topicsCard(person, rel.topics, load, now),
          h(
            "section",
            { class: "card" },
            h("h2", null, "Notes"),
            noteForm,
            h(
              "ul",
              { class: "plain notes" },
              ...person.notes.map((n) =>
                h(
                  "li",
                  n.onCard ? { class: "card-note", attrs: { id: "card-note" } } : null,
                  n.onCard ? h("p", { class: "muted small label" }, "On the contact card") : null,
                  h("p", { class: "note-body" }, n.body),
                  h(
                    "p",
                    { class: "muted small item-meta" },
                    relativeTime(n.createdAt, now),
                    n.onCard
                      ? h("button", { class: "link-button", attrs: { type: "button", id: "edit-card-note" }, on: { click: () => editCardNote(person) } }, "Edit")
                      : null,
                    h(
                      "button",
                      { class: "link-button", attrs: { type: "button", "aria-label": "Delete note" }, on: { click: () => remove(() => (n.onCard ? api.setCardNote(person.id, null) : api.deleteNote(n.id)), "Note deleted.") } },
                      "Delete",
                    ),
                  ),
                ),
              ),
            ),
            person.notes.some((n) => n.onCard)
              ? null
              : h("button", { class: "link-button", attrs: { type: "button", id: "add-card-note" }, on: { click: () => editCardNote(person) } }, "Write a note for their contact card"),
          ),
        ),
        h(
          "div",
          { class: "column" },
          neighbourhoodCard(person, rel.links.length),
          linksCard(person, rel.links, load),
          needsCard(person, rel.needs, load),
          ledgerCard(person, rel.ledger, load, now),
          introductionsCard(person, rel.intros),
          timeline(touches, now),
        ),
      ),
    );
  }

  function timeline(touches: TouchDto[], now: Date): HTMLElement {
    return h(
      "section",
      { class: "card timeline", attrs: { id: "timeline" } },
      h("h2", null, "Timeline"),
      touches.length === 0
        ? h("p", { class: "muted" }, "No touches yet. Log the first one: a note, a comment, a message or a call.")
        : h(
            "ol",
            { class: "plain touches" },
            ...touches.map((t) =>
              h(
                "li",
                { class: `touch touch-${t.kind}` },
                h("span", { class: "touch-kind" }, humanize(t.kind)),
                h("span", { class: "muted" }, ` ${touchDetail(t)} · ${relativeTime(t.at, now)}`),
                t.summary ? h("p", { class: "touch-summary" }, t.summary) : null,
                h("button", { class: "link-button", attrs: { type: "button", "aria-label": "Delete touch" }, on: { click: () => remove(() => api.deleteTouch(t.id), "Touch deleted.") } }, "Delete"),
              ),
            ),
          ),
);
  }

  return life.view(el, load);
}
