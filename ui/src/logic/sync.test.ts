import { describe, expect, it } from "vitest";
import type { SyncConflictDto, SyncStatusDto } from "../ipc/api";
import { conflictLine, holding, reportLine, statusLine, statusWarns } from "./sync";

const now = new Date("2026-11-30T12:00:00Z");

function status(patch: Partial<SyncStatusDto>): SyncStatusDto {
  return {
    configured: true,
    url: "https://dav.example.org/",
    user: "ada",
    addressBook: "/ada/kith/",
    taskList: "/ada/kith-follow-ups/",
    journal: "/ada/kith-journal/",
    syncedAt: "2026-11-30T10:00:00Z",
    triedAt: "2026-11-30T11:55:00Z",
    error: null,
    people: 12,
    followUps: 3,
    journalEntries: 40,
    openConflicts: 0,
    passwordKept: true,
    calendarMirror: false,
    planOnPhone: false,
    running: false,
    progress: null,
    needsPassword: false,
    ...patch,
  };
}

describe("sync status", () => {
  it("says when it last synced, and why the last try failed", () => {
    expect(statusLine(status({}), now)).toBe("Last synced 2 hours ago.");
    expect(statusLine(status({ error: "the server could not be reached (Connection refused)" }), now)).toBe(
      "Last synced 2 hours ago — the server could not be reached (Connection refused)",
    );
    expect(statusLine(status({ syncedAt: null }), now)).toBe("Not synced yet.");
    expect(statusLine(status({ configured: false }), now)).toMatch(/^Not syncing/);
    expect(statusLine(status({ running: true, progress: "Receiving 250 of 10000" }), now)).toBe("Syncing… Receiving 250 of 10000.");
  });

  it("warns only when a failure has lasted, or a password is missing", () => {
    expect(statusWarns(status({ error: "unreachable" }), now)).toBe(true);
    expect(statusWarns(status({ error: "unreachable", syncedAt: "2026-11-30T11:50:00Z" }), now)).toBe(false);
    expect(statusWarns(status({ error: "unreachable", syncedAt: null }), now)).toBe(true);
    expect(statusWarns(status({ needsPassword: true }), now)).toBe(true);
    expect(statusWarns(status({}), now)).toBe(false);
  });
});

describe("sync outcome", () => {
  it("counts what happened, or says there was nothing to do", () => {
    expect(reportLine({ pushed: 3, pulled: 1, deleted: 0, conflicts: 1, skipped: 0 })).toBe("Synced: 3 sent, 1 received, 1 conflict to review.");
    expect(reportLine({ pushed: 0, pulled: 0, deleted: 0, conflicts: 0, skipped: 0 })).toBe("Synced: nothing to do.");
  });

  it("puts a conflict as who, which field, what was kept and what was set aside", () => {
    const c: SyncConflictDto = {
      id: 1,
      collection: "people",
      label: "Ada Lovelace",
      field: "company",
      kept: "Babbage & Co",
      other: "",
      keptFrom: "server",
      foundAt: "2026-11-30T10:00:00Z",
    };
    expect(conflictLine(c)).toEqual({ title: "Ada Lovelace's company", kept: "Kept “Babbage & Co” from the server", other: "Set aside (empty)" });
    const due = { ...c, collection: "follow_ups", field: "due", kept: "2026-12-04 10:00:00 Europe/Berlin", other: "2026-12-05 11:00:00 floating", keptFrom: "here" };
    expect(conflictLine(due).title).toBe("Ada Lovelace's follow-up's due time");
    expect(conflictLine(due).kept).toBe("Kept “2026-12-04 10:00:00 Europe/Berlin” from this computer");
    expect(conflictLine({ ...c, collection: "journal", field: "introduced_at" }).title).toBe("Ada Lovelace's entry's introduced at");
  });

  it("puts a deletion on the server against an edit here as what was kept and why", () => {
    const c: SyncConflictDto = {
      id: 2,
      collection: "people",
      label: "Noor Haddad",
      field: "deleted",
      kept: "edited here",
      other: "deleted on the server",
      keptFrom: "here",
      foundAt: "2026-12-05T10:00:00Z",
    };
    expect(conflictLine(c)).toEqual({
      title: "Noor Haddad",
      kept: "Deleted on the server, kept on this computer because it was edited here since",
      other: "Delete it here too to move them to the trash",
    });
    expect(conflictLine({ ...c, collection: "follow_ups" }).title).toBe("Noor Haddad's follow-up");
  });

  it("counts items left alone in good English", () => {
    expect(reportLine({ pushed: 0, pulled: 0, deleted: 0, conflicts: 0, skipped: 1 })).toBe("Synced: 1 item on the server left alone (not Kith's, or not readable).");
  });

  it("says what a collection holds", () => {
    expect(holding("/ada/kith-follow-ups/", 1, "follow-up", "follow-ups")).toBe("/ada/kith-follow-ups/ · 1 follow-up");
    expect(holding(null, 12000, "entry", "entries")).toBe(" · 12,000 entries");
  });
});
