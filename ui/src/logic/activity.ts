// Words for what reading a calendar, chat or Telegram export did (or, in a
// preview, would do). The reading is the core's (kith-exchange's activity).

import type { CalendarReportDto, ChatReportDto } from "../ipc/bindings";

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** The lines saying what a calendar file gave. */
export function calendarLines(report: CalendarReportDto): string[] {
  const lines = [`${plural(Number(report.events), "event", "events")}: ${plural(Number(report.meetings), "past meeting", "past meetings")} with other people.`];
  if (report.ahead > 0) lines.push(`${plural(Number(report.ahead), "meeting", "meetings")} in the next two days: today's plan prepares you for them.`);
  lines.push(
    report.committed
      ? `Recorded ${plural(Number(report.touchesMade), "touch", "touches")}, ${Number(report.touchesChanged).toLocaleString("en-US")} updated, ${Number(report.touchesRemoved).toLocaleString("en-US")} taken away.`
      : `Would record touches with ${plural(Number(report.people), "person", "people")} in Kith.`,
  );
  const skipped = report.skipped.map((s) => `${Number(s.occurrences).toLocaleString("en-US")} ${s.label}`);
  if (skipped.length > 0) lines.push(`Not touches: ${skipped.join(", ")}.`);
  if (report.unreadRules > 0) lines.push(`${plural(Number(report.unreadRules), "repeat rule", "repeat rules")} could not be read (their first occurrence counted).`);
  return lines;
}

/** "“Maya Lund” (WhatsApp): 120 messages, 14 days with someone". */
export function chatLine(report: ChatReportDto): string {
  const source = report.source === "telegram" ? "Telegram" : "WhatsApp";
  return `“${report.chat}” (${source}): ${plural(Number(report.messages), "message", "messages")}, ${plural(Number(report.days), "day", "days")} with someone`;
}

/** What a chat gave, or would give, in Kith. */
export function chatOutcome(report: ChatReportDto): string {
  if (report.tooLarge) return "A group of more than 8 others: not touches with each of them.";
  return report.committed
    ? `Recorded ${plural(Number(report.touchesMade), "touch", "touches")} (${Number(report.touchesChanged).toLocaleString("en-US")} updated) with ${plural(Number(report.people), "person", "people")} in Kith.`
    : `Would record touches with ${plural(Number(report.people), "person", "people")} in Kith.`;
}
