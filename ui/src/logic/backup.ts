// How backups read in the window: their kind in words, their size, how old
// the newest one is, and whether that is worth a warning.

import type { BackupDto } from "../ipc/api";

const KINDS: Record<string, string> = {
  daily: "Daily",
  weekly: "Weekly",
  manual: "Made by hand",
  "before-upgrade": "Before an upgrade",
  "before-restore": "Before a restore",
  "before-import": "Before a large import",
};

export function kindLabel(kind: string): string {
  return KINDS[kind] ?? kind;
}

export function sizeLabel(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  if (bytes >= 1 << 10) return `${Math.round(bytes / (1 << 10))} kB`;
  return `${bytes} B`;
}

export function peopleLabel(count: number | null): string {
  if (count === null) return "unreadable";
  return count === 1 ? "1 person" : `${count.toLocaleString()} people`;
}

/** A backup older than this many days is worth a warning in Settings. */
export const STALE_DAYS = 3;

/** "Last backup: 3 hours ago" and whether it is overdue (or missing). */
export function lastBackup(backups: BackupDto[], now: Date): { text: string; stale: boolean } {
  const newest = backups.find((b) => b.verified);
  if (!newest) return { text: "No backup yet. Kith takes one a day while it runs; or back up now.", stale: true };
  const ms = now.getTime() - new Date(newest.takenAt).getTime();
  const minutes = Math.max(0, Math.round(ms / 60000));
  const age =
    minutes < 1
      ? "just now"
      : minutes < 60
        ? `${minutes} minute${minutes === 1 ? "" : "s"} ago`
        : minutes < 48 * 60
          ? `${Math.round(minutes / 60)} hour${Math.round(minutes / 60) === 1 ? "" : "s"} ago`
          : `${Math.round(minutes / 1440)} days ago`;
  return { text: `Last backup: ${age}.`, stale: ms > STALE_DAYS * 86400000 };
}
