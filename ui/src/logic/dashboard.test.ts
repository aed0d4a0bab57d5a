import { describe, expect, it } from "vitest";
import { barLengths, figureLabel, people, segments, weekLabel, weekScale } from "./dashboard";

describe("dashboard arithmetic", () => {
  it("scales bars to the largest and keeps small ones visible", () => {
    expect(barLengths([10, 5, 0, 1], 200)).toEqual([200, 100, 0, 20]);
    expect(barLengths([100, 1], 200)).toEqual([200, 3]);
    expect(barLengths([0, 0], 200)).toEqual([0, 0]);
  });

  it("splits a whole into consecutive shares, skipping empty parts", () => {
    const parts = segments([
      { key: "online", count: 3 },
      { key: "voice", count: 0 },
      { key: "in-person", count: 1 },
    ]);
    expect(parts).toEqual([
      { key: "online", count: 3, start: 0, share: 0.75 },
      { key: "in-person", count: 1, start: 0.75, share: 0.25 },
    ]);
    expect(segments([{ key: "online", count: 0 }])).toEqual([]);
  });

  it("puts the goal line inside the chart even when no week reaches it", () => {
    const scale = weekScale([2, 5], 10, 100);
    expect(scale).toEqual({ heights: [20, 50], goal: 100, top: 10 });
    expect(weekScale([20, 5], 10, 100).goal).toBe(50);
    expect(weekScale([0, 0], 0, 100).top).toBe(1);
  });

  it("names every figure", () => {
    expect(figureLabel("stage:in-conversation")).toBe("At the stage In conversation");
    expect(figureLabel("moved-up:30")).toBe("Moved up in the last 30 days");
    expect(figureLabel("went-cold:90")).toBe("Went cold in the last 90 days");
    expect(figureLabel("mix:voice")).toBe("Calls and video in the last 90 days");
    expect(figureLabel("week:1", [{ starts: "2026-02-16" }, { starts: "2026-02-23" }])).toBe("Touched in the week of 23 Feb");
    expect(figureLabel("queue")).toBe("Waiting in the welcome queue");
    expect(weekLabel("nonsense")).toBe("nonsense");
    expect(people(1)).toBe("1 person");
    expect(people(2)).toBe("2 people");
  });
});
