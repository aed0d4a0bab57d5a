import { describe, expect, it } from "vitest";
import type { ImportReportDto } from "../ipc/bindings";
import { commitLabel, reportLine, rowPlace } from "./report";

const report = (over: Partial<ImportReportDto> = {}): ImportReportDto => ({
  files: [],
  new: 3,
  updated: 1,
  unchanged: 12,
  touchesAdded: 4,
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
});
