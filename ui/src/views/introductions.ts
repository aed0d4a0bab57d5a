// Introductions: suggested ones (asks matched with offers), proposing one,
// and walking each through the double opt-in to its outcome.

import { api, type IntroductionDto, type SuggestionDto } from "../ipc/api";
import { field, h, replace } from "../dom";
import { relativeTime } from "../logic/format";
import { nextActions, takesReminder, timeline } from "../logic/intro";
import { lifecycle, type View } from "../navigate";
import { personPicker } from "./person-picker";
import { showError, toast } from "./toast";

/** Days until the reminder a step sets, when the user asks for one. */
const REMIND_IN_DAYS = 3;

function personLink(p: { id: number; displayName: string }): HTMLElement {
  return h("a", { attrs: { href: `#/person/${p.id}` } }, p.displayName);
}

export function mountIntroductions(): View {
  const el = h("section", { class: "view introductions", attrs: { "aria-labelledby": "introductions-title" } });
  const life = lifecycle();

  async function load(): Promise<void> {
    try {
      const [suggestions, intros] = await Promise.all([api.suggestIntroductions(), api.introductions(null)]);
      if (!life.alive()) return;
      render(suggestions, intros);
    } catch (error) {
      showError(error);
    }
  }

  async function propose(a: number, b: number, why: string): Promise<void> {
    try {
      await api.proposeIntroduction(a, b, why);
      toast("Introduction proposed. Ask the first person whether they would like it.");
      await load();
    } catch (error) {
      showError(error);
    }
  }

  async function step(intro: IntroductionDto, stepId: string, remind: boolean): Promise<void> {
    try {
      await api.advanceIntroduction({ id: intro.id, step: stepId, remindInDays: remind && takesReminder(stepId) ? REMIND_IN_DAYS : null });
      toast(stepId === "introduce" ? `Introduced ${intro.a.displayName} and ${intro.b.displayName}.` : "Saved.");
      await load();
    } catch (error) {
      showError(error);
    }
  }

  function proposeForm(): HTMLElement {
    const a = personPicker({ name: "person-a", label: "Introduce" });
    const b = personPicker({ name: "person-b", label: "to" });
    const errors = h("p", { class: "form-error", attrs: { role: "alert" } });
    const form = h(
      "form",
      { class: "form propose-form", attrs: { id: "propose-form", novalidate: true } },
      h("div", { class: "form-row" }, a.el, b.el),
      h("label", null, "Why they should meet", h("input", { attrs: { name: "why", maxlength: 1000, placeholder: "Ada needs a Rust reviewer; Grace offers exactly that" } })),
      errors,
      h("div", { class: "form-actions" }, h("button", { class: "button primary", attrs: { type: "submit" } }, "Propose introduction")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const first = a.chosen();
      const second = b.chosen();
      const why = field(form, "why");
      if (!first || !second) errors.textContent = "Pick both people from the list.";
      else if (first.id === second.id) errors.textContent = "Pick two different people.";
      else if (!why) errors.textContent = "Say why they should meet.";
      else void propose(first.id, second.id, why);
    });
    return form;
  }

  function suggestion(sg: SuggestionDto): HTMLElement {
    return h(
      "li",
      { class: "suggestion", dataset: { ask: String(sg.ask.personId), offer: String(sg.offer.personId) } },
      h("p", null, sg.why),
      h(
        "p",
        { class: "item-meta" },
        personLink({ id: sg.ask.personId, displayName: sg.ask.personName }),
        " · ",
        personLink({ id: sg.offer.personId, displayName: sg.offer.personName }),
        h(
          "button",
          { class: "button small primary", attrs: { type: "button" }, on: { click: () => void propose(sg.ask.personId, sg.offer.personId, sg.why) } },
          "Propose",
        ),
      ),
    );
  }

  function introduction(intro: IntroductionDto, now: Date): HTMLElement {
    const remind = h("input", { attrs: { type: "checkbox", name: "remind", checked: true } });
    const actions = nextActions(intro);
    return h(
      "li",
      { class: `introduction status-${intro.status}`, dataset: { intro: String(intro.id) } },
      h("h3", null, personLink(intro.a), " and ", personLink(intro.b), h("span", { class: "tag" }, intro.statusLabel)),
      h("p", { class: "muted" }, intro.why),
      h(
        "ol",
        { class: "steps" },
        ...timeline(intro).map((s) => h("li", { class: s.at ? "done" : "pending" }, s.label, s.at ? h("span", { class: "muted" }, ` · ${relativeTime(s.at, now)}`) : null)),
      ),
      actions.length
        ? h(
            "div",
            { class: "form-actions left" },
            ...actions.map((a) =>
              h("button", { class: `button small${a.step === actions[0].step ? " primary" : ""}`, attrs: { type: "button" }, dataset: { step: a.step }, on: { click: () => void step(intro, a.step, remind.checked) } }, a.label),
            ),
            actions.some((a) => takesReminder(a.step)) ? h("label", { class: "checkbox small" }, remind, ` Remind me in ${REMIND_IN_DAYS} days`) : null,
          )
        : null,
    );
  }

  function render(suggestions: SuggestionDto[], intros: IntroductionDto[]): void {
    const now = new Date();
    const open = intros.filter((i) => i.status !== "closed");
    const closed = intros.filter((i) => i.status === "closed");
    replace(
      el,
      h("h1", { attrs: { id: "introductions-title" } }, "Introductions"),
      h(
        "section",
        { class: "card", attrs: { id: "suggestions", "aria-label": "Suggested introductions" } },
        h("h2", null, "Worth making"),
        suggestions.length === 0
          ? h("p", { class: "muted" }, "No matches yet. Add what people ask for and offer on their pages; Kith matches them here.")
          : h("ul", { class: "plain suggestions" }, ...suggestions.map(suggestion)),
      ),
      h("section", { class: "card", attrs: { "aria-label": "Propose an introduction" } }, h("h2", null, "Propose one"), proposeForm()),
      h(
        "section",
        { class: "card", attrs: { id: "open-introductions", "aria-label": "Under way" } },
        h("h2", null, "Under way", h("span", { class: "count" }, String(open.length))),
        open.length === 0 ? h("p", { class: "muted" }, "Nothing under way.") : h("ul", { class: "plain introductions-list" }, ...open.map((i) => introduction(i, now))),
      ),
      closed.length
        ? h(
            "details",
            { class: "card", attrs: { id: "closed-introductions" } },
            h("summary", null, `Closed (${closed.length})`),
            h("ul", { class: "plain introductions-list" }, ...closed.map((i) => introduction(i, now))),
          )
        : null,
    );
  }

  return life.view(el, load);
}
