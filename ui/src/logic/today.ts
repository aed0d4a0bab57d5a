// What the Today badge counts: everything that wants action now.

import type { TodayDto } from "../ipc/bindings";

/** Missed, overdue and due-today follow-ups plus keep-in-touch dates. */
export function dueCount(today: TodayDto): number {
  return today.missed.length + today.overdue.length + today.today.length + today.keepInTouch.length;
}
