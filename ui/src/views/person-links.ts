// The person page's links: who each linked person is to them (partner,
// manager, friend…), with a note and a since-date, added with a person
// picker and taken away one at a time.

import { api, type LinkDto, type LinkSuggestionDto, type PersonDto } from "../ipc/api";
import { h, replace } from "../dom";
import { LINK_CHOICES, linkChoice, linkLine } from "../logic/links";
import { personPicker } from "./person-picker";
import { act, showError, toast } from "./toast";

export function linksCard(person: PersonDto, links: LinkDto[], reload: () => Promise<void>): HTMLElement {
  const other = personPicker({ name: "link-other", label: "Who", exclude: person.id });
  const choice = h("select", { attrs: { name: "link-kind", id: "link-kind", "aria-label": `What they are to ${person.displayName}` } }, ...LINK_CHOICES.map(([value, label]) => h("option", { attrs: { value } }, label)));
  const note = h("input", { attrs: { name: "link-note", maxlength: 1000, placeholder: "A note (optional)", "aria-label": "Note" } });
  const since = h("input", { attrs: { name: "link-since", maxlength: 10, placeholder: "Since: 2019, 2019-03…", "aria-label": "Since", size: 12 } });
  const form = h(
    "form",
    { class: "form link-form", attrs: { id: "link-form" } },
    other.el,
    h("div", { class: "row" }, h("label", null, `Is ${person.displayName.split(/\s+/)[0]}'s`, choice), since),
    note,
    h("div", { class: "form-actions left" }, h("button", { class: "button small", attrs: { type: "submit", id: "link-add" } }, "Link")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const picked = other.chosen();
    if (!picked) {
      other.input.focus();
      return;
    }
    const { kind, theyAreFirst } = linkChoice(choice.value);
    const [from, to] = theyAreFirst ? [picked.id, person.id] : [person.id, picked.id];
    try {
      await api.linkPeople({ from, to, kind, note: note.value.trim() || null, since: since.value.trim() || null });
      toast(`Linked ${picked.displayName}.`);
      await reload();
    } catch (error) {
      showError(error);
    }
  });
  const toYou = h(
    "select",
    { attrs: { id: "tie-to-me", "aria-label": `What ${person.displayName} is to you` } },
    h("option", { attrs: { value: "" } }, "—"),
    ...MY_TIES.map((what) => h("option", { attrs: { value: what } }, `your ${what}`)),
  ) as HTMLSelectElement;
  void api
    .myTies(person.id)
    .then((ties) => {
      toYou.value = ties[0]?.what ?? "";
    })
    .catch(showError);
  toYou.addEventListener("change", () => act(() => api.setTieToMe(person.id, toYou.value || null), toYou.value ? `${person.displayName} is your ${toYou.value}.` : "No longer linked to you.", reload));
  const maybe = h("div", { attrs: { id: "link-suggestions" } });
  void api
    .linkSuggestions(person.id)
    .then((found) => replace(maybe, ...(found.length > 0 ? [h("h3", null, "Maybe they know"), h("ul", { class: "plain links" }, ...found.slice(0, 5).map((s) => suggestion(person, s, reload)))] : [])))
    .catch(showError);
  return h(
    "section",
    { class: "card", attrs: { id: "person-links", "aria-label": "Links" } },
    h("h2", null, "Who they know"),
    h("div", { class: "row to-you" }, h("label", { attrs: { for: "tie-to-me" } }, "To you"), toYou),
    links.length === 0
      ? h("p", { class: "muted" }, "No links yet: their partner, manager, friends, who introduced you.")
      : linkList(person, links, reload),
    maybe,
    form,
  );
}

/** What someone can be to you, as the store names it. */
const MY_TIES = ["partner", "parent", "child", "sibling", "family", "friend", "colleague", "manager", "report", "mentor", "mentee"];

/** How many links show before "Show all". */
const FIRST_LINKS = 12;

/** The links, the first dozen shown and the rest a click away. */
function linkList(person: PersonDto, links: LinkDto[], reload: () => Promise<void>): HTMLElement {
  const item = (l: LinkDto): HTMLElement =>
    h(
      "li",
      { class: "link", dataset: { link: String(l.id) } },
      h("a", { class: "person-link", attrs: { href: `#/person/${l.other.id}` } }, l.other.displayName),
      h("span", { class: "muted small" }, ` — ${linkLine(l)} `),
      h(
        "button",
        { class: "link-button", attrs: { type: "button", "aria-label": `Unlink ${l.other.displayName}` }, on: { click: () => act(() => api.unlinkPeople(person.id, l.other.id, l.kind), "Link taken away.", reload) } },
        "Remove",
      ),
    );
  const list = h("ul", { class: "plain links", attrs: { id: "link-list" } }, ...links.slice(0, FIRST_LINKS).map(item));
  if (links.length <= FIRST_LINKS) return list;
  const more = h("button", { class: "link-button", attrs: { type: "button", id: "links-show-all" } }, `Show all ${links.length} links`);
  more.addEventListener("click", () => {
    list.append(...links.slice(FIRST_LINKS).map(item));
    more.remove();
  });
  return h("div", null, list, more);
}

/** A tie Kith suggests: who, why, and one click to link or to say no for good. */
function suggestion(person: PersonDto, s: LinkSuggestionDto, reload: () => Promise<void>): HTMLElement {
  const other = s.a.id === person.id ? s.b : s.a;
  const link = (kind: string) => act(() => api.linkPeople({ from: person.id, to: other.id, kind, note: null, since: null }), `Linked ${other.displayName}.`, reload);
  return h(
    "li",
    { class: "link suggestion", dataset: { other: String(other.id) } },
    h("a", { class: "person-link", attrs: { href: `#/person/${other.id}` } }, other.displayName),
    h("span", { class: "muted small" }, ` — ${s.evidence} `),
    h("button", { class: "link-button", attrs: { type: "button", "aria-label": `Link ${other.displayName} as a colleague` }, on: { click: () => link("colleague") } }, "Colleague"),
    " ",
    h("button", { class: "link-button", attrs: { type: "button", "aria-label": `Link ${other.displayName} as a friend` }, on: { click: () => link("friend") } }, "Friend"),
    " ",
    h(
      "button",
      { class: "link-button", attrs: { type: "button", "aria-label": `Do not suggest ${other.displayName} again` }, on: { click: () => act(() => api.dismissLinkSuggestion(person.id, other.id), "Not suggested again.", reload) } },
      "No",
    ),
  );
}
