// Words for a person's dates. When they come round and when they are
// reminded of is the core's (src-tauri/core/src/dates.rs).

import type { NamedDateDto } from "../ipc/bindings";
import { birthdayLabel } from "./format";

/** A stored birthday or anniversary as the user types it: "05-14" (no year) or "1984-05-14"; "" for none. */
export function typedYearly(stored: string | null): string {
  if (!stored) return "";
  return stored.startsWith("--") ? stored.slice(2) : stored;
}

/** "1 March 2027, every year" or "1 March 2027". */
export function namedDateLabel(date: NamedDateDto): string {
  const on = birthdayLabel(date.on);
  return date.yearly ? `${on}, every year` : on;
}
