// Today: overdue follow-ups, the rest of today's, and the week ahead, each
// with Done and Snooze at hand.

import { api, type FollowUpDto, type KeepInTouchDto, type PromptDto, type TodayDto } from "../ipc/api";
import { appState } from "../app-state";
import { h, replace } from "../dom";
import { dueLabel, relativeTime } from "../logic/format";
import { lifecycle, type View } from "../navigate";
import { welcome } from "./welcome";
import { planCard } from "./plan";
import { openFollowUpForm } from "./follow-up-form";
import { openQuickLog } from "./quick-log";
import { act, showError, toast } from "./toast";
import { reachButton } from "./reach";

/** Most step-it-up prompts listed on Today. */
const PROMPTS_SHOWN = 8;

export function mountToday(): View {
  const el = h("section", { class: "view today", attrs: { "aria-labelledby": "today-title" } });
  const life = lifecycle();
  // The plan is asked for with the rest of Today, not after it is drawn;
  // later draws make a new card, which asks again.
  let firstPlan: HTMLElement | null = planCard(() => void load());

  async function load(): Promise<void> {
    try {
      const [today, info, prompts] = await Promise.all([api.today(), api.appInfo(), api.prompts(null)]);
      if (!life.alive()) return;
      appState.set({ info, dueCount: today.dueCount });
      render(today, info.peopleCount, prompts);
    } catch (error) {
      showError(error);
    }
  }

  function render(today: TodayDto, peopleCount: number, prompts: PromptDto[]): void {
    if (peopleCount === 0) {
      replace(el, welcome(() => void load()));
      return;
    }
    const now = new Date();
    const nothing =
      today.keepInTouch.length + today.missed.length + today.overdue.length + today.today.length + today.upcoming.length === 0;
    replace(
      el,
      h("h1", { attrs: { id: "today-title" } }, "Today"),
      takePlan(),
      nothing ? h("p", { class: "muted", attrs: { id: "nothing-due" } }, "No follow-ups due this week.") : null,
      keepInTouch(today.keepInTouch, now),
      section("Missed while Kith was closed", "missed", today.missed, now),
      section("Overdue", "overdue", today.overdue, now),
      section("Later today", "due-today", today.today, now),
      section("Next 7 days", "upcoming", today.upcoming, now),
      stepItUp(prompts),
    );
  }

  function takePlan(): HTMLElement {
    const card = firstPlan ?? planCard(() => void load());
    firstPlan = null;
    return card;
  }

  function stepItUp(prompts: PromptDto[]): HTMLElement | null {
    if (prompts.length === 0) return null;
    const shown = prompts.slice(0, PROMPTS_SHOWN);
    return h(
      "section",
      { class: "follow-ups step-it-up", attrs: { "aria-label": "Step it up", id: "step-it-up" } },
      h("h2", null, "Step it up", h("span", { class: "count" }, String(prompts.length))),
      h(
        "ul",
        { class: "follow-up-list" },
        ...shown.map((p) =>
          h(
            "li",
            { class: `follow-up prompt prompt-${p.rule}`, dataset: { person: String(p.personId), rule: p.rule } },
            h(
              "div",
              { class: "follow-up-main" },
              h("a", { class: "person-link", attrs: { href: `#/person/${p.personId}` } }, p.personName),
              h("p", { class: "what" }, p.because),
            ),
            h(
              "div",
              { class: "follow-up-actions" },
              h(
                "button",
                {
                  class: "button primary small",
                  attrs: { type: "button" },
                  on: { click: () => openQuickLog({ person: { id: p.personId, displayName: p.personName }, onSaved: () => void load() }) },
                },
                "Log a touch",
              ),
              h(
                "button",
                {
                  class: "button small ghost",
                  attrs: { type: "button", "aria-label": `Dismiss for ${p.personName}` },
                  on: { click: () => act(() => api.dismissPrompt(p.personId, p.rule), "Dismissed for good.", load) },
                },
                "Dismiss",
              ),
            ),
          ),
        ),
      ),
      prompts.length > shown.length ? h("p", { class: "muted small" }, `and ${prompts.length - shown.length} more on people's pages`) : null,
    );
  }

  function section(title: string, id: string, items: FollowUpDto[], now: Date): HTMLElement | null {
    if (items.length === 0) return null;
    return h(
      "section",
      { class: `follow-ups ${id}`, attrs: { "aria-label": title, id } },
      h("h2", null, title, h("span", { class: "count" }, String(items.length))),
      h("ul", { class: "follow-up-list" }, ...items.map((item) => row(item, now))),
    );
  }

  function keepInTouch(items: KeepInTouchDto[], now: Date): HTMLElement | null {
    if (items.length === 0) return null;
    return h(
      "section",
      { class: "follow-ups keep-in-touch", attrs: { "aria-label": "Keep in touch", id: "keep-in-touch" } },
      h("h2", null, "Keep in touch", h("span", { class: "count" }, String(items.length))),
      h(
        "ul",
        { class: "follow-up-list" },
        ...items.map((item) =>
          h(
            "li",
            { class: "follow-up", dataset: { person: String(item.personId) } },
            h(
              "div",
              { class: "follow-up-main" },
              h("a", { class: "person-link", attrs: { href: `#/person/${item.personId}` } }, item.personName),
              h(
                "p",
                { class: "what" },
                item.lastTouchAt ? `Last touch ${relativeTime(item.lastTouchAt, now)}` : "No touch yet",
              ),
              h("p", { class: "when muted" }, `You keep in touch every ${item.cadenceDays} days · due ${dueLabel(item.dueAt, now)}`),
            ),
            h(
              "div",
              { class: "follow-up-actions" },
              h(
                "button",
                {
                  class: "button primary small",
                  attrs: { type: "button" },
                  on: { click: () => openQuickLog({ person: { id: item.personId, displayName: item.personName }, onSaved: () => void load() }) },
                },
                "Log a touch",
              ),
            ),
          ),
        ),
      ),
    );
  }

  function row(item: FollowUpDto, now: Date): HTMLElement {
    const run = (work: () => Promise<unknown>, message: string) => act(work, message, load);
    const tomorrowNine = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0);
    const minutesUntil = (date: Date) => Math.max(1, Math.round((date.getTime() - now.getTime()) / 60_000));
    return h(
      "li",
      { class: "follow-up", dataset: { id: String(item.id) } },
      h(
        "div",
        { class: "follow-up-main" },
        h(
          "a",
          { class: "person-link", attrs: { href: `#/person/${item.personId}` } },
          item.personName,
        ),
        h("p", { class: "what" }, item.what),
        h(
          "p",
          { class: "when muted" },
          dueLabel(item.pendingSince ?? item.dueAt, now),
          item.repeat ? ` · repeats every ${item.repeat}` : "",
          item.pendingSince ? ` · next ${dueLabel(item.dueAt, now)}` : "",
          item.dueZone ? ` · ${item.dueZone}` : "",
        ),
      ),
      h(
        "div",
        { class: "follow-up-actions" },
        reachButton(
          item.personId,
          item.reach,
          null,
          async () => undefined,
          () => toast(`Did you reach ${item.personName}?`, "info", { label: "Done", run: () => run(() => api.completeFollowUp(item.id), "Marked done.") }),
        ),
        h(
          "button",
          {
            class: "button primary small done",
            attrs: { type: "button", "aria-label": `Done: ${item.what}` },
            on: { click: () => run(() => api.completeFollowUp(item.id), "Marked done.") },
          },
          "Done",
        ),
        h(
          "button",
          {
            class: "button small",
            attrs: { type: "button" },
            on: { click: () => run(() => api.snoozeFollowUp(item.id, { minutes: 60, until: null }), "Snoozed for an hour.") },
          },
          "1 hour",
        ),
        h(
          "button",
          {
            class: "button small",
            attrs: { type: "button" },
            on: {
              click: () =>
                run(() => api.snoozeFollowUp(item.id, { minutes: minutesUntil(tomorrowNine), until: null }), "Snoozed until tomorrow."),
            },
          },
          "Tomorrow",
        ),
        h(
          "button",
          {
            class: "button small ghost",
            attrs: { type: "button" },
            on: { click: () => openFollowUpForm({ personId: item.personId, personName: item.personName, editing: item }, () => void load()) },
          },
          "Edit",
        ),
      ),
    );
  }

  return life.view(el, load);
}
