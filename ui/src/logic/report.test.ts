import { describe, expect, it } from "vitest";
import type { ImportReportDto } from "../ipc/bindings";
import { commitLabel, connectionsLine, keptApartLine, nationalReportLine, reportLine, rowPlace } from "./report";

const report = (over: Partial<ImportReportDto> = {}): ImportReportDto => ({
  files: [],
  new: 3,
  updated: 1,
  unchanged: 12,
  touchesAdded: 4,
  linksAdded: 0,
  photosAdded: 0,
  keptApart: 0,
  toWelcome: 0,
  toReconnect: 0,
  nationalPlaced: 0,
  nationalMatched: 0,
  nationalUnplaced: 0,
  homeCountry: null,
  skipped: [{ file: null, line: 7, reason: "hidden" }],
  suggestions: [],
  committed: false,
  ...over,
});

describe("import report words", () => {
  it("counts what happens to each row", () => {
    expect(reportLine(report())).toBe("3 new, 1 updated, 12 unchanged, 1 skipped");
  });

  it("places a skipped row in its file", () => {
    expect(rowPlace("Connections.csv", 7)).toBe("Connections.csv, line 7");
    expect(rowPlace(null, 7)).toBe("line 7");
  });

  it("says how many people the import brings in or changes", () => {
    expect(commitLabel(report())).toBe("Import (3 new, 1 updated)");
    expect(commitLabel(report({ new: 1, updated: 0 }))).toBe("Import (1 new)");
    expect(commitLabel(report({ new: 0, updated: 0 }))).toBe("Nothing new to import");
  });

  it("says how many rows were kept apart from someone of another name", () => {
    expect(keptApartLine(report())).toBe("");
    expect(keptApartLine(report({ keptApart: 1 }))).toBe("1 row shares a phone or e-mail with someone of another name: kept apart, listed under Duplicates.");
    expect(keptApartLine(report({ keptApart: 3 }))).toBe("3 rows share a phone or e-mail with someone of another name: kept apart, listed under Duplicates.");
  });

  it("says where new connections went", () => {
    expect(connectionsLine(report())).toBe("");
    expect(connectionsLine(report({ toWelcome: 40 }))).toBe("40 new connections wait for a welcome.");
    expect(connectionsLine(report({ toWelcome: 1, toReconnect: 29960 }))).toBe("1 new connection waits for a welcome; 29,960 older ones are candidates to reconnect with in Today's plan.");
  });

  it("says what the home country read, or asks for one", () => {
    const name = (code: string) => `${code}'s`;
    expect(nationalReportLine(report(), name)).toBe("");
    expect(nationalReportLine(report({ homeCountry: "DE", nationalPlaced: 3, nationalMatched: 1 }), name)).toBe(
      "3 phone numbers without a country code read as DE's; 1 of them is someone's already.",
    );
    expect(nationalReportLine(report({ nationalUnplaced: 1 }), name)).toBe(
      "1 phone number without a country code: choose the country it is from to match it with the same number written in full.",
    );
    // Set, but not its numbers: nothing to ask.
    expect(nationalReportLine(report({ homeCountry: "DE", nationalUnplaced: 2 }), name)).toBe("");
  });
});
