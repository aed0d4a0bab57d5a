// The dashboard: pictures of where the network stands. Every figure is a
// button that lists the people behind it; the pictures redraw when touches
// are logged.

import { api, type CountDto, type DashboardDto } from "../ipc/api";
import { h, replace, s } from "../dom";
import { barLengths, figureLabel, mixLabel, people, segments, weekLabel, weekScale } from "../logic/dashboard";
import { healthLabel, stageLabel } from "../logic/stage";
import { lifecycle, type View } from "../navigate";
import { showError } from "./toast";

const FUNNEL_WIDTH = 520;
const FUNNEL_ROW = 34;
const WEEK_WIDTH = 520;
const WEEK_HEIGHT = 140;
const STRIP_WIDTH = 520;

/** Makes an SVG group act as a button for the figure `id`. */
function clickable(el: SVGElement, figure: string, label: string, open: (figure: string) => void): SVGElement {
  el.setAttribute("role", "button");
  el.setAttribute("tabindex", "0");
  el.setAttribute("aria-label", label);
  el.setAttribute("class", `${el.getAttribute("class") ?? ""} figure`.trim());
  el.dataset.figure = figure;
  el.addEventListener("click", () => open(figure));
  el.addEventListener("keydown", (event) => {
    const key = (event as KeyboardEvent).key;
    if (key === "Enter" || key === " ") {
      event.preventDefault();
      open(figure);
    }
  });
  return el;
}

function tile(figure: string | null, value: number, label: string, open: (figure: string) => void): HTMLElement {
  const body = [h("span", { class: "tile-value" }, String(value)), h("span", { class: "tile-label" }, label)];
  if (figure === null) return h("div", { class: "tile" }, ...body);
  return h(
    "button",
    { class: "tile figure", attrs: { type: "button", "aria-label": `${label}: ${value}` }, dataset: { figure }, on: { click: () => open(figure) } },
    ...body,
  );
}

function funnel(byStage: CountDto[], open: (figure: string) => void): SVGElement {
  const labelWidth = 130;
  const barSpace = FUNNEL_WIDTH - labelWidth - 50;
  const lengths = barLengths(
    byStage.map((c) => c.count),
    barSpace,
  );
  return s(
    "svg",
    { class: "chart funnel-chart", viewBox: `0 0 ${FUNNEL_WIDTH} ${byStage.length * FUNNEL_ROW}`, role: "group", "aria-label": "People per stage" },
    ...byStage.map((c, i) => {
      const y = i * FUNNEL_ROW;
      const width = lengths[i];
      const x = labelWidth + (barSpace - width) / 2;
      return clickable(
        s(
          "g",
          { class: `funnel-row stage-${i + 1}` },
          s("rect", { class: "hit", x: 0, y, width: FUNNEL_WIDTH, height: FUNNEL_ROW }),
          s("text", { class: "label", x: 0, y: y + FUNNEL_ROW / 2 + 5 }, stageLabel(c.key)),
          s("rect", { class: "bar", x, y: y + 5, width: Math.max(width, 0), height: FUNNEL_ROW - 10, rx: 5 }),
          s("text", { class: "value", x: FUNNEL_WIDTH - 4, y: y + FUNNEL_ROW / 2 + 5, "text-anchor": "end" }, String(c.count)),
        ),
        `stage:${c.key}`,
        `${stageLabel(c.key)}: ${people(c.count)}`,
        open,
      );
    }),
  );
}

function strip(counts: CountDto[], prefix: string, name: (key: string) => string, open: (figure: string) => void, aria: string): HTMLElement {
  const parts = segments(counts);
  const height = 26;
  const chart = s(
    "svg",
    { class: `chart strip ${prefix}-strip`, viewBox: `0 0 ${STRIP_WIDTH} ${height}`, role: "group", "aria-label": aria },
    parts.length === 0 ? s("rect", { class: "empty-bar", x: 0, y: 0, width: STRIP_WIDTH, height, rx: 6 }) : null,
    ...parts.map((p) =>
      clickable(
        s(
          "g",
          { class: `segment ${prefix}-${p.key}` },
          s("rect", { x: p.start * STRIP_WIDTH, y: 0, width: Math.max(p.share * STRIP_WIDTH - 2, 1), height, rx: 4 }),
        ),
        `${prefix}:${p.key}`,
        `${name(p.key)}: ${p.count}`,
        open,
      ),
    ),
  );
  const legend = h(
    "ul",
    { class: "legend" },
    ...counts.map((c) =>
      h(
        "li",
        null,
        h(
          "button",
          { class: "link-button figure", attrs: { type: "button" }, dataset: { figure: `${prefix}:${c.key}` }, on: { click: () => open(`${prefix}:${c.key}`) } },
          h("span", { class: `swatch ${prefix}-${c.key}`, attrs: { "aria-hidden": "true" } }),
          `${name(c.key)} `,
          h("strong", null, String(c.count)),
        ),
      ),
    ),
  );
  return h("div", { class: "strip-block" }, chart, legend);
}

function weeksChart(board: DashboardDto, open: (figure: string) => void): SVGElement {
  const bottom = 22;
  const top = 14;
  const plot = WEEK_HEIGHT - bottom - top;
  const scale = weekScale(
    board.weeks.map((w) => w.touches),
    board.weeklyGoal,
    plot,
  );
  const slot = WEEK_WIDTH / board.weeks.length;
  const goalY = top + plot - scale.goal;
  return s(
    "svg",
    { class: "chart weeks-chart", viewBox: `0 0 ${WEEK_WIDTH} ${WEEK_HEIGHT}`, role: "group", "aria-label": "Touches per week" },
    ...board.weeks.map((w, i) => {
      const height = scale.heights[i];
      const x = i * slot + slot * 0.18;
      const met = w.touches >= board.weeklyGoal;
      return clickable(
        s(
          "g",
          { class: `week${met ? " met" : ""}${i === board.weeks.length - 1 ? " current" : ""}` },
          s("rect", { class: "hit", x: i * slot, y: 0, width: slot, height: WEEK_HEIGHT }),
          s("rect", { class: "bar", x, y: top + plot - height, width: slot * 0.64, height: Math.max(height, 0), rx: 4 }),
          s("text", { class: "value", x: x + slot * 0.32, y: top + plot - height - 3, "text-anchor": "middle" }, w.touches ? String(w.touches) : ""),
          s("text", { class: "label", x: x + slot * 0.32, y: WEEK_HEIGHT - 6, "text-anchor": "middle" }, weekLabel(w.starts)),
        ),
        `week:${i}`,
        `Week of ${weekLabel(w.starts)}: ${w.touches} touches`,
        open,
      );
    }),
    s("line", { class: "goal-line", x1: 0, x2: WEEK_WIDTH, y1: goalY, y2: goalY }),
    s("text", { class: "goal-label", x: WEEK_WIDTH - 2, y: goalY - 4, "text-anchor": "end" }, `goal ${board.weeklyGoal}`),
  );
}

export function mountDashboard(): View {
  const el = h("section", { class: "view dashboard", attrs: { "aria-labelledby": "dashboard-title" } });
  const panel = h("aside", { class: "card figure-people", attrs: { id: "figure-people", "aria-live": "polite", hidden: true } });
  const life = lifecycle();
  let board: DashboardDto | null = null;
  let shown: string | null = null;

  async function load(): Promise<void> {
    try {
      const next = await api.dashboard();
      if (!life.alive()) return;
      board = next;
      render(next);
      if (shown) await open(shown);
    } catch (error) {
      showError(error);
    }
  }

  async function open(figure: string): Promise<void> {
    shown = figure;
    try {
      const found = await api.figurePeople(figure);
      if (!life.alive() || shown !== figure) return;
      panel.hidden = false;
      replace(
        panel,
        h(
          "header",
          { class: "panel-header" },
          h("h2", { attrs: { id: "figure-title" } }, figureLabel(figure, board?.weeks ?? [])),
          h(
            "button",
            {
              class: "link-button",
              attrs: { type: "button", "aria-label": "Close the list" },
              on: {
                click: () => {
                  shown = null;
                  panel.hidden = true;
                },
              },
            },
            "Close",
          ),
        ),
        found.people.length === 0
          ? h("p", { class: "muted" }, "Nobody right now.")
          : h(
              "ul",
              { class: "plain figure-list" },
              ...found.people.map((p) => h("li", null, h("a", { attrs: { href: `#/person/${p.id}` } }, p.displayName))),
            ),
      );
    } catch (error) {
      showError(error);
    }
  }

  const openFigure = (figure: string) => void open(figure);

  function goalForm(current: number): HTMLElement {
    const input = h("input", { attrs: { type: "number", min: 1, max: 1000, value: current, name: "goal", "aria-label": "Weekly goal", id: "weekly-goal" } });
    const form = h("form", { class: "goal-form" }, h("label", null, "Weekly goal ", input, " touches"), h("button", { class: "button small", attrs: { type: "submit" } }, "Set"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const goal = Number(input.value);
      if (!Number.isInteger(goal) || goal < 1 || goal > 1000) {
        showError("Choose a goal between 1 and 1000 touches a week.");
        return;
      }
      try {
        await api.setWeeklyGoal(goal);
        await load();
      } catch (error) {
        showError(error);
      }
    });
    return form;
  }

  function render(d: DashboardDto): void {
    const [month, quarter] = d.movement;
    replace(
      el,
      h("div", { class: "dashboard-head" }, h("h1", { attrs: { id: "dashboard-title" } }, "Dashboard"), h("a", { class: "button small", attrs: { href: "#/network", id: "open-network" } }, "Who knows whom")),
      h(
        "div",
        { class: "tiles" },
        tile(null, d.people, "people", openFigure),
        tile("due-today", d.dueToday, "due today", openFigure),
        tile("queue", d.queue, "in the welcome queue", openFigure),
        month ? tile(`moved-up:${month.days}`, month.movedUp, `moved up in ${month.days} days`, openFigure) : null,
        month ? tile(`went-cold:${month.days}`, month.wentCold, `went cold in ${month.days} days`, openFigure) : null,
        quarter ? tile(`moved-up:${quarter.days}`, quarter.movedUp, `moved up in ${quarter.days} days`, openFigure) : null,
        quarter ? tile(`went-cold:${quarter.days}`, quarter.wentCold, `went cold in ${quarter.days} days`, openFigure) : null,
      ),
      h(
        "div",
        { class: "dashboard-grid" },
        h(
          "div",
          { class: "column" },
          h("section", { class: "card", attrs: { id: "funnel", "aria-label": "Funnel" } }, h("h2", null, "From connection to trust"), funnel(d.byStage, openFigure)),
          h(
            "section",
            { class: "card", attrs: { id: "weeks", "aria-label": "Touches per week" } },
            h("h2", null, "Touches per week"),
            weeksChart(d, openFigure),
            goalForm(d.weeklyGoal),
          ),
          h(
            "section",
            { class: "card", attrs: { id: "health", "aria-label": "Health" } },
            h("h2", null, "Warmth"),
            strip(d.byHealth, "health", healthLabel, openFigure, "People by health"),
          ),
          h(
            "section",
            { class: "card", attrs: { id: "mix", "aria-label": "Channel mix" } },
            h("h2", null, "How you were in touch (90 days)"),
            strip(d.mix, "mix", mixLabel, openFigure, "Touches by channel"),
          ),
        ),
        panel,
      ),
    );
  }

  return life.view(el, load);
}
