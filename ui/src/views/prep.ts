// The sheet to read before a meeting: for each person on it, what matters
// to them now, their asks and offers, open follow-ups and the last touches.

import { api, type PrepDto, type PrepPersonDto } from "../ipc/api";
import { appState } from "../app-state";
import { h } from "../dom";
import { dueLabel, humanize, relativeTime, workLine } from "../logic/format";
import { touchDetail } from "../logic/mail";
import { meetingLine } from "../logic/plan";
import { openDialog } from "./dialog";
import { showError } from "./toast";

function section(title: string, items: HTMLElement[]): HTMLElement | null {
  if (items.length === 0) return null;
  return h("div", { class: "prep-section" }, h("h4", null, title), h("ul", { class: "plain" }, ...items));
}

function personSheet(one: PrepPersonDto, now: Date): HTMLElement {
  const p = one.person;
  const work = workLine(p.role, p.company);
  return h(
    "article",
    { class: "prep-person", dataset: { person: String(p.id) } },
    h("h3", null, h("a", { class: "person-link", attrs: { href: `#/person/${p.id}` } }, p.displayName), work ? h("span", { class: "muted small" }, ` · ${work}`) : null),
    section(
      "What matters to them",
      one.topics.map((t) => h("li", null, t.text)),
    ),
    section("Asks", one.asks.map((n) => h("li", null, n.text))),
    section("Offers", one.offers.map((n) => h("li", null, n.text))),
    section(
      "Open follow-ups",
      one.followUps.map((f) => h("li", null, f.what, h("span", { class: "muted small" }, ` · ${dueLabel(f.dueAt, now)}`))),
    ),
    one.touches.length === 0
      ? h("p", { class: "muted small" }, "No touches yet: this is the first.")
      : section(
          "Last touches",
          one.touches.map((t) =>
            h(
              "li",
              null,
              h("span", { class: "touch-kind" }, humanize(t.kind)),
              h("span", { class: "muted small" }, ` ${touchDetail(t)} · ${relativeTime(t.at, now)}`),
              t.summary ? h("span", null, ` — ${t.summary}`) : null,
            ),
          ),
        ),
    ...p.notes.slice(0, 2).map((n) => h("p", { class: "prep-note small" }, n.body.split("\n")[0])),
  );
}

function render(sheet: PrepDto, now: Date, zone: string): HTMLElement {
  return h(
    "div",
    { class: "prep-sheet", attrs: { id: "prep-sheet" } },
    sheet.meeting ? h("p", { class: "prep-when" }, meetingLine(sheet.meeting, zone)) : null,
    ...sheet.people.map((one) => personSheet(one, now)),
  );
}

/** Opens the sheet for a meeting (by key) or a person's next meeting. */
export function openPrep(title: string, meeting: string | null, person: number | null): void {
  const dialog = openDialog(title, { wide: true });
  dialog.body.append(h("p", { class: "muted" }, "Reading…"));
  dialog.show();
  api
    .prep(meeting, person)
    .then((sheet) => {
      const zone = appState.get().info?.timeZone ?? "UTC";
      dialog.body.replaceChildren(render(sheet, new Date(), zone));
      dialog.body.querySelector<HTMLElement>("a")?.focus();
    })
    .catch((error) => {
      dialog.close();
      showError(error);
    });
}
