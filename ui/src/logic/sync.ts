// How sync reads in the window: one quiet status line, the outcome of a
// sync in words, and a conflict as a sentence.

import type { SyncConflictDto, SyncReportDto, SyncStatusDto } from "../ipc/api";
import { relativeTime } from "./format";

/** "Last synced 2 hours ago — the server could not be reached (…)". */
export function statusLine(status: SyncStatusDto, now: Date): string {
  if (!status.configured) return "Not syncing. Everything stays on this computer.";
  if (status.running) return status.progress ? `Syncing… ${status.progress}.` : "Syncing…";
  if (status.needsPassword) return "Waiting for the password: no keychain keeps it on this computer.";
  const last = status.syncedAt ? `Last synced ${relativeTime(status.syncedAt, now)}` : "Not synced yet";
  return status.error ? `${last} — ${status.error}` : `${last}.`;
}

/** Whether the status is a problem worth showing as a warning (not a
 * passing network hiccup of a few minutes). */
export function statusWarns(status: SyncStatusDto, now: Date): boolean {
  if (!status.configured || status.running) return false;
  if (status.needsPassword) return true;
  if (!status.error) return false;
  const since = status.syncedAt ? now.getTime() - new Date(status.syncedAt).getTime() : Number.POSITIVE_INFINITY;
  return since > 60 * 60 * 1000;
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** "/ada/kith-follow-ups/ · 3 follow-ups": a collection and what it holds. */
export function holding(href: string | null, n: number, one: string, many: string): string {
  return `${href ?? ""} · ${count(n, one, many)}`;
}

/** "Synced: 3 sent, 1 received." or "Synced: nothing to do." */
export function reportLine(report: SyncReportDto): string {
  const parts = [
    report.pushed > 0 ? `${report.pushed.toLocaleString()} sent` : null,
    report.pulled > 0 ? `${report.pulled.toLocaleString()} received` : null,
    report.deleted > 0 ? `${report.deleted.toLocaleString()} deleted` : null,
    report.conflicts > 0 ? count(report.conflicts, "conflict to review", "conflicts to review") : null,
    report.skipped > 0 ? count(report.skipped, "item on the server left alone (not Kith's, or not readable)", "items on the server left alone (not Kith's, or not readable)") : null,
  ].filter((p): p is string => p !== null);
  return parts.length === 0 ? "Synced: nothing to do." : `Synced: ${parts.join(", ")}.`;
}

/** How each collection's fields read in a conflict's title. */
const FIELDS: Record<string, Record<string, string>> = {
  people: { name: "name", company: "company", role: "role", birthday: "birthday", note: "contact card note" },
  follow_ups: { what: "follow-up", due: "follow-up's due time", repeat: "follow-up's repeat", status: "follow-up's status", person: "follow-up's person" },
  journal: { summary: "touch", body: "note", text: "topic or need", why: "introduction", status: "introduction's status", outcome: "introduction's outcome" },
};

/** The field of a conflict between a deletion on the server and an edit here. */
export const DELETED = "deleted";

/** What a conflict's item is, for one deleted on the server. */
const ITEMS: Record<string, string> = { people: "", follow_ups: "'s follow-up", journal: "'s journal entry" };

/** "Ada Lovelace's company: kept “Babbage & Co” (the server's)". */
export function conflictLine(c: SyncConflictDto): { title: string; kept: string; other: string } {
  if (c.field === DELETED) {
    return {
      title: `${c.label}${ITEMS[c.collection] ?? ""}`,
      kept: "Deleted on the server, kept on this computer because it was edited here since",
      other: c.collection === "people" ? "Delete it here too to move them to the trash" : "Delete it here too to remove it",
    };
  }
  const field = FIELDS[c.collection]?.[c.field] ?? (c.collection === "journal" ? `entry's ${c.field.replaceAll("_", " ")}` : c.field);
  const shown = (v: string) => (v === "" ? "(empty)" : `“${v}”`);
  return {
    title: `${c.label}'s ${field}`,
    kept: `Kept ${shown(c.kept)} from ${c.keptFrom === "here" ? "this computer" : "the server"}`,
    other: `Set aside ${shown(c.other)}`,
  };
}
