// The person page's relationship sections: what matters to them (topics),
// what they ask for and offer, help given and received, introductions,
// and step-it-up prompts.

import { api, type IntroductionDto, type LedgerDto, type NeedDto, type PersonDto, type PromptDto, type TopicDto } from "../ipc/api";
import { field, h } from "../dom";
import { relativeTime } from "../logic/format";
import { routeList } from "./neighbourhood";
import { act, showError } from "./toast";

type Reload = () => Promise<void>;

function textForm(id: string, placeholder: string, button: string, label: string, save: (text: string) => Promise<unknown>, reload: Reload, extra?: HTMLElement): HTMLFormElement {
  const form = h(
    "form",
    { class: "inline-form", attrs: { id } },
    h("input", { attrs: { name: "text", maxlength: 1000, placeholder, "aria-label": label } }),
    extra ?? null,
    h("button", { class: "button small", attrs: { type: "submit" } }, button),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = field(form, "text");
    if (!text) return;
    try {
      await save(text);
      form.reset();
      await reload();
    } catch (error) {
      showError(error);
    }
  });
  return form;
}

export function promptsCard(person: PersonDto, prompts: PromptDto[], reload: Reload): HTMLElement | null {
  if (prompts.length === 0) return null;
  return h(
    "section",
    { class: "card prompts", attrs: { id: "person-prompts", "aria-label": "Step it up" } },
    h("h2", null, "Step it up"),
    h(
      "ul",
      { class: "plain" },
      ...prompts.map((p) =>
        h(
          "li",
          { class: `prompt prompt-${p.rule}` },
          h("span", null, p.because),
          h(
            "button",
            { class: "link-button", attrs: { type: "button", "aria-label": `Dismiss: ${p.because}` }, on: { click: () => act(() => api.dismissPrompt(person.id, p.rule), "It will not come back for them.", reload) } },
            "Dismiss",
          ),
        ),
      ),
    ),
  );
}

export function topicsCard(person: PersonDto, topics: TopicDto[], reload: Reload, now: Date): HTMLElement {
  const current = topics.filter((t) => t.closedAt === null);
  const past = topics.filter((t) => t.closedAt !== null);
  return h(
    "section",
    { class: "card", attrs: { id: "person-topics", "aria-label": "What matters to them" } },
    h("h2", null, "What matters to them"),
    textForm("topic-form", "New job, moving to Berlin, kid's exams…", "Add", "New topic", (text) => api.addTopic(person.id, text), reload),
    current.length === 0
      ? h("p", { class: "muted" }, "Nothing yet. A follow-up can be about a topic, and its reminder says what to ask.")
      : h(
          "ul",
          { class: "plain topics" },
          ...current.map((t) =>
            h(
              "li",
              { class: "topic" },
              h("span", null, t.text),
              h("span", { class: "muted small" }, ` · ${relativeTime(t.createdAt, now)}`),
              h("button", { class: "link-button", attrs: { type: "button", "aria-label": `No longer current: ${t.text}` }, on: { click: () => act(() => api.closeTopic(t.id), "Topic closed.", reload) } }, "Done"),
            ),
          ),
        ),
    past.length ? h("p", { class: "muted small" }, `Past: ${past.map((t) => t.text).join(", ")}`) : null,
  );
}

/** Opens (or closes) the people who offer what an ask needs, and who can
 * introduce you to them, under the ask. */
async function whoCanHelp(item: HTMLElement, ask: NeedDto, button: HTMLButtonElement): Promise<void> {
  const open = item.querySelector(".warm-path");
  if (open) {
    open.remove();
    button.setAttribute("aria-expanded", "false");
    return;
  }
  try {
    const path = await api.warmPathToAsk(ask.id);
    item.append(routeList(path, path.targets === 1 ? "1 person offers this" : `${path.targets} people offer this`, `ask-help-${ask.id}`));
    button.setAttribute("aria-expanded", "true");
  } catch (error) {
    showError(error);
  }
}

export function needsCard(person: PersonDto, needs: NeedDto[], reload: Reload): HTMLElement {
  const side = h(
    "select",
    { attrs: { name: "side", "aria-label": "Ask or offer" } },
    h("option", { attrs: { value: "ask" } }, "Asks for"),
    h("option", { attrs: { value: "offer" } }, "Offers"),
  );
  const tags = h("input", { class: "tags-input", attrs: { name: "tags", maxlength: 300, placeholder: "tags, comma separated", "aria-label": "Tags" } });
  const form = textForm(
    "need-form",
    "A Rust contractor; advice on fundraising…",
    "Add",
    "What they ask for or offer",
    (text) => api.addNeed({ personId: person.id, side: side.value, text, tags: tags.value ? [tags.value] : [] }),
    reload,
    tags,
  );
  form.prepend(side);
  form.classList.add("two-rows");
  const list = (which: string, title: string): HTMLElement | null => {
    const items = needs.filter((n) => n.side === which);
    if (items.length === 0) return null;
    return h(
      "div",
      { class: `needs needs-${which}` },
      h("h3", null, title),
      h(
        "ul",
        { class: "plain" },
        ...items.map((n) => {
          const item = h(
            "li",
            { class: "need", dataset: { need: String(n.id) } },
            h("span", null, n.text),
            ...n.tags.map((t) => h("span", { class: "tag" }, t)),
            which === "ask" ? h("button", { class: "link-button", attrs: { type: "button", "aria-expanded": "false", "aria-label": `Who can help with: ${n.text}` }, on: { click: (e) => void whoCanHelp(item, n, e.currentTarget as HTMLButtonElement) } }, "Who can help") : null,
            h("button", { class: "link-button", attrs: { type: "button", "aria-label": `Close: ${n.text}` }, on: { click: () => act(() => api.closeNeed(n.id), "Closed.", reload) } }, "Close"),
          );
          return item;
        }),
      ),
    );
  };
  return h(
    "section",
    { class: "card", attrs: { id: "person-needs", "aria-label": "Asks and offers" } },
    h("h2", null, "Asks and offers"),
    form,
    list("ask", "Asks for"),
    list("offer", "Offers"),
    needs.length === 0 ? h("p", { class: "muted" }, "What they need and what they can help with; Kith suggests introductions from these.") : null,
  );
}

export function ledgerCard(person: PersonDto, ledger: LedgerDto, reload: Reload, now: Date): HTMLElement {
  const direction = h(
    "select",
    { attrs: { name: "direction", "aria-label": "Given or received" } },
    h("option", { attrs: { value: "given" } }, "I helped them"),
    h("option", { attrs: { value: "received" } }, "They helped me"),
  );
  const form = textForm(
    "help-form",
    "Reviewed the pitch deck; advice on hiring…",
    "Record",
    "What the help was",
    (text) => api.logHelp(person.id, direction.value === "received" ? "received" : "given", text),
    reload,
  );
  form.prepend(direction);
  form.classList.add("two-rows");
  const balance =
    ledger.balance === 0 ? "Even" : ledger.balance > 0 ? `You have helped ${ledger.balance} more` : `They have helped ${-ledger.balance} more`;
  return h(
    "section",
    { class: "card", attrs: { id: "person-ledger", "aria-label": "Help given and received" } },
    h("h2", null, "Help given and received"),
    h(
      "p",
      { class: "ledger-balance" },
      h("strong", { attrs: { id: "ledger-given" } }, String(ledger.given)),
      " given · ",
      h("strong", { attrs: { id: "ledger-received" } }, String(ledger.received)),
      " received · ",
      h("span", { class: "muted" }, balance),
    ),
    form,
    ledger.entries.length
      ? h(
          "ul",
          { class: "plain ledger" },
          ...ledger.entries.map((e) =>
            h(
              "li",
              { class: `ledger-${e.direction}` },
              h("span", { class: "tag" }, e.direction === "given" ? "given" : "received"),
              ` ${e.isIntroduction ? "Introduction" : "Help"}${e.text ? `: ${e.text}` : ""}`,
              h("span", { class: "muted small" }, ` · ${relativeTime(e.at, now)}`),
            ),
          ),
        )
      : null,
  );
}

export function introductionsCard(person: PersonDto, intros: IntroductionDto[]): HTMLElement | null {
  if (intros.length === 0) return null;
  return h(
    "section",
    { class: "card", attrs: { id: "person-introductions", "aria-label": "Introductions" } },
    h("h2", null, "Introductions"),
    h(
      "ul",
      { class: "plain" },
      ...intros.map((i) => {
        const other = i.a.id === person.id ? i.b : i.a;
        return h("li", null, "With ", h("a", { attrs: { href: `#/person/${other.id}` } }, other.displayName), h("span", { class: "muted" }, ` · ${i.statusLabel}`));
      }),
    ),
    h("p", null, h("a", { attrs: { href: "#/introductions" } }, "All introductions")),
  );
}
