// Today's plan on Today: the handful of people worth a touch today, each
// with the reason and a next step. D marks the focused one done (logs the
// touch the plan suggests), S skips it for today, M sets it aside for a
// month; the plan backfills. A meeting today comes first as a prep item:
// before it, the sheet to read (P); after it, a note or a follow-up.

import { api, type PlanDto, type PlanItemDto } from "../ipc/api";
import { h, replace } from "../dom";
import { appState } from "../app-state";
import { itemLabel, meetingLine, meetingOver, planKey, progressFooter, progressLine } from "../logic/plan";
import { face, showFaces } from "./faces";
import { openFollowUpForm } from "./follow-up-form";
import { openPrep } from "./prep";
import { openQuickLog } from "./quick-log";
import { reachButton } from "./reach";
import { showError, toast } from "./toast";

export function planCard(onChange: () => void): HTMLElement {
  const card = h("section", { class: "card plan", attrs: { id: "plan", "aria-labelledby": "plan-title" } });

  async function act(item: PlanItemDto, action: "done" | "skip" | "month"): Promise<void> {
    try {
      if (action === "done") {
        if (item.reason === "welcome") await navigator.clipboard.writeText(item.next).catch(() => undefined);
        render(await api.planDone(item.personId));
        toast(
          item.reason === "prep" ? `Ticked ${item.meeting?.title ?? "the meeting"}.` : item.reason === "welcome" ? `Reply to ${item.name} copied and logged.` : `Logged a touch with ${item.name}.`,
        );
        onChange();
      } else {
        render(await api.planSkip(item.personId, action === "month"));
        toast(action === "month" ? `${item.name} is out of the plan for a month.` : `${item.name} skipped for today.`);
      }
      card.querySelector<HTMLElement>(".plan-item:not(.done)")?.focus();
    } catch (error) {
      showError(error);
    }
  }

  function reload(): void {
    void api
      .plan()
      .then(render)
      .catch(showError);
    onChange();
  }

  function skipButton(item: PlanItemDto): HTMLElement {
    return h("button", { class: "button small ghost", attrs: { type: "button", title: "S" }, dataset: { action: "skip" }, on: { click: () => void act(item, "skip") } }, "Not today");
  }

  /** A meeting's buttons: the sheet before it; a note or a follow-up after. */
  function prepActions(item: PlanItemDto, now: Date): HTMLElement {
    const title = item.meeting?.title ?? "the meeting";
    const person = { id: item.personId, displayName: item.name };
    if (!meetingOver(item, now)) {
      return h(
        "div",
        { class: "plan-actions" },
        h("button", { class: "button small primary", attrs: { type: "button", title: "P" }, dataset: { action: "prep" }, on: { click: () => openPrep(`Before ${title}`, item.meeting?.key ?? null, item.personId) } }, "Prepare"),
        h("button", { class: "button small", attrs: { type: "button", title: "D" }, dataset: { action: "done" }, on: { click: () => void act(item, "done") } }, "Done"),
        skipButton(item),
      );
    }
    return h(
      "div",
      { class: "plan-actions" },
      h("button", { class: "button small primary", attrs: { type: "button" }, dataset: { action: "note" }, on: { click: () => openQuickLog({ person, kind: "note", onSaved: reload }) } }, "Log a note"),
      h(
        "button",
        { class: "button small", attrs: { type: "button" }, dataset: { action: "follow-up" }, on: { click: () => openFollowUpForm({ personId: item.personId, personName: item.name }, reload) } },
        "Add a follow-up",
      ),
      h("button", { class: "button small ghost", attrs: { type: "button", title: "D" }, dataset: { action: "done" }, on: { click: () => void act(item, "done") } }, "Nothing to add"),
    );
  }

  function row(item: PlanItemDto, index: number): HTMLElement {
    const now = new Date();
    const zone = appState.get().info?.timeZone ?? "UTC";
    const li = h(
      "li",
      { class: item.done ? "plan-item done" : "plan-item", attrs: { tabindex: 0, "aria-label": `${index + 1}. ${item.name}: ${item.why}` }, dataset: { person: String(item.personId), reason: item.reason } },
      h("span", { class: "plan-tick", attrs: { "aria-hidden": "true" } }, item.done ? "✓" : String(index + 1)),
      h(
        "div",
        { class: "plan-main" },
        item.meeting
          ? h("p", null, h("strong", { class: "plan-meeting" }, meetingLine(item.meeting, zone)), " ", h("span", { class: "tag tag-meeting" }, itemLabel(item, now)))
          : h("p", null, face(item.personId, item.name), h("a", { class: "person-link", attrs: { href: `#/person/${item.personId}` } }, item.name), " ", h("span", { class: "tag" }, itemLabel(item, now))),
        item.meeting
          ? h(
              "p",
              { class: "small plan-with" },
              "With ",
              ...item.meeting.people.flatMap((p, i) => [i > 0 ? ", " : "", h("a", { class: "person-link", attrs: { href: `#/person/${p.id}` } }, p.displayName)]),
            )
          : null,
        // Before a meeting its line above says it all; after it, the
        // question it leaves.
        item.meeting && !meetingOver(item, now) ? null : h("p", { class: "muted small plan-why" }, item.why),
        h("p", { class: "plan-next" }, item.next),
      ),
      item.done
        ? h("span", { class: "muted small" }, "Done")
        : item.reason === "prep"
          ? prepActions(item, now)
          : h(
            "div",
            { class: "plan-actions" },
            reachButton(
              item.personId,
              item.reach,
              item.next,
              // A welcome's reply goes on the network: copied, to paste there.
              async () => {
                if (item.reason === "welcome") await navigator.clipboard.writeText(item.next).catch(() => undefined);
              },
              () =>
                toast(item.reason === "welcome" ? `Reply copied. Sent it to ${item.name}?` : `Did you reach ${item.name}?`, "info", {
                  label: "Done",
                  run: () => act(item, "done"),
                }),
            ),
            h("button", { class: "button small primary", attrs: { type: "button", title: "D" }, dataset: { action: "done" }, on: { click: () => void act(item, "done") } }, item.reason === "welcome" ? "Copy reply & done" : "Done"),
            skipButton(item),
            h("button", { class: "button small ghost", attrs: { type: "button", title: "M" }, dataset: { action: "month" }, on: { click: () => void act(item, "month") } }, "Not for a month"),
          ),
    );
    li.addEventListener("keydown", (event) => {
      if (event.target !== li || event.ctrlKey || event.metaKey || event.altKey || item.done) return;
      if (item.reason === "prep" && event.key.toLowerCase() === "p") {
        event.preventDefault();
        openPrep(`Before ${item.meeting?.title ?? "the meeting"}`, item.meeting?.key ?? null, item.personId);
        return;
      }
      const action = planKey(event.key);
      // A meeting is not set aside for a month.
      if (!action || (item.reason === "prep" && action === "month")) return;
      event.preventDefault();
      void act(item, action);
    });
    return li;
  }

  function render(plan: PlanDto): void {
    replace(
      card,
      h("header", { class: "plan-header" }, h("h2", { attrs: { id: "plan-title" } }, "Today's plan"), h("span", { class: "muted", attrs: { id: "plan-progress" } }, progressLine(plan))),
      plan.items.length === 0
        ? h("p", { class: "muted" }, "Nobody to plan for today. Import your network or add people, and Kith will pick a few each day.")
        : h("ol", { class: "plain plan-list", attrs: { id: "plan-list" } }, ...plan.items.map(row)),
      h("p", { class: "muted small plan-footer", attrs: { id: "plan-footer" } }, progressFooter(plan), " · D done, S not today, M not for a month"),
    );
    showFaces(card).catch((error) => console.warn("faces", error));
  }

  void api
    .plan()
    .then(render)
    .catch(showError);
  return card;
}
