import { describe, expect, it } from "vitest";
import type { PlanDto, PlanItemDto } from "../ipc/bindings";
import { itemLabel, meetingHours, meetingLine, meetingOver, planKey, progressFooter, progressLine, reasonLabel } from "./plan";

const item = (done: boolean): PlanItemDto => ({ personId: 1, name: "Ada", reason: "welcome", why: "", next: "", done, reach: null, meeting: null });
const meeting = { key: "design", at: "2026-03-01T13:00:00Z", ends: "2026-03-01T14:00:00Z", title: "Design review", kind: "video", channel: "video", people: [{ id: 1, displayName: "Ada" }] };
const prep: PlanItemDto = { ...item(false), reason: "prep", meeting };
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

  it("tells a meeting ahead from one that has ended", () => {
    expect(meetingOver(prep, new Date("2026-03-01T13:30:00Z"))).toBe(false);
    expect(meetingOver(prep, new Date("2026-03-01T14:00:00Z"))).toBe(true);
    expect(meetingOver(item(false), new Date("2030-01-01T00:00:00Z"))).toBe(false);
    expect(itemLabel(prep, new Date("2026-03-01T12:00:00Z"))).toBe("Meeting today");
    expect(itemLabel(prep, new Date("2026-03-01T15:00:00Z"))).toBe("After the meeting");
    expect(itemLabel(item(false), new Date("2026-03-01T15:00:00Z"))).toBe("New connection");
  });

  it("says when and how a meeting happens, in the user's zone", () => {
    expect(meetingHours(meeting, "Europe/Berlin")).toBe("14:00–15:00");
    expect(meetingHours({ ...meeting, ends: meeting.at }, "UTC")).toBe("13:00");
    expect(meetingLine(meeting, "Europe/Berlin")).toBe("Design review · 14:00–15:00 · video call");
    expect(meetingLine({ ...meeting, title: null, channel: "other" }, "UTC")).toBe("A meeting · 13:00–14:00");
  });
});
