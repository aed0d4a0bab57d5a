// Who knows whom, drawn: colours by stage, edge styles by link kind, the
// neighbourhood's force layout (d3-force: small, no WebGL) and the
// geometry both pictures share (fitting, hit tests). Drawing itself is in
// views/graph-canvas.ts.

import { forceCollide, forceLink, forceManyBody, forceRadial, forceSimulation, type SimulationLinkDatum, type SimulationNodeDatum } from "d3-force";
import type { NeighbourhoodDto, NetworkDto } from "../ipc/api";
import { stageRank } from "./stage";

/** How a link is drawn: family, friends, work, or how you met. */
export type LinkGroup = "family" | "friend" | "work" | "met";

export function linkGroup(kind: string): LinkGroup {
  switch (kind) {
    case "partner":
    case "parent":
    case "sibling":
    case "family":
      return "family";
    case "friend":
      return "friend";
    case "colleague":
    case "manager":
    case "mentor":
      return "work";
    default:
      return "met";
  }
}

export const LINK_GROUPS: readonly [LinkGroup, string][] = [
  ["family", "Family"],
  ["friend", "Friends"],
  ["work", "Work"],
  ["met", "Introduced, met through"],
];

/** A `#rrggbb` colour's channels, or null. */
function channels(hex: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  return m ? [Number.parseInt(m[1], 16), Number.parseInt(m[2], 16), Number.parseInt(m[3], 16)] : null;
}

/** `share` of `a` over `b`, both `#rrggbb` (else `a`). */
export function mix(a: string, b: string, share: number): string {
  const x = channels(a);
  const y = channels(b);
  if (!x || !y) return a;
  const part = (i: number) => Math.round(x[i] * share + y[i] * (1 - share)).toString(16).padStart(2, "0");
  return `#${part(0)}${part(1)}${part(2)}`;
}

/** The six stages' colours: the accent, deeper the closer the stage. */
export function stageColours(accent: string, line: string): string[] {
  return [0.25, 0.4, 0.55, 0.7, 0.85, 1].map((share) => mix(accent, line, share));
}

/** A stage identifier's or number's colour from `stageColours`. */
export function stageColour(colours: string[], stage: string | number): string {
  const rank = typeof stage === "number" ? stage : stageRank(stage);
  return colours[Math.min(Math.max(rank, 1), 6) - 1];
}

export interface Placed {
  id: number;
  name: string;
  stage: string;
  ring: number;
  x: number;
  y: number;
}

export interface PlacedEdge {
  from: number;
  to: number;
  kind: string;
}

export interface Picture {
  nodes: Placed[];
  edges: PlacedEdge[];
}

interface SimNode extends SimulationNodeDatum {
  index: number;
  ring: number;
}

/** Spacing between rings of the neighbourhood, in layout units. */
export const RING = 90;

/** The neighbourhood laid out: the person fixed at the centre, each ring
 * pulled to its circle, links as springs, people kept apart. Everyone
 * starts spread evenly on their ring's circle, so a hundred steps settle
 * it (about 80 ms for 300 people) and the same graph lays out the same
 * way each time. */
export function layoutNeighbourhood(graph: NeighbourhoodDto, ticks = 100): Picture {
  const crowd = Math.max(1, graph.nodes.length / 60);
  const perRing = new Map<number, number>();
  for (const n of graph.nodes) perRing.set(n.ring, (perRing.get(n.ring) ?? 0) + 1);
  const seen = new Map<number, number>();
  const nodes: SimNode[] = graph.nodes.map((n, index) => {
    if (n.ring === 0) return { index, ring: 0, x: 0, y: 0, fx: 0, fy: 0 };
    const k = seen.get(n.ring) ?? 0;
    seen.set(n.ring, k + 1);
    const angle = (2 * Math.PI * k) / (perRing.get(n.ring) ?? 1) + n.ring;
    const r = n.ring * RING * Math.sqrt(crowd);
    return { index, ring: n.ring, x: r * Math.cos(angle), y: r * Math.sin(angle) };
  });
  const byId = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const links: SimulationLinkDatum<SimNode>[] = graph.edges
    .map((e) => ({ source: byId.get(e.from), target: byId.get(e.to) }))
    .filter((l): l is { source: number; target: number } => l.source !== undefined && l.target !== undefined);
  const simulation = forceSimulation(nodes)
    .alphaDecay(1 - 0.001 ** (1 / ticks))
    .force("link", forceLink(links).distance(RING * 0.8).strength(0.15))
    .force("charge", forceManyBody().strength(-60 / crowd))
    .force("ring", forceRadial<SimNode>((d) => d.ring * RING * Math.sqrt(crowd)).strength(0.9))
    .force("collide", forceCollide(9))
    .stop();
  simulation.tick(ticks);
  return {
    nodes: graph.nodes.map((n, i) => ({ id: n.id, name: n.name, stage: n.stage, ring: n.ring, x: nodes[i].x ?? 0, y: nodes[i].y ?? 0 })),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind })),
  };
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function bounds(points: Iterable<{ x: number; y: number; r?: number }>): Bounds {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const p of points) {
    const r = p.r ?? 0;
    b.minX = Math.min(b.minX, p.x - r);
    b.minY = Math.min(b.minY, p.y - r);
    b.maxX = Math.max(b.maxX, p.x + r);
    b.maxY = Math.max(b.maxY, p.y + r);
  }
  if (!Number.isFinite(b.minX)) return { minX: -1, minY: -1, maxX: 1, maxY: 1 };
  return b;
}

/** Layout units to pixels: `px = x * scale + dx`. */
export interface View2d {
  scale: number;
  dx: number;
  dy: number;
}

/** The view that fits `b` into a `width`×`height` box with `pad` pixels
 * around, centred, never enlarged past `maxScale`. */
export function fitView(b: Bounds, width: number, height: number, pad = 24, maxScale = 2): View2d {
  const w = Math.max(b.maxX - b.minX, 1);
  const hgt = Math.max(b.maxY - b.minY, 1);
  const scale = Math.min((width - 2 * pad) / w, (height - 2 * pad) / hgt, maxScale);
  return {
    scale,
    dx: width / 2 - ((b.minX + b.maxX) / 2) * scale,
    dy: height / 2 - ((b.minY + b.maxY) / 2) * scale,
  };
}

/** A pixel back to layout units. */
export function toLayout(view: View2d, px: number, py: number): { x: number; y: number } {
  return { x: (px - view.dx) / view.scale, y: (py - view.dy) / view.scale };
}

/** The view zoomed by `factor` about the pixel (`px`, `py`). */
export function zoomAt(view: View2d, factor: number, px: number, py: number): View2d {
  const scale = view.scale * factor;
  return { scale, dx: px - (px - view.dx) * factor, dy: py - (py - view.dy) * factor };
}

/** The index of the nearest point within `radius` layout units, or -1. */
export function nearest(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number, y: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i] - x;
    const dy = ys[i] - y;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** The cluster whose disc holds (`x`, `y`), or -1. */
export function clusterAt(network: NetworkDto, x: number, y: number): number {
  return network.clusters.findIndex((c) => (c.x - x) ** 2 + (c.y - y) ** 2 <= c.r * c.r);
}

/** The network's people in one cluster, as indexes into its columns. */
export function membersOf(network: NetworkDto, cluster: number): number[] {
  const out: number[] = [];
  network.cluster.forEach((c, i) => {
    if (c === cluster) out.push(i);
  });
  return out;
}
