import { describe, expect, it } from "vitest";
import type { TrashEntryDto } from "../ipc/bindings";
import { purgeLabel, restoreHint } from "./trash";

const entry = (purgeAt: string): TrashEntryDto => ({ id: 1, personId: 7, displayName: "Ada", deletedAt: "2026-03-01T10:00:00Z", purgeAt });

describe("trash words", () => {
  const now = new Date("2026-03-01T10:00:00Z");
  it("counts the days until the purge", () => {
    expect(purgeLabel(entry("2026-03-31T10:00:00Z"), now)).toBe("removed for good in 30 days");
    expect(purgeLabel(entry("2026-03-02T09:00:00Z"), now)).toBe("removed for good tomorrow");
    expect(purgeLabel(entry("2026-03-01T09:00:00Z"), now)).toBe("removed for good today");
  });

  it("says where to restore from, with the days when known", () => {
    expect(restoreHint(30)).toBe("You can restore them from Settings → Trash for 30 days.");
    expect(restoreHint(undefined)).toBe("You can restore them from Settings → Trash.");
  });
});
