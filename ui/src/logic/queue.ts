// Triage keys for the welcome queue, and the "reads like the template" check.

export type TriageAction = "acknowledge" | "keep-in-touch" | "not-now" | "edit" | "next" | "previous";

/** The triage action a plain key press means on the queue card. */
export function triageKey(key: string): TriageAction | null {
  switch (key.toLowerCase()) {
    case "a":
      return "acknowledge";
    case "k":
      return "keep-in-touch";
    case "n":
      return "not-now";
    case "e":
      return "edit";
    case "j":
    case "arrowdown":
      return "next";
    case "arrowup":
      return "previous";
    default:
      return null;
  }
}

const normalise = (text: string) => text.trim().split(/\s+/u).join(" ").toLowerCase();

/** Whether a message is still the template exactly as drafted. */
export function unedited(message: string, drafted: string): boolean {
  return normalise(message) === normalise(drafted);
}

/** How often to keep in touch when triaging with K, in days. */
export const TRIAGE_CADENCE_DAYS = 90;
