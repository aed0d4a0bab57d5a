import { describe, expect, it } from "vitest";
import type { CalendarReportDto, ChatReportDto } from "../ipc/bindings";
import { calendarLines, chatLine, chatOutcome } from "./activity";

const calendar: CalendarReportDto = {
  file: "work.ics",
  events: 120,
  meetings: 340,
  ahead: 2,
  touchesMade: 0,
  touchesChanged: 0,
  touchesRemoved: 0,
  people: 12,
  skipped: [{ reason: "all-day", label: "all-day events", occurrences: 30 }],
  unreadRules: 0,
  committed: false,
};

const chat: ChatReportDto = {
  file: "WhatsApp Chat with Maya Lund.txt",
  source: "whatsapp",
  chat: "Maya Lund",
  messages: 1,
  days: 14,
  touchesMade: 14,
  touchesChanged: 0,
  people: 1,
  notInKith: [],
  tooLarge: false,
  orderGuessed: false,
  readIn: "Europe/Berlin, UTC+01:00",
  committed: true,
};

describe("activity import words", () => {
  it("says what a calendar would give, then what it gave", () => {
    expect(calendarLines(calendar)).toEqual([
      "120 events: 340 past meetings with other people.",
      "2 meetings in the next two days: today's plan prepares you for them.",
      "Would record touches with 12 people in Kith.",
      "Not touches: 30 all-day events.",
    ]);
    const done = calendarLines({ ...calendar, ahead: 0, skipped: [], committed: true, touchesMade: 1, touchesChanged: 2, touchesRemoved: 0, unreadRules: 1 });
    expect(done).toEqual(["120 events: 340 past meetings with other people.", "Recorded 1 touch, 2 updated, 0 taken away.", "1 repeat rule could not be read (their first occurrence counted)."]);
  });

  it("says what a chat gave, and that a large group gives nothing", () => {
    expect(chatLine(chat)).toBe("“Maya Lund” (WhatsApp): 1 message, 14 days with someone");
    expect(chatOutcome(chat)).toBe("Recorded 14 touches (0 updated) with 1 person in Kith.");
    expect(chatOutcome({ ...chat, committed: false, people: 0 })).toBe("Would record touches with 0 people in Kith.");
    expect(chatOutcome({ ...chat, tooLarge: true })).toBe("A group of more than 8 others: not touches with each of them.");
    expect(chatLine({ ...chat, source: "telegram", chat: "Climbing" })).toBe("“Climbing” (Telegram): 1 message, 14 days with someone");
  });
});
