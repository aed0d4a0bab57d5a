// Words for today's plan. The picking is the core's (src-tauri/core/src/plan.rs).

import type { MeetingDto, PlanDto, PlanItemDto } from "../ipc/bindings";

const REASONS: Record<string, string> = {
  prep: "Meeting today",
  "follow-up": "Follow-up",
  date: "Date",
  "reply-owed": "Reply owed",
  introduction: "Introduction",
  introduce: "Introduce",
  "met-in-person": "Met in person",
  welcome: "New connection",
  cooling: "Cooling",
  topic: "What matters",
  reconnect: "Reconnect",
};

/** The label of a reason identifier. */
export function reasonLabel(reason: string): string {
  return REASONS[reason] ?? reason;
}

/** "2 of 5 done", or "All 5 done". */
export function progressLine(plan: PlanDto): string {
  const done = plan.items.filter((i) => i.done).length;
  if (plan.items.length > 0 && done === plan.items.length) return `All ${done} done`;
  return `${done} of ${plan.items.length} done`;
}

/** "3-day streak · 7 of 10 touches this week"; no streak words at 0. */
export function progressFooter(plan: PlanDto): string {
  const week = `${plan.weekTouches} of ${plan.weeklyGoal} touches this week`;
  return plan.streak > 0 ? `${plan.streak}-day streak · ${week}` : week;
}

/** What a key does on a focused plan item. */
export function planKey(key: string): "done" | "skip" | "month" | null {
  switch (key.toLowerCase()) {
    case "d":
      return "done";
    case "s":
      return "skip";
    case "m":
      return "month";
    default:
      return null;
  }
}

/** Whether a prep item's meeting has ended by `now`. */
export function meetingOver(item: PlanItemDto, now: Date): boolean {
  return item.meeting !== null && Date.parse(item.meeting.ends) <= now.getTime();
}

/** The tag on a plan item: a prep item after its meeting asks for a note. */
export function itemLabel(item: PlanItemDto, now: Date): string {
  if (item.reason === "prep" && meetingOver(item, now)) return "After the meeting";
  return reasonLabel(item.reason);
}

/** "14:00–15:00" in `zone`. */
export function meetingHours(meeting: MeetingDto, zone: string): string {
  const time = (iso: string) => new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: zone }).format(new Date(iso));
  return meeting.ends === meeting.at ? time(meeting.at) : `${time(meeting.at)}–${time(meeting.ends)}`;
}

/** "Design review · 14:00–15:00 · video". */
export function meetingLine(meeting: MeetingDto, zone: string): string {
  const way = meeting.channel === "video" ? "video call" : meeting.channel === "in-person" ? "in person" : null;
  return [meeting.title ?? "A meeting", meetingHours(meeting, zone), way].filter(Boolean).join(" · ");
}
