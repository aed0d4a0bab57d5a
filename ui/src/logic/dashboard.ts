// The dashboard's arithmetic and words: figure identifiers, bar lengths,
// the weekly chart's scale. No DOM here, so it is tested directly.

import { healthLabel, stageLabel } from "./stage";

export interface Count {
  key: string;
  count: number;
}

const MIX: Record<string, string> = {
  online: "Online",
  voice: "Calls and video",
  "in-person": "In person",
};

export function mixLabel(key: string): string {
  return MIX[key] ?? "Other";
}

/** "2026-02-23" → "23 Feb" (the date as written, no zone shift). */
export function weekLabel(starts: string): string {
  const [y, m, d] = starts.split("-").map(Number);
  if (!y || !m || !d) return starts;
  return new Date(y, m - 1, d).toLocaleDateString("en-GB", { day: "numeric", month: "short" });
}

/** Words for a figure identifier (see `DashboardDto`). */
export function figureLabel(figure: string, weeks: readonly { starts: string }[] = []): string {
  const [name, arg = ""] = figure.split(":");
  switch (name) {
    case "stage":
      return `At the stage ${stageLabel(arg)}`;
    case "health":
      return `${healthLabel(arg)} relationships`;
    case "moved-up":
      return `Moved up in the last ${arg} days`;
    case "went-cold":
      return `Went cold in the last ${arg} days`;
    case "week": {
      const week = weeks[Number(arg)];
      return week ? `Touched in the week of ${weekLabel(week.starts)}` : "Touched that week";
    }
    case "mix":
      return `${mixLabel(arg)} in the last 90 days`;
    case "due-today":
      return "Due today";
    case "queue":
      return "Waiting in the welcome queue";
    default:
      return figure;
  }
}

/** Bar lengths out of `full` for counts; a non-zero count stays visible. */
export function barLengths(counts: readonly number[], full: number, minimum = 3): number[] {
  const max = Math.max(0, ...counts);
  return counts.map((c) => (c <= 0 || max === 0 ? 0 : Math.max(minimum, (c / max) * full)));
}

export interface Segment {
  key: string;
  count: number;
  start: number; // 0..1
  share: number; // 0..1
}

/** Consecutive shares of a whole, for a stacked bar. Empty when all are zero. */
export function segments(counts: readonly Count[]): Segment[] {
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  if (total === 0) return [];
  let start = 0;
  return counts
    .filter((c) => c.count > 0)
    .map((c) => {
      const share = c.count / total;
      const segment = { key: c.key, count: c.count, start, share };
      start += share;
      return segment;
    });
}

export interface WeekScale {
  /** Bar heights out of `height`. */
  heights: number[];
  /** The goal line's distance from the bottom. */
  goal: number;
  /** The value at the top of the chart. */
  top: number;
}

/** Scales weekly counts and the goal into a chart `height` tall. */
export function weekScale(touches: readonly number[], goal: number, height: number): WeekScale {
  const top = Math.max(1, goal, ...touches);
  return {
    heights: touches.map((t) => (t / top) * height),
    goal: (goal / top) * height,
    top,
  };
}

/** "3 people" / "1 person". */
export function people(count: number): string {
  return `${count} ${count === 1 ? "person" : "people"}`;
}
