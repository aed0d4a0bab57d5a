// Duplicates: likely pairs with the reason, merged in one click (keeping
// everything of both) and undone as easily; or set apart for good.

import { api, type DuplicateDto, type FoldedDto, type MergeDto } from "../ipc/api";
import { h, replace } from "../dom";
import { relativeTime } from "../logic/format";
import { lifecycle, type View } from "../navigate";
import { act, showError, toast } from "./toast";

export function mountDuplicates(): View {
  const el = h("section", { class: "view duplicates", attrs: { "aria-labelledby": "duplicates-title" } });
  const life = lifecycle();

  async function load(): Promise<void> {
    try {
      const [pairs, merges, folded] = await Promise.all([api.duplicates(), api.merges(), api.folded()]);
      if (life.alive()) render(pairs, merges, folded);
    } catch (error) {
      showError(error);
    }
  }

  async function merge(keep: { id: number; displayName: string }, remove: { id: number; displayName: string }): Promise<void> {
    try {
      const done = await api.mergePeople(keep.id, remove.id);
      toast(`Merged ${remove.displayName} into ${keep.displayName}. Undo it below.`);
      await load();
      document.querySelector<HTMLButtonElement>(`[data-undo="${done.id}"]`)?.focus();
    } catch (error) {
      showError(error);
    }
  }

  function pair(p: DuplicateDto): HTMLElement {
    const link = (who: { id: number; displayName: string }) => h("a", { attrs: { href: `#/person/${who.id}` } }, who.displayName);
    return h(
      "li",
      { class: "duplicate", dataset: { a: String(p.a.id), b: String(p.b.id) } },
      h("p", null, link(p.a), " and ", link(p.b), h("span", { class: `tag strength-${p.strength}` }, p.reason)),
      h(
        "div",
        { class: "form-actions left" },
        h("button", { class: "button small primary", attrs: { type: "button" }, dataset: { keep: String(p.a.id) }, on: { click: () => void merge(p.a, p.b) } }, `Keep ${p.a.displayName}`),
        h("button", { class: "button small", attrs: { type: "button" }, dataset: { keep: String(p.b.id) }, on: { click: () => void merge(p.b, p.a) } }, `Keep ${p.b.displayName}`),
        h(
          "button",
          { class: "button small ghost", attrs: { type: "button" }, on: { click: () => act(() => api.setNotDuplicates(p.a.id, p.b.id), "They stay two people.", load) } },
          "Two different people",
        ),
      ),
    );
  }

  function render(pairs: DuplicateDto[], merges: MergeDto[], folded: FoldedDto[]): void {
    const now = new Date();
    replace(
      el,
      h("h1", { attrs: { id: "duplicates-title" } }, "Duplicates"),
      h("p", { class: "muted" }, "Merging keeps everything of both — identities, touches, follow-ups, notes, tags — under the person you keep. It can be undone."),
      h(
        "section",
        { class: "card", attrs: { id: "duplicate-pairs", "aria-label": "Likely duplicates" } },
        h("h2", null, "Likely the same person", h("span", { class: "count" }, String(pairs.length))),
        pairs.length === 0 ? h("p", { class: "muted", attrs: { id: "no-duplicates" } }, "No likely duplicates.") : h("ul", { class: "plain duplicates-list" }, ...pairs.map(pair)),
      ),
      folded.length
        ? h(
            "section",
            { class: "card", attrs: { id: "folded", "aria-label": "Records that may hold two people" } },
            h("h2", null, "Maybe two people in one", h("span", { class: "count" }, String(folded.length))),
            h("p", { class: "muted small" }, "These records took imported rows with other names, as older versions of Kith did with a shared phone or e-mail. Open one and use Split… to give the other person their own record."),
            h(
              "ul",
              { class: "plain" },
              ...folded.map((f) =>
                h(
                  "li",
                  { class: "folded", dataset: { person: String(f.person.id) } },
                  h("a", { attrs: { href: `#/person/${f.person.id}` } }, f.person.displayName),
                  h("span", { class: "muted" }, ` also took rows named ${f.otherNames.join(", ")}`),
                ),
              ),
            ),
          )
        : null,
      merges.length
        ? h(
            "section",
            { class: "card", attrs: { id: "recent-merges", "aria-label": "Merges" } },
            h("h2", null, "Merged"),
            h(
              "ul",
              { class: "plain" },
              ...merges.map((m) =>
                h(
                  "li",
                  { class: "merge" },
                  `${m.removedName} into `,
                  h("a", { attrs: { href: `#/person/${m.kept.id}` } }, m.kept.displayName),
                  h("span", { class: "muted" }, ` · ${relativeTime(m.mergedAt, now)} `),
                  h("button", { class: "button small", attrs: { type: "button" }, dataset: { undo: String(m.id) }, on: { click: () => act(() => api.undoMerge(m.id), "Merge undone.", load) } }, "Undo"),
                ),
              ),
            ),
          )
        : null,
    );
  }

  return life.view(el, load);
}
