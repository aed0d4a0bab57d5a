import { describe, expect, it } from "vitest";
import type { PlanDto, PlanItemDto } from "../ipc/bindings";
import { planKey, progressFooter, progressLine, reasonLabel } from "./plan";

const item = (done: boolean): PlanItemDto => ({ personId: 1, name: "Ada", reason: "welcome", why: "", next: "", done, reach: null });
const plan = (over: Partial<PlanDto> = {}): PlanDto => ({ day: "2026-11-30", items: [item(true), item(false)], streak: 0, weekTouches: 3, weeklyGoal: 10, ...over });

describe("today's plan words", () => {
  it("labels reasons", () => {
    expect(reasonLabel("reply-owed")).toBe("Reply owed");
    expect(reasonLabel("welcome")).toBe("New connection");
    expect(reasonLabel("date")).toBe("Date");
    expect(reasonLabel("something-new")).toBe("something-new");
  });

  it("counts what is done", () => {
    expect(progressLine(plan())).toBe("1 of 2 done");
    expect(progressLine(plan({ items: [item(true), item(true)] }))).toBe("All 2 done");
    expect(progressLine(plan({ items: [] }))).toBe("0 of 0 done");
  });

  it("says the streak only when there is one", () => {
    expect(progressFooter(plan())).toBe("3 of 10 touches this week");
    expect(progressFooter(plan({ streak: 4 }))).toBe("4-day streak · 3 of 10 touches this week");
  });

  it("maps keys to actions", () => {
    expect(planKey("d")).toBe("done");
    expect(planKey("S")).toBe("skip");
    expect(planKey("m")).toBe("month");
    expect(planKey("x")).toBeNull();
  });
});
