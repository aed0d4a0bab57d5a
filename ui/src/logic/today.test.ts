import { dueCount } from "./today";
import type { FollowUpDto, KeepInTouchDto, TodayDto } from "../ipc/bindings";

const followUp = (id: number): FollowUpDto => ({
  id,
  personId: 1,
  personName: "Ada",
  what: "Ask",
  dueLocal: "2026-03-01T09:00:00",
  dueZone: null,
  dueAt: "2026-03-01T08:00:00Z",
  repeat: null,
  topicId: null,
  topic: null,
  reminderText: "Ask",
  status: "open",
  pendingSince: null,
  missed: false,
});
const keep: KeepInTouchDto = { personId: 2, personName: "Grace", cadenceDays: 30, lastTouchAt: null, dueAt: "2026-03-01T08:00:00Z" };

describe("dueCount", () => {
  it("counts what wants action now, not what is coming up", () => {
    const today: TodayDto = {
      keepInTouch: [keep],
      missed: [followUp(1)],
      overdue: [followUp(2), followUp(3)],
      today: [followUp(4)],
      upcoming: [followUp(5), followUp(6)],
    };
    expect(dueCount(today)).toBe(5);
  });
});
