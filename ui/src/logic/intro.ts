// The introduction workflow's words: what each next step is called, and
// the dated steps so far.

import type { IntroductionDto } from "../ipc/bindings";

export interface StepAction {
  step: string;
  label: string;
}

/** The buttons for an introduction's next step. */
export function nextActions(intro: IntroductionDto): StepAction[] {
  const a = intro.a.displayName;
  const b = intro.b.displayName;
  switch (intro.next) {
    case "ask-a":
      return [{ step: "ask-a", label: `I asked ${a}` }];
    case "ask-b":
      return [
        { step: "ask-b", label: `${a} agreed; I asked ${b}` },
        { step: "no-fit", label: `${a} declined` },
      ];
    case "introduce":
      return [
        { step: "introduce", label: "Both agreed; introduced" },
        { step: "no-fit", label: `${b} declined` },
      ];
    case "close":
      return [
        { step: "helped", label: "It helped" },
        { step: "no-fit", label: "No fit" },
        { step: "unknown", label: "Don't know" },
      ];
    default:
      return [];
  }
}

/** Whether a step moves the introduction on (and may set a reminder). */
export function takesReminder(step: string): boolean {
  return step === "ask-a" || step === "ask-b" || step === "introduce";
}

export interface DatedStep {
  label: string;
  at: string | null;
}

/** The workflow's steps with their dates (null: not yet). */
export function timeline(intro: IntroductionDto): DatedStep[] {
  const outcome: Record<string, string> = { helped: "It helped", no_fit: "No fit", unknown: "Outcome unknown" };
  return [
    { label: "Proposed", at: intro.proposedAt },
    { label: `Asked ${intro.a.displayName}`, at: intro.askedAAt },
    { label: `Asked ${intro.b.displayName}`, at: intro.askedBAt },
    { label: "Introduced", at: intro.introducedAt },
    { label: intro.outcome ? (outcome[intro.outcome] ?? "Closed") : "Outcome", at: intro.outcomeAt },
  ];
}
