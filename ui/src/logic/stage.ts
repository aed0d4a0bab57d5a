// Words for the derived stage and health identifiers.

const STAGES: Record<string, string> = {
  connected: "Connected",
  acknowledged: "Acknowledged",
  engaged: "Engaged",
  "in-conversation": "In conversation",
  relationship: "Relationship",
  trusted: "Trusted",
};

const HEALTH: Record<string, string> = {
  warm: "Warm",
  cooling: "Cooling",
  cold: "Cold",
};

/** The stage identifiers, in order along the path. */
export const STAGE_IDS: readonly string[] = Object.keys(STAGES);

export function stageLabel(stage: string): string {
  return STAGES[stage] ?? "Unknown";
}

export function healthLabel(health: string): string {
  return HEALTH[health] ?? "Unknown";
}

/** The stage's place on the path, 1 (connected) to 6 (trusted); 0 if unknown. */
export function stageRank(stage: string): number {
  return Object.keys(STAGES).indexOf(stage) + 1;
}
