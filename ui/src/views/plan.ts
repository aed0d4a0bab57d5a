// Today's plan on Today: the handful of people worth a touch today, each
// with the reason and a next step. D marks the focused one done (logs the
// touch the plan suggests), S skips it for today, M sets it aside for a
// month; the plan backfills.

import { api, type PlanDto, type PlanItemDto } from "../ipc/api";
import { h, replace } from "../dom";
import { planKey, progressFooter, progressLine, reasonLabel } from "../logic/plan";
import { reachButton } from "./reach";
import { showError, toast } from "./toast";

export function planCard(onChange: () => void): HTMLElement {
  const card = h("section", { class: "card plan", attrs: { id: "plan", "aria-labelledby": "plan-title" } });

  async function act(item: PlanItemDto, action: "done" | "skip" | "month"): Promise<void> {
    try {
      if (action === "done") {
        if (item.reason === "welcome") await navigator.clipboard.writeText(item.next).catch(() => undefined);
        render(await api.planDone(item.personId));
        toast(item.reason === "welcome" ? `Reply to ${item.name} copied and logged.` : `Logged a touch with ${item.name}.`);
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

  function row(item: PlanItemDto, index: number): HTMLElement {
    const li = h(
      "li",
      { class: item.done ? "plan-item done" : "plan-item", attrs: { tabindex: 0, "aria-label": `${index + 1}. ${item.name}: ${item.why}` }, dataset: { person: String(item.personId), reason: item.reason } },
      h("span", { class: "plan-tick", attrs: { "aria-hidden": "true" } }, item.done ? "✓" : String(index + 1)),
      h(
        "div",
        { class: "plan-main" },
        h("p", null, h("a", { class: "person-link", attrs: { href: `#/person/${item.personId}` } }, item.name), " ", h("span", { class: "tag" }, reasonLabel(item.reason))),
        h("p", { class: "muted small plan-why" }, item.why),
        h("p", { class: "plan-next" }, item.next),
      ),
      item.done
        ? h("span", { class: "muted small" }, "Done")
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
            h("button", { class: "button small ghost", attrs: { type: "button", title: "S" }, dataset: { action: "skip" }, on: { click: () => void act(item, "skip") } }, "Not today"),
            h("button", { class: "button small ghost", attrs: { type: "button", title: "M" }, dataset: { action: "month" }, on: { click: () => void act(item, "month") } }, "Not for a month"),
          ),
    );
    li.addEventListener("keydown", (event) => {
      if (event.target !== li || event.ctrlKey || event.metaKey || event.altKey || item.done) return;
      const action = planKey(event.key);
      if (!action) return;
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
  }

  void api
    .plan()
    .then(render)
    .catch(showError);
  return card;
}
