// The network view: everyone, clustered by company, on one canvas. Kith
// computes every position (a force layout of 30,000 people would take the
// webview seconds), so the window only draws: clusters as discs of dots
// coloured by stage, lines between clusters as thick as the links joining
// them. A click on a cluster zooms into it, where names appear, a click
// opens a person and, for a company, who can introduce you to someone
// there is listed below; the wheel zooms, dragging pans, Everyone goes back.

import { api, type NetworkDto } from "../ipc/api";
import { h, replace } from "../dom";
import { bounds, clusterAt, fitView, membersOf, nearest, stageColour, toLayout, type View2d, zoomAt } from "../logic/graph";
import { lifecycle, navigate, type View } from "../navigate";
import { palette, type Palette, sizeCanvas } from "./graph-style";
import { routeList } from "./neighbourhood";
import { showError } from "./toast";

const formatCount = (n: number) => n.toLocaleString();

/** The most names drawn inside a cluster at once. */
const MAX_NAMES = 160;

function draw(canvas: HTMLCanvasElement, net: NetworkDto, view: View2d, colours: Palette, focus: number, members: number[], hover: number): void {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.width / dpr;
  const height = canvas.height / dpr;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const px = (x: number) => x * view.scale + view.dx;
  const py = (y: number) => y * view.scale + view.dy;
  // The strongest links between clusters.
  ctx.strokeStyle = colours.muted;
  const strongest = net.bridges
    .filter(([a, b]) => a !== b)
    .sort((x, y) => y[2] - x[2])
    .slice(0, 60);
  for (const [a, b, n] of strongest) {
    const ca = net.clusters[a];
    const cb = net.clusters[b];
    ctx.globalAlpha = 0.18;
    ctx.lineWidth = 1 + Math.log2(n);
    ctx.beginPath();
    ctx.moveTo(px(ca.x), py(ca.y));
    ctx.lineTo(px(cb.x), py(cb.y));
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  // Discs.
  net.clusters.forEach((c, i) => {
    ctx.fillStyle = colours.panel;
    ctx.strokeStyle = i === focus ? colours.text : colours.line;
    ctx.lineWidth = i === focus ? 2 : 1;
    ctx.beginPath();
    ctx.arc(px(c.x), py(c.y), c.r * view.scale, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
  });
  // People, a colour at a time; those off screen are skipped.
  const dot = focus >= 0 ? Math.max(3, Math.min(8, view.scale * 4)) : Math.max(1.5, Math.min(6, view.scale * 3));
  for (let stage = 1; stage <= 6; stage++) {
    ctx.fillStyle = stageColour(colours.stages, stage);
    for (let i = 0; i < net.ids.length; i++) {
      if (net.stages[i] !== stage) continue;
      const x = px(net.x[i]);
      const y = py(net.y[i]);
      if (x < -dot || y < -dot || x > width + dot || y > height + dot) continue;
      ctx.fillRect(x - dot / 2, y - dot / 2, dot, dot);
    }
  }
  ctx.font = "12px system-ui, sans-serif";
  ctx.textBaseline = "middle";
  const label = (text: string, x: number, y: number, bold = false) => {
    ctx.font = `${bold ? "600 " : ""}12px system-ui, sans-serif`;
    ctx.lineWidth = 3;
    ctx.strokeStyle = colours.panel;
    ctx.strokeText(text, x, y);
    ctx.fillStyle = colours.text;
    ctx.fillText(text, x, y);
  };
  if (focus >= 0) {
    // Inside a cluster: names from the middle (the closest stages) out,
    // each where it covers no name already drawn.
    const taken: { x: number; y: number; w: number }[] = [];
    for (const i of members) {
      if (taken.length >= MAX_NAMES) break;
      const x = px(net.x[i]) + dot;
      const y = py(net.y[i]);
      if (x < 0 || y < 0 || x > width || y > height) continue;
      const w = ctx.measureText(net.names[i]).width + 6;
      if (taken.some((t) => x < t.x + t.w && t.x < x + w && Math.abs(t.y - y) < 15)) continue;
      taken.push({ x, y, w });
      label(net.names[i], x, y);
    }
  } else {
    // Cluster names at their centres, largest first, each only where it
    // covers no name already drawn.
    ctx.textAlign = "center";
    ctx.font = "600 12px system-ui, sans-serif";
    const taken: { x: number; y: number; w: number }[] = [];
    net.clusters.forEach((c) => {
      if (c.r * view.scale < 16) return;
      const text = `${c.name} · ${formatCount(c.size)}`;
      const w = ctx.measureText(text).width + 10;
      const x = px(c.x);
      const y = py(c.y);
      if (taken.some((t) => Math.abs(t.x - x) < (t.w + w) / 2 && Math.abs(t.y - y) < 20)) return;
      taken.push({ x, y, w });
      ctx.globalAlpha = 0.85;
      ctx.fillStyle = colours.panel;
      ctx.fillRect(x - w / 2, y - 10, w, 20);
      ctx.globalAlpha = 1;
      ctx.fillStyle = colours.text;
      ctx.fillText(text, x, y);
    });
    ctx.textAlign = "start";
  }
  if (hover >= 0) label(net.names[hover], px(net.x[hover]) + dot + 2, py(net.y[hover]), true);
}

export function mountNetwork(): View {
  const el = h("section", { class: "view network", attrs: { "aria-busy": "true" } });
  const life = lifecycle();
  const started = performance.now();

  async function load(): Promise<void> {
    try {
      const net = await api.network();
      if (!life.alive()) return;
      show(net);
      el.removeAttribute("aria-busy");
    } catch (error) {
      showError(error);
    }
  }

  function show(net: NetworkDto): void {
    const colours = palette();
    const canvas = h("canvas", {
      class: "graph-canvas",
      attrs: { id: "network-canvas", role: "img", "aria-label": `Everyone: ${net.ids.length} people in ${net.clusters.length} clusters, ${net.links} links` },
    }) as HTMLCanvasElement;
    const wrap = h("div", { class: "graph-wrap network-wrap" }, canvas);
    const title = h("p", { class: "muted", attrs: { id: "network-title" } });
    // Zoomed into a company: who can introduce you to someone there.
    const ways = h("div", { attrs: { id: "network-path" } });
    let asked = "";
    const waysInto = async (company: string) => {
      asked = company;
      replace(ways);
      try {
        const path = await api.warmPathToCompany(company);
        if (asked === company && life.alive()) replace(ways, routeList(path, `Who can introduce you to someone at ${company}`, "company-path"));
      } catch (error) {
        showError(error);
      }
    };
    const back = h("button", { class: "button small", attrs: { type: "button", id: "network-everyone", disabled: "" } }, "Everyone");
    let view: View2d = { scale: 1, dx: 0, dy: 0 };
    let focus = -1;
    let hover = -1;
    let members: number[] = [];
    let drawn = false;
    const redraw = () => draw(canvas, net, view, colours, focus, members, hover);
    const whole = () => fitView(bounds(net.clusters), wrap.clientWidth || 800, wrap.clientHeight || 560, 32, 4);
    const size = () => sizeCanvas(canvas, wrap.clientWidth || 800, wrap.clientHeight || 560);
    const say = () => {
      title.textContent =
        focus >= 0
          ? `${net.clusters[focus].name}: ${formatCount(net.clusters[focus].size)} people. Click someone to open them.`
          : `${formatCount(net.ids.length)} people in ${net.clusters.length} clusters, ${formatCount(net.links)} links. Click a cluster to see its people.`;
    };
    // Moves the view to `target` over a quarter second.
    let animation = 0;
    const glide = (target: View2d) => {
      cancelAnimationFrame(animation);
      const from = view;
      const t0 = performance.now();
      const step = (t: number) => {
        const k = Math.min(1, (t - t0) / 250);
        const e = k * (2 - k);
        view = { scale: from.scale + (target.scale - from.scale) * e, dx: from.dx + (target.dx - from.dx) * e, dy: from.dy + (target.dy - from.dy) * e };
        redraw();
        if (k < 1) animation = requestAnimationFrame(step);
        else canvas.dataset.points = JSON.stringify(members.slice(0, 40).map((i) => [net.ids[i], Math.round(net.x[i] * view.scale + view.dx), Math.round(net.y[i] * view.scale + view.dy)]));
      };
      animation = requestAnimationFrame(step);
    };
    const zoomInto = (cluster: number) => {
      focus = cluster;
      members = membersOf(net, cluster);
      const c = net.clusters[cluster];
      back.removeAttribute("disabled");
      canvas.dataset.focus = c.name;
      say();
      if (c.isCompany) void waysInto(c.name);
      else {
        asked = "";
        replace(ways);
      }
      glide(fitView(bounds([c]), wrap.clientWidth || 800, wrap.clientHeight || 560, 24, 8));
    };
    const everyone = () => {
      focus = -1;
      members = [];
      back.setAttribute("disabled", "");
      delete canvas.dataset.focus;
      asked = "";
      replace(ways);
      say();
      glide(whole());
    };
    back.addEventListener("click", everyone);
    const point = (event: MouseEvent) => {
      const rect = canvas.getBoundingClientRect();
      return { px: event.clientX - rect.left, py: event.clientY - rect.top };
    };
    const personUnder = (event: MouseEvent): number => {
      if (focus < 0) return -1;
      const { px, py } = point(event);
      const p = toLayout(view, px, py);
      const xs = members.map((i) => net.x[i]);
      const ys = members.map((i) => net.y[i]);
      const k = nearest(xs, ys, p.x, p.y, Math.max(6, 8 / view.scale));
      return k >= 0 ? members[k] : -1;
    };
    let drag: { x: number; y: number; moved: boolean } | null = null;
    canvas.addEventListener("mousedown", (event) => {
      drag = { ...point(event), x: event.clientX, y: event.clientY, moved: false };
    });
    window.addEventListener("mouseup", () => {
      setTimeout(() => {
        drag = null;
      });
    });
    canvas.addEventListener("mousemove", (event) => {
      if (drag && (event.buttons & 1) === 1) {
        const dx = event.clientX - drag.x;
        const dy = event.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
        if (drag.moved) {
          view = { ...view, dx: view.dx + dx, dy: view.dy + dy };
          drag.x = event.clientX;
          drag.y = event.clientY;
          redraw();
          return;
        }
      }
      const i = personUnder(event);
      if (i !== hover) {
        hover = i;
        canvas.style.cursor = i >= 0 || focus < 0 ? "pointer" : "default";
        redraw();
      }
    });
    canvas.addEventListener("click", (event) => {
      if (drag?.moved) return;
      const person = personUnder(event);
      if (person >= 0) {
        navigate({ view: "person", id: net.ids[person] });
        return;
      }
      const { px, py } = point(event);
      const p = toLayout(view, px, py);
      const cluster = clusterAt(net, p.x, p.y);
      if (cluster >= 0 && cluster !== focus) zoomInto(cluster);
    });
    canvas.addEventListener(
      "wheel",
      (event) => {
        event.preventDefault();
        const { px, py } = point(event);
        view = zoomAt(view, event.deltaY < 0 ? 1.2 : 1 / 1.2, px, py);
        redraw();
      },
      { passive: false },
    );
    const clusters = h(
      "div",
      { class: "cluster-list", attrs: { id: "network-clusters", "aria-label": "Clusters" } },
      ...net.clusters.map((c, i) =>
        h("button", { class: "chip", attrs: { type: "button", "aria-label": `Zoom into ${c.name}, ${c.size} people` }, dataset: { cluster: String(i) }, on: { click: () => zoomInto(i) } }, `${c.name} ${formatCount(c.size)}`),
      ),
    );
    replace(el, h("div", { class: "network-head" }, h("h1", null, "Who knows whom"), back), title, wrap, ways, clusters);
    say();
    new ResizeObserver(() => {
      size();
      if (!drawn) {
        view = whole();
        drawn = true;
        redraw();
        canvas.dataset.drawnMs = String(Math.round(performance.now() - started));
        return;
      }
      redraw();
    }).observe(wrap);
  }

  return life.view(el, load);
}
