// The welcome queue: one new connection at a time, a personal reply drafted
// from a template, and one key each to acknowledge (copy the reply and log
// it), keep in touch every 90 days, or set aside for now.

import { api, type PersonDto, type QueueEntryDto } from "../ipc/api";
import { h, replace } from "../dom";
import { relativeTime, workLine } from "../logic/format";
import { TRIAGE_CADENCE_DAYS, triageKey, unedited } from "../logic/queue";
import { navigate, type View, lifecycle } from "../navigate";
import { showError, toast } from "./toast";

/** Where a reply to a new connection is sent, most likely first. */
const PROFILES: Record<string, string> = { linkedin: "LinkedIn", x: "X", facebook: "Facebook", instagram: "Instagram" };

export function mountQueue(): View {
  const el = h("section", { class: "view queue" });
  let entries: QueueEntryDto[] = [];
  let total = 0;
  let index = 0;
  let template = 0;
  const life = lifecycle();
  let card: HTMLElement | null = null;

  async function load(): Promise<void> {
    try {
      const page = await api.queue(0, 200);
      if (!life.alive()) return;
      entries = page.entries;
      total = page.total;
      index = Math.min(index, Math.max(0, entries.length - 1));
      render();
    } catch (error) {
      showError(error);
    }
  }

  function render(): void {
    const entry = entries[index];
    if (!entry) {
      card = null;
      replace(
        el,
        h("h1", null, "Welcome queue"),
        h("div", { class: "empty", attrs: { id: "queue-empty" } }, h("p", null, "Everyone who connected has had a personal reply. Nicely done."),
          h("button", { class: "button", attrs: { type: "button" }, on: { click: () => navigate({ view: "people" }) } }, "See people")),
      );
      return;
    }
    const draft = entry.drafts[template] ?? entry.drafts[0];
    const message = h("textarea", { attrs: { id: "queue-message", rows: 5, "aria-label": "Personal reply", maxlength: 100000 } });
    message.value = draft?.text ?? "";
    const warning = h("p", { class: "warning", attrs: { id: "queue-warning", role: "status" } });
    const checkGeneric = () => {
      warning.textContent = draft && unedited(message.value, draft.text) ? "This reads like the generic text. A line about them makes it personal." : "";
    };
    message.addEventListener("input", checkGeneric);
    message.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void acknowledge(entry, message.value);
      } else if (event.key === "Escape") {
        card?.focus();
      }
    });
    checkGeneric();
    const templates = h(
      "select",
      { attrs: { id: "queue-template", "aria-label": "Template" } },
      ...entry.drafts.map((d, i) => h("option", { attrs: { value: String(i), selected: i === template } }, d.templateName)),
    );
    templates.addEventListener("change", () => {
      template = Number(templates.value);
      render();
    });
    card = h(
      "article",
      { class: "card queue-card", attrs: { tabindex: "0", id: "queue-card", "aria-label": `${entry.displayName}, waiting for a reply` } },
      h("p", { class: "muted small" }, `${index + 1} of ${total} · connected ${relativeTime(entry.connectedAt, new Date())}`),
      h("h2", { class: "queue-name" }, h("a", { attrs: { href: `#/person/${entry.personId}` } }, entry.displayName)),
      h("p", { class: "muted" }, workLine(entry.role, entry.company)),
      h("div", { class: "queue-template" }, h("label", { attrs: { for: "queue-template" } }, "Draft from "), templates),
      message,
      warning,
      h(
        "div",
        { class: "form-actions" },
        h("button", { class: "button", attrs: { type: "button", id: "queue-not-now" }, on: { click: () => void notNow(entry) } }, h("kbd", null, "N"), " Not now"),
        h("button", { class: "button", attrs: { type: "button", id: "queue-keep" }, on: { click: () => void keepInTouch(entry) } }, h("kbd", null, "K"), ` Keep in touch every ${TRIAGE_CADENCE_DAYS} days`),
        h("button", { class: "button primary", attrs: { type: "button", id: "queue-acknowledge" }, on: { click: () => void acknowledge(entry, message.value) } }, h("kbd", null, "A"), " Copy reply and mark acknowledged"),
      ),
    );
    offerProfile(entry, card.querySelector(".form-actions"), () => message.value);
    card.addEventListener("keydown", (event) => {
      if (event.target !== card || event.ctrlKey || event.metaKey || event.altKey) return;
      const action = triageKey(event.key);
      if (!action) return;
      event.preventDefault();
      if (action === "acknowledge") void acknowledge(entry, message.value);
      else if (action === "keep-in-touch") void keepInTouch(entry);
      else if (action === "not-now") void notNow(entry);
      else if (action === "edit") message.focus();
      else if (action === "next") move(1);
      else move(-1);
    });
    replace(el, h("h1", null, "Welcome queue", h("span", { class: "count" }, String(total))), h("p", { class: "muted" }, "New connections waiting for a personal reply. A copies the reply for you to send on the network and logs it; K keeps in touch; N sets them aside."), card);
    card.focus();
  }

  function move(by: number): void {
    index = Math.max(0, Math.min(entries.length - 1, index + by));
    render();
  }

  async function done(work: () => Promise<unknown>, message: string): Promise<void> {
    try {
      await work();
      toast(message);
      await load();
    } catch (error) {
      showError(error);
    }
  }

  const people = new Map<number, Promise<PersonDto>>();

  async function acknowledge(entry: QueueEntryDto, message: string, profile?: number): Promise<void> {
    if (!message.trim()) {
      showError("Write the reply first.");
      return;
    }
    try {
      await navigator.clipboard.writeText(message);
    } catch {
      toast("Could not copy the reply; select it and copy it yourself.", "error");
    }
    if (profile !== undefined) {
      // Kith opens the stored profile (checked) where the reply is sent;
      // it is logged only once the profile opened.
      try {
        await api.openIdentity(entry.personId, profile, "open");
      } catch (error) {
        showError(error);
        return;
      }
    }
    await done(() => api.acknowledge(entry.personId, message), `Reply to ${entry.displayName} copied and logged.`);
  }

  /** Adds "Copy reply and open profile" when they have a profile stored. */
  function offerProfile(entry: QueueEntryDto, actions: Element | null, message: () => string): void {
    // Asked once per person, not again when the card redraws (another template).
    let person = people.get(entry.personId);
    if (!person) {
      person = api.person(entry.personId);
      people.set(entry.personId, person);
    }
    void person
      .then((stored) => {
        const profile = Object.keys(PROFILES)
          .map((kind) => stored.identities.find((i) => i.kind === kind && i.id != null))
          .find((i) => i !== undefined);
        if (!profile?.id || !actions?.isConnected) return;
        const id = profile.id;
        actions.append(
          h(
            "button",
            { class: "button", attrs: { type: "button", id: "queue-acknowledge-open" }, on: { click: () => void acknowledge(entry, message(), id) } },
            `Copy reply and open ${PROFILES[profile.kind]} profile`,
          ),
        );
      })
      .catch(() => undefined);
  }

  const keepInTouch = (entry: QueueEntryDto) =>
    done(async () => {
      await api.setCadence(entry.personId, TRIAGE_CADENCE_DAYS);
      await api.dismissFromQueue(entry.personId);
    }, `Keeping in touch with ${entry.displayName} every ${TRIAGE_CADENCE_DAYS} days.`);

  const notNow = (entry: QueueEntryDto) => done(() => api.dismissFromQueue(entry.personId), `${entry.displayName} set aside.`);

  return life.view(el, load, { focus: () => card?.focus() });
}
