import { birthdayLabel, dueLabel, humanize, initials, relativeTime, toLocalInput, workLine } from "./format";

const now = new Date(2026, 2, 4, 12, 0, 0); // Wed 4 Mar 2026, 12:00 local

describe("relativeTime", () => {
  it.each([
    [0, "just now"],
    [-5 * 60_000, "5 minutes ago"],
    [3 * 3_600_000, "in 3 hours"],
    [-2 * 86_400_000, "2 days ago"],
    [-1 * 86_400_000, "1 day ago"],
    [21 * 86_400_000, "in 3 weeks"],
    [-400 * 86_400_000, "1 year ago"],
  ])("%d ms reads %s", (offset, expected) => {
    expect(relativeTime(new Date(now.getTime() + offset).toISOString(), now)).toBe(expected);
  });

  it("is empty for garbage", () => {
    expect(relativeTime("not a date", now)).toBe("");
  });
});

describe("dueLabel", () => {
  it("names today, tomorrow and yesterday", () => {
    expect(dueLabel(new Date(2026, 2, 4, 14, 30).toISOString(), now)).toBe("Today 14:30");
    expect(dueLabel(new Date(2026, 2, 5, 9, 0).toISOString(), now)).toBe("Tomorrow 09:00");
    expect(dueLabel(new Date(2026, 2, 3, 18, 5).toISOString(), now)).toBe("Yesterday 18:05");
  });

  it("spells out other days, with the year when it differs", () => {
    expect(dueLabel(new Date(2026, 2, 9, 9, 0).toISOString(), now)).toBe("Mon 9 Mar 09:00");
    expect(dueLabel(new Date(2027, 0, 1, 8, 0).toISOString(), now)).toBe("Fri 1 Jan 2027 08:00");
  });
});

describe("toLocalInput", () => {
  it("formats for datetime-local inputs", () => {
    expect(toLocalInput(new Date(2026, 0, 5, 7, 3))).toBe("2026-01-05T07:03");
  });
});

describe("initials", () => {
  it.each([
    ["Ada Lovelace", "AL"],
    ["zoë", "Z"],
    ["Jean-Luc de la Tour", "JT"],
    ["  ", ""],
    ["🚀 Rocket Person", "RP"],
    ["<script>alert(1)</script>", "S"],
  ])("%s → %s", (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});

describe("workLine and humanize", () => {
  it("joins what is there", () => {
    expect(workLine("CTO", "Acme")).toBe("CTO, Acme");
    expect(workLine(null, "Acme")).toBe("Acme");
    expect(workLine(null, null)).toBe("");
  });

  it("turns identifiers into words", () => {
    expect(humanize("in-person")).toBe("In person");
    expect(humanize("call")).toBe("Call");
  });
});

describe("birthdayLabel", () => {
  it("reads birthdays with and without a year", () => {
    expect(birthdayLabel("1815-12-10")).toBe("10 December 1815");
    expect(birthdayLabel("--12-26")).toBe("26 December");
    expect(birthdayLabel("soon")).toBe("soon");
  });
});
