// The split dialog's rules, as pure functions.

/** Counts of what is chosen to move. */
export interface SplitChoice {
  name: string;
  identities: number;
  notes: number;
  touches: number;
  followUps: number;
}

/** What stops the split, or null when it can go ahead. */
export function splitProblem(choice: SplitChoice): string | null {
  if (!choice.name.trim()) return "Give the new person a name.";
  if (choice.identities + choice.notes + choice.touches + choice.followUps === 0) return "Choose at least one identity, note, touch or follow-up to move.";
  return null;
}

/** "Move 1 identity and 2 touches to Grace Hopper". */
export function splitLabel(choice: SplitChoice): string {
  const parts = (
    [
      [choice.identities, "identity", "identities"],
      [choice.notes, "note", "notes"],
      [choice.touches, "touch", "touches"],
      [choice.followUps, "follow-up", "follow-ups"],
    ] as Array<[number, string, string]>
  )
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  const what = parts.length <= 1 ? (parts[0] ?? "nothing") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
  const name = choice.name.trim();
  return name ? `Move ${what} to ${name}` : `Move ${what}`;
}
