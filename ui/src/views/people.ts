// The people list: search as you type, virtualised so 30,000 people scroll
// like 30. Rows are fetched in pages as they come into view.

import { api, type PersonSummaryDto } from "../ipc/api";
import { h, replace } from "../dom";
import { humanize, initials, relativeTime, workLine } from "../logic/format";
import { healthLabel, STAGE_IDS, stageLabel, stageRank } from "../logic/stage";
import { PageCache, pagesFor, visibleRange } from "../logic/virtual";
import { navigate, type View } from "../navigate";
import { welcome } from "./welcome";
import { showError } from "./toast";

const ROW_HEIGHT = 60;
const HEALTH_IDS = ["warm", "cooling", "cold"];
const SORTS: Array<[string, string]> = [
  ["", "Name (best match when searching)"],
  ["recent", "Recently in touch"],
  ["attention", "Needs attention"],
  ["stage", "Furthest along"],
];
const PAGE_SIZE = 100;

export function mountPeople(search: HTMLInputElement): View {
  const summary = h("p", { class: "muted list-summary", attrs: { id: "people-summary" } });
  const spacer = h("div", { class: "virtual-spacer" });
  const rows = h("ul", { class: "virtual-rows", attrs: { role: "listbox", "aria-label": "People" } });
  const scroller = h("div", { class: "virtual-scroller", attrs: { tabindex: "0", id: "people-list" } }, spacer, rows);
  const chips = h("div", { class: "stage-filter", attrs: { role: "group", "aria-label": "Filter by stage", id: "stage-filter" } });
  const healthChips = h("div", { class: "stage-filter health-filter", attrs: { role: "group", "aria-label": "Filter by warmth", id: "health-filter" } });
  const sortSelect = h(
    "select",
    { attrs: { id: "people-sort", "aria-label": "Order" } },
    ...SORTS.map(([value, label]) => h("option", { attrs: { value } }, label)),
  );
  sortSelect.addEventListener("change", () => {
    sort = sortSelect.value || null;
    void reset();
  });
  const el = h(
    "section",
    { class: "view people" },
    h("div", { class: "view-header" }, h("h1", null, "People"), summary, h("label", { class: "sort-label" }, "Order ", sortSelect)),
    chips,
    healthChips,
    scroller,
  );
  let stage: string | null = null;
  let health: string | null = null;
  let sort: string | null = null;
  const filter = () => ({ stage, health, sort });

  async function drawChips(): Promise<void> {
    try {
      const funnel = await api.funnel();
      if (disposed) return;
      const count = (id: string) => funnel.byStage.find((c) => c.key === id)?.count ?? 0;
      const all = funnel.byStage.reduce((sum, c) => sum + c.count, 0);
      const chip = (id: string | null, label: string, n: number) =>
        h(
          "button",
          {
            class: stage === id ? "chip active" : "chip",
            attrs: { type: "button", "aria-pressed": stage === id, "data-stage": id ?? "all" },
            on: {
              click: () => {
                stage = id;
                void drawChips();
                void reset();
              },
            },
          },
          label,
          h("span", { class: "chip-count" }, n.toLocaleString()),
        );
      replace(chips, chip(null, "Everyone", all), ...STAGE_IDS.map((id) => chip(id, stageLabel(id), count(id))));
      const healthCount = (id: string) => funnel.byHealth.find((c) => c.key === id)?.count ?? 0;
      const healthChip = (id: string | null, label: string) =>
        h(
          "button",
          {
            class: health === id ? "chip active" : "chip",
            attrs: { type: "button", "aria-pressed": health === id, "data-health": id ?? "any" },
            on: {
              click: () => {
                health = id;
                void drawChips();
                void reset();
              },
            },
          },
          id ? h("span", { class: `health health-${id}`, attrs: { "aria-hidden": "true" } }) : null,
          label,
          id ? h("span", { class: "chip-count" }, healthCount(id).toLocaleString()) : null,
        );
      replace(healthChips, healthChip(null, "Any warmth"), ...HEALTH_IDS.map((id) => healthChip(id, healthLabel(id))));
    } catch (error) {
      showError(error);
    }
  }

  const cache = new PageCache<PersonSummaryDto>();
  const loading = new Set<number>();
  let query = search.value;
  let total = 0;
  // False while a search has more matches than were counted ("1,000+").
  let exact = true;
  let generation = 0;
  let active = 0;
  let disposed = false;

  async function fetchPage(page: number, gen: number): Promise<void> {
    if (loading.has(page)) return;
    loading.add(page);
    try {
      const result = await api.people(query, page * PAGE_SIZE, PAGE_SIZE, filter());
      if (gen !== generation || disposed) return;
      total = result.total;
      exact = result.totalIsExact;
      cache.set(page, result.people);
      draw();
    } catch (error) {
      showError(error);
    } finally {
      loading.delete(page);
    }
  }

  async function reset(): Promise<void> {
    generation++;
    cache.clear();
    loading.clear();
    active = 0;
    scroller.scrollTop = 0;
    const gen = generation;
    try {
      const first = await api.people(query, 0, PAGE_SIZE, filter());
      if (gen !== generation || disposed) return;
      total = first.total;
      exact = first.totalIsExact;
      cache.set(0, first.people);
      if (total === 0 && query.trim() === "" && stage === null && health === null) {
        replace(el, welcome(() => navigate({ view: "today" })));
        return;
      }
      draw();
    } catch (error) {
      showError(error);
    }
  }

  function row(person: PersonSummaryDto | undefined, index: number): HTMLElement {
    const top = `${index * ROW_HEIGHT}px`;
    if (!person) {
      const placeholder = h("li", { class: "person-row placeholder" }, h("span", { class: "muted" }, "…"));
      placeholder.style.transform = `translateY(${top})`;
      return placeholder;
    }
    const now = new Date();
    const item = h(
      "li",
      {
        class: index === active ? "person-row active" : "person-row",
        attrs: { role: "option", "aria-selected": index === active },
        dataset: { id: String(person.id) },
        on: { click: () => navigate({ view: "person", id: person.id }) },
      },
      avatar(person),
      h(
        "span",
        { class: "person-text" },
        h("span", { class: "person-name" }, person.displayName, person.isSample ? h("span", { class: "tag sample" }, "sample") : null),
        h("span", { class: "muted" }, workLine(person.role, person.company)),
      ),
      h(
        "span",
        { class: "person-tags" },
        h("span", { class: `stage stage-${stageRank(person.stage)}`, attrs: { title: "Stage" } }, stageLabel(person.stage)),
        h("span", { class: `health health-${person.health}`, attrs: { title: healthLabel(person.health), "aria-label": healthLabel(person.health) } }),
        ...person.tags.slice(0, 2).map((tag) => h("span", { class: "tag" }, tag)),
      ),
      h(
        "span",
        { class: "muted last-touch" },
        person.lastTouchAt ? `${humanize(person.lastTouchKind ?? "")} ${relativeTime(person.lastTouchAt, now)}` : "No touches yet",
      ),
    );
    item.style.transform = `translateY(${top})`;
    return item;
  }

  // Thumbnails of the rows drawn, asked for once per person, in one call
  // per drawing (null: no photo).
  const thumbs = new Map<number, string | null>();
  let wanted: number[] = [];
  let asking = false;

  function avatar(person: PersonSummaryDto): HTMLElement {
    const thumb = thumbs.get(person.id);
    if (thumb === undefined) wanted.push(person.id);
    return h(
      "span",
      { class: thumb ? "avatar has-photo" : "avatar", attrs: { "aria-hidden": "true" } },
      thumb ? h("img", { attrs: { src: thumb, alt: "" } }) : initials(person.displayName),
    );
  }

  async function fetchThumbs(): Promise<void> {
    if (asking || wanted.length === 0) return;
    asking = true;
    const ids = [...new Set(wanted)].slice(0, 200);
    wanted = [];
    try {
      const found = await api.photoThumbs(ids);
      for (const id of ids) thumbs.set(id, null);
      for (const t of found) thumbs.set(t.id, t.dataUrl);
      if (!disposed && found.length > 0) draw();
    } catch (error) {
      console.warn("thumbnails", error);
    } finally {
      asking = false;
    }
    if (wanted.length > 0) void fetchThumbs();
  }

  function draw(): void {
    spacer.style.height = `${total * ROW_HEIGHT}px`;
    summary.textContent = query.trim()
      ? `${total.toLocaleString()}${exact ? "" : "+"} ${total === 1 && exact ? "match" : "matches"}`
      : `${total.toLocaleString()} ${total === 1 ? "person" : "people"}`;
    const range = visibleRange(scroller.scrollTop, scroller.clientHeight || 600, ROW_HEIGHT, total);
    for (const page of pagesFor(range, PAGE_SIZE)) {
      if (!cache.get(page)) void fetchPage(page, generation);
    }
    const items: HTMLElement[] = [];
    for (let index = range.start; index < range.end; index++) items.push(row(cache.row(index, PAGE_SIZE), index));
    if (total === 0) {
      const why = query.trim() ? `Nobody matches “${query.trim()}”` : "Nobody";
      const where = [stage ? `at ${stageLabel(stage)}` : "", health ? `who is ${healthLabel(health).toLowerCase()}` : ""].filter(Boolean).join(" ");
      items.push(h("li", { class: "empty", attrs: { id: "no-matches" } }, where ? `${why} ${where}.` : `${why}.`));
    }
    replace(rows, ...items);
    void fetchThumbs();
  }

  function moveActive(by: number): void {
    if (total === 0) return;
    active = Math.max(0, Math.min(total - 1, active + by));
    const top = active * ROW_HEIGHT;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > scroller.scrollTop + scroller.clientHeight) {
      scroller.scrollTop = top + ROW_HEIGHT - scroller.clientHeight;
    }
    draw();
  }

  function openActive(): void {
    const person = cache.row(active, PAGE_SIZE);
    if (person) navigate({ view: "person", id: person.id });
  }

  let frame = 0;
  scroller.addEventListener("scroll", () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(draw);
  });
  const onKey = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown") moveActive(1);
    else if (event.key === "ArrowUp") moveActive(-1);
    else if (event.key === "PageDown") moveActive(10);
    else if (event.key === "PageUp") moveActive(-10);
    else if (event.key === "Enter") openActive();
    else return;
    event.preventDefault();
  };
  scroller.addEventListener("keydown", onKey);
  search.addEventListener("keydown", onKey);
  const onInput = () => {
    query = search.value;
    void reset();
  };
  search.addEventListener("input", onInput);
  const onResize = () => draw();
  window.addEventListener("resize", onResize);

  void drawChips();
  void reset();
  return {
    el,
    refresh: () => {
      void drawChips();
      void reset();
    },
    destroy: () => {
      disposed = true;
      search.removeEventListener("input", onInput);
      search.removeEventListener("keydown", onKey);
      window.removeEventListener("resize", onResize);
    },
  };
}
