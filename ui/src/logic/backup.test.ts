import { describe, expect, it } from "vitest";
import type { BackupDto } from "../ipc/api";
import { kindLabel, lastBackup, peopleLabel, sizeLabel } from "./backup";

const backup = (takenAt: string, verified = true): BackupDto => ({
  id: "x",
  path: "/b/x.db",
  takenAt,
  kind: "daily",
  size: 1000,
  people: 3,
  verified,
});

describe("backups in words", () => {
  const now = new Date("2026-11-30T12:00:00Z");

  it("says how old the newest verified backup is", () => {
    expect(lastBackup([backup("2026-11-30T09:00:00Z")], now)).toEqual({ text: "Last backup: 3 hours ago.", stale: false });
    expect(lastBackup([backup("2026-11-30T11:59:00Z")], now).text).toBe("Last backup: 1 minute ago.");
    expect(lastBackup([backup("2026-11-25T12:00:00Z")], now)).toEqual({ text: "Last backup: 5 days ago.", stale: true });
  });

  it("skips a damaged newest backup and warns when there is none", () => {
    expect(lastBackup([backup("2026-11-30T11:00:00Z", false), backup("2026-11-29T12:00:00Z")], now).text).toBe("Last backup: 24 hours ago.");
    expect(lastBackup([], now).stale).toBe(true);
    expect(lastBackup([backup("2026-11-30T11:00:00Z", false)], now).stale).toBe(true);
  });

  it("names kinds, sizes and counts", () => {
    expect(kindLabel("before-import")).toBe("Before a large import");
    expect(kindLabel("something-new")).toBe("something-new");
    expect(sizeLabel(512)).toBe("512 B");
    expect(sizeLabel(200 * 1024)).toBe("200 kB");
    expect(sizeLabel(3 * 1024 * 1024 + 100)).toBe("3.0 MB");
    expect(peopleLabel(1)).toBe("1 person");
    expect(peopleLabel(null)).toBe("unreadable");
  });
});
