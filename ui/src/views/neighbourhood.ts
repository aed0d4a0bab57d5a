// A person's neighbourhood on their page: the people linked to them and
// the rings beyond, drawn on a canvas (coloured by stage, links styled by
// kind, a legend), each person a click away; and who can introduce you to
// them, from the warm path.

import { api, type NeighbourhoodDto, type PersonDto, type WarmPathDto } from "../ipc/api";
import { h, replace } from "../dom";
import { bounds, fitView, layoutNeighbourhood, LINK_GROUPS, linkGroup, nearest, type Picture, stageColour, toLayout, type View2d } from "../logic/graph";
import { stageLabel } from "../logic/stage";
import { navigate } from "../navigate";
import { palette, type Palette, sizeCanvas } from "./graph-style";
import { showError } from "./toast";

const HEIGHT = 340;

function radius(ring: number): number {
  return ring === 0 ? 9 : ring === 1 ? 6 : ring === 2 ? 4.5 : 3.5;
}

/** Draws the picture; `hover` is the index of the person under the pointer. */
function draw(canvas: HTMLCanvasElement, picture: Picture, view: View2d, colours: Palette, hover: number): void {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const dpr = window.devicePixelRatio || 1;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const at = new Map(picture.nodes.map((n) => [n.id, n]));
  const px = (x: number) => x * view.scale + view.dx;
  const py = (y: number) => y * view.scale + view.dy;
  for (const e of picture.edges) {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (!a || !b) continue;
    const style = colours.links[linkGroup(e.kind)];
    ctx.strokeStyle = style.colour;
    ctx.setLineDash(style.dash);
    ctx.lineWidth = a.ring === 0 || b.ring === 0 ? 1.6 : 1;
    ctx.globalAlpha = a.ring + b.ring <= 2 ? 0.9 : 0.45;
    ctx.beginPath();
    ctx.moveTo(px(a.x), py(a.y));
    ctx.lineTo(px(b.x), py(b.y));
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
  picture.nodes.forEach((n, i) => {
    ctx.fillStyle = stageColour(colours.stages, n.stage);
    ctx.strokeStyle = i === hover || n.ring === 0 ? colours.text : colours.panel;
    ctx.lineWidth = i === hover || n.ring === 0 ? 2 : 1;
    ctx.beginPath();
    ctx.arc(px(n.x), py(n.y), radius(n.ring), 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
  });
  // Names: the person, their first ring when it is small enough to read,
  // and whoever the pointer is on.
  const firstRing = picture.nodes.filter((n) => n.ring === 1).length;
  ctx.font = "12px system-ui, sans-serif";
  ctx.textBaseline = "middle";
  picture.nodes.forEach((n, i) => {
    if (!(n.ring === 0 || (n.ring === 1 && firstRing <= 24) || i === hover)) return;
    const x = px(n.x) + radius(n.ring) + 4;
    const y = py(n.y);
    ctx.lineWidth = 3;
    ctx.strokeStyle = colours.panel;
    ctx.strokeText(n.name, x, y);
    ctx.fillStyle = colours.text;
    ctx.fillText(n.name, x, y);
  });
}

function legend(colours: Palette): HTMLElement {
  const swatch = (colour: string) => h("span", { class: "swatch", attrs: { style: `background:${colour}` } });
  const line = (colour: string, dash: number[]) =>
    h("span", { class: "swatch-line", attrs: { style: `border-top: 2px ${dash.length === 0 ? "solid" : dash[0] > 3 ? "dashed" : "dotted"} ${colour}` } });
  return h(
    "div",
    { class: "graph-legend muted small", attrs: { "aria-hidden": "true" } },
    ...["connected", "engaged", "relationship", "trusted"].map((s) => h("span", { class: "legend-item" }, swatch(stageColour(colours.stages, s)), stageLabel(s))),
    ...LINK_GROUPS.map(([group, label]) => h("span", { class: "legend-item" }, line(colours.links[group].colour, colours.links[group].dash), label)),
  );
}

/** The picture, interactive: the pointer names a person, a click opens them. */
function canvasFor(person: PersonDto, graph: NeighbourhoodDto, started: number): HTMLElement {
  const colours = palette();
  const picture = layoutNeighbourhood(graph);
  const canvas = h("canvas", {
    class: "graph-canvas",
    attrs: {
      id: "neighbourhood-canvas",
      role: "img",
      "aria-label": `${person.displayName}'s neighbourhood: ${graph.nodes.length - 1} people, ${graph.edges.length} links`,
    },
  }) as HTMLCanvasElement;
  const wrap = h("div", { class: "graph-wrap" }, canvas);
  let view: View2d = { scale: 1, dx: 0, dy: 0 };
  let hover = -1;
  const xs = picture.nodes.map((n) => n.x);
  const ys = picture.nodes.map((n) => n.y);
  const size = () => {
    const width = wrap.clientWidth || 480;
    sizeCanvas(canvas, width, HEIGHT);
    view = fitView(
      bounds(picture.nodes.map((n) => ({ x: n.x, y: n.y, r: 12 }))),
      width,
      HEIGHT,
      28,
      2.5,
    );
    draw(canvas, picture, view, colours, hover);
    // Where the nearest people are drawn, in CSS pixels: what a pointer
    // (or a test driving one) aims at.
    canvas.dataset.points = JSON.stringify(picture.nodes.slice(0, 40).map((n) => [n.id, Math.round(n.x * view.scale + view.dx), Math.round(n.y * view.scale + view.dy)]));
  };
  const under = (event: MouseEvent) => {
    const rect = canvas.getBoundingClientRect();
    const p = toLayout(view, event.clientX - rect.left, event.clientY - rect.top);
    return nearest(xs, ys, p.x, p.y, 12 / view.scale);
  };
  canvas.addEventListener("mousemove", (event) => {
    const i = under(event);
    if (i === hover) return;
    hover = i;
    canvas.style.cursor = i >= 0 ? "pointer" : "default";
    canvas.title = i >= 0 ? `${picture.nodes[i].name} — ${stageLabel(picture.nodes[i].stage)}` : "";
    draw(canvas, picture, view, colours, hover);
  });
  canvas.addEventListener("click", (event) => {
    const i = under(event);
    if (i >= 0 && picture.nodes[i].id !== person.id) navigate({ view: "person", id: picture.nodes[i].id });
  });
  // Drawn once the card is in the page and has a width.
  requestAnimationFrame(() => {
    size();
    canvas.dataset.drawnMs = String(Math.round(performance.now() - started));
    canvas.dataset.people = String(picture.nodes.length);
  });
  new ResizeObserver(() => size()).observe(wrap);
  return h(
    "div",
    null,
    wrap,
    legend(colours),
    graph.cut ? h("p", { class: "muted small" }, "The faintest ties are left out to keep the picture readable.") : null,
  );
}

/** A warm path's best five routes under a title, or why there are none. */
export function routeList(path: WarmPathDto, title: string, id: string): HTMLElement {
  const none =
    path.targets === 0
      ? path.to === "ask"
        ? "No one offers this yet. Add what people can help with on their pages."
        : `No one at ${path.target} is in Kith yet.`
      : "No one you know is linked to them yet.";
  return h(
    "div",
    { class: "warm-path", attrs: { id } },
    h("h3", null, title),
    path.routes.length === 0
      ? h("p", { class: "muted small" }, none)
      : h(
          "ol",
          { class: "plain routes" },
          ...path.routes.slice(0, 5).map((r) =>
            h(
              "li",
              { class: "route", dataset: { via: String(r.via.id) } },
              h("a", { class: "person-link", attrs: { href: `#/person/${r.via.id}` } }, r.via.displayName),
              h("span", { class: "muted small" }, ` — ${r.reason.slice(r.via.displayName.length + 3)}`),
            ),
          ),
        ),
  );
}

/** The card: drawn when the person has links; the warm path below it. */
export function neighbourhoodCard(person: PersonDto, linkCount: number): HTMLElement {
  const body = h("div", { class: "muted small" }, "Drawing…");
  const depth = h(
    "select",
    { attrs: { id: "neighbourhood-depth", "aria-label": "How far around them" } },
    ...[1, 2, 3].map((d) => h("option", { attrs: { value: String(d), ...(d === 2 ? { selected: "" } : {}) } }, d === 1 ? "Their links" : `${d} rings`)),
  );
  const card = h(
    "section",
    { class: "card", attrs: { id: "neighbourhood", "aria-label": "Neighbourhood" } },
    h("div", { class: "card-head" }, h("h2", null, "Neighbourhood"), linkCount > 0 ? depth : null, h("a", { class: "small", attrs: { href: "#/network" } }, "Everyone")),
    body,
  );
  const load = async () => {
    const started = performance.now();
    try {
      const [graph, path] = await Promise.all([
        linkCount > 0 ? api.neighbourhood(person.id, Number(depth.value)) : Promise.resolve(null),
        api.warmPath(person.id),
      ]);
      replace(
        body,
        graph && graph.edges.length > 0 ? canvasFor(person, graph, started) : h("p", { class: "muted" }, "Link them to the people they know to see their neighbourhood."),
        routeList(path, "Who can introduce you", "warm-path"),
      );
    } catch (error) {
      showError(error);
    }
  };
  depth.addEventListener("change", () => void load());
  void load();
  return card;
}
