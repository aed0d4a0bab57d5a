// Words for the trash. How long people stay is the core's rule (it sets
// each entry's `purgeAt` and the purge); this is only how it is said.

import type { TrashEntryDto } from "../ipc/bindings";

const DAY = 24 * 60 * 60 * 1000;

/** "removed for good in 29 days", "… tomorrow", "… today". */
export function purgeLabel(entry: TrashEntryDto, now: Date): string {
  const days = Math.ceil((new Date(entry.purgeAt).getTime() - now.getTime()) / DAY);
  if (Number.isNaN(days) || days <= 0) return "removed for good today";
  if (days === 1) return "removed for good tomorrow";
  return `removed for good in ${days} days`;
}

/** Where a deleted person can be found again, and for how long if known. */
export function restoreHint(trashDays: number | undefined): string {
  return trashDays ? `You can restore them from Settings → Trash for ${trashDays} days.` : "You can restore them from Settings → Trash.";
}
