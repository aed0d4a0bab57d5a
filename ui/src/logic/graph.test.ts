import { describe, expect, it } from "vitest";
import type { NeighbourhoodDto, NetworkDto } from "../ipc/api";
import { bounds, clusterAt, fitView, layoutNeighbourhood, linkGroup, membersOf, mix, nearest, RING, stageColour, stageColours, toLayout, zoomAt } from "./graph";

function neighbourhood(): NeighbourhoodDto {
  const nodes = [
    { id: 1, name: "Ada", stage: "trusted", company: null, ring: 0 },
    ...[2, 3, 4, 5].map((id) => ({ id, name: `P${id}`, stage: "engaged", company: null, ring: 1 })),
    ...[6, 7, 8, 9, 10, 11].map((id) => ({ id, name: `Q${id}`, stage: "connected", company: null, ring: 2 })),
  ];
  const edges = [
    ...[2, 3, 4, 5].map((id) => ({ from: 1, to: id, kind: "friend" })),
    ...[6, 7, 8, 9, 10, 11].map((id) => ({ from: 2 + (id % 4), to: id, kind: "colleague" })),
  ];
  return { around: 1, nodes, edges, cut: false };
}

describe("the pictures' rules", () => {
  it("styles links by what they are", () => {
    expect(["partner", "parent", "sibling", "family"].map(linkGroup)).toEqual(["family", "family", "family", "family"]);
    expect(linkGroup("friend")).toBe("friend");
    expect(["colleague", "manager", "mentor"].map(linkGroup)).toEqual(["work", "work", "work"]);
    expect(["introduced", "met-through", "anything"].map(linkGroup)).toEqual(["met", "met", "met"]);
  });

  it("colours stages from the page's line colour up to its accent", () => {
    expect(mix("#ff0000", "#0000ff", 1)).toBe("#ff0000");
    expect(mix("#ff0000", "#0000ff", 0.5)).toBe("#800080");
    expect(mix("rgb(1,2,3)", "#000000", 0.5)).toBe("rgb(1,2,3)");
    const colours = stageColours("#2f7d6d", "#e0dad0");
    expect(colours).toHaveLength(6);
    expect(colours[5]).toBe("#2f7d6d");
    expect(stageColour(colours, "trusted")).toBe(colours[5]);
    expect(stageColour(colours, 1)).toBe(colours[0]);
    expect(stageColour(colours, "unknown")).toBe(colours[0]);
  });

  it("lays a neighbourhood out in rings around the person, the same way each time", () => {
    const picture = layoutNeighbourhood(neighbourhood());
    const centre = picture.nodes[0];
    expect([centre.x, centre.y]).toEqual([0, 0]);
    const distance = (ring: number) => {
      const ds = picture.nodes.filter((n) => n.ring === ring).map((n) => Math.hypot(n.x, n.y));
      return ds.reduce((a, b) => a + b, 0) / ds.length;
    };
    expect(distance(1)).toBeGreaterThan(RING * 0.5);
    expect(distance(2)).toBeGreaterThan(distance(1) * 1.4);
    // No two people on top of each other.
    for (const a of picture.nodes) for (const b of picture.nodes) if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(8);
    expect(layoutNeighbourhood(neighbourhood())).toEqual(picture);
    expect(picture.edges).toHaveLength(10);
  });

  it("fits, zooms and finds what is under the pointer", () => {
    const b = bounds([
      { x: -100, y: -50 },
      { x: 100, y: 50, r: 0 },
    ]);
    const view = fitView(b, 440, 240, 20, 10);
    expect(view.scale).toBe(2);
    const p = toLayout(view, 220, 120);
    expect([p.x, p.y]).toEqual([0, 0]);
    const zoomed = zoomAt(view, 2, 300, 100);
    const before = toLayout(view, 300, 100);
    const after = toLayout(zoomed, 300, 100);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
    expect(nearest([0, 10, 20], [0, 0, 0], 11, 1, 5)).toBe(1);
    expect(nearest([0, 10, 20], [0, 0, 0], 15, 15, 5)).toBe(-1);
    expect(bounds([])).toEqual({ minX: -1, minY: -1, maxX: 1, maxY: 1 });
  });

  it("finds a network's cluster under a point and its people", () => {
    const net: NetworkDto = {
      clusters: [
        { name: "Northwind", isCompany: true, x: 0, y: 0, r: 30, size: 2 },
        { name: "Lumen", isCompany: true, x: 100, y: 0, r: 20, size: 1 },
      ],
      ids: [5, 6, 7],
      names: ["A", "B", "C"],
      stages: [1, 2, 6],
      cluster: [0, 1, 0],
      x: [1, 100, -3],
      y: [1, 0, 2],
      bridges: [[0, 1, 4]],
      links: 4,
    };
    expect(clusterAt(net, 10, 10)).toBe(0);
    expect(clusterAt(net, 110, 5)).toBe(1);
    expect(clusterAt(net, 60, 60)).toBe(-1);
    expect(membersOf(net, 0)).toEqual([0, 2]);
  });
});
