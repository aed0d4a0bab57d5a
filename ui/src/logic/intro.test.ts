import { describe, expect, it } from "vitest";
import type { IntroductionDto } from "../ipc/bindings";
import { nextActions, takesReminder, timeline } from "./intro";

const intro = (next: string | null, extra: Partial<IntroductionDto> = {}): IntroductionDto => ({
  id: 1,
  a: { id: 1, displayName: "Ada" },
  b: { id: 2, displayName: "Grace" },
  why: "Rust",
  status: "proposed",
  statusLabel: "Proposed",
  outcome: null,
  next,
  proposedAt: "2026-03-01T10:00:00Z",
  askedAAt: null,
  askedBAt: null,
  introducedAt: null,
  outcomeAt: null,
  ...extra,
});

describe("introduction steps", () => {
  it("offers the next step of the double opt-in, and a way out", () => {
    expect(nextActions(intro("ask-a")).map((a) => a.step)).toEqual(["ask-a"]);
    expect(nextActions(intro("ask-b"))).toEqual([
      { step: "ask-b", label: "Ada agreed; I asked Grace" },
      { step: "no-fit", label: "Ada declined" },
    ]);
    expect(nextActions(intro("close")).map((a) => a.step)).toEqual(["helped", "no-fit", "unknown"]);
    expect(nextActions(intro(null))).toEqual([]);
  });

  it("sets reminders only on steps that wait for someone", () => {
    expect(takesReminder("ask-a")).toBe(true);
    expect(takesReminder("helped")).toBe(false);
  });

  it("dates each step", () => {
    const steps = timeline(intro(null, { outcome: "helped", outcomeAt: "2026-03-09T10:00:00Z", askedAAt: "2026-03-02T10:00:00Z" }));
    expect(steps.map((s) => s.label)).toEqual(["Proposed", "Asked Ada", "Asked Grace", "Introduced", "It helped"]);
    expect(steps[1].at).toBe("2026-03-02T10:00:00Z");
    expect(steps[3].at).toBeNull();
  });
});
