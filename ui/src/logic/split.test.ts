import { describe, expect, it } from "vitest";
import { splitLabel, splitProblem, type SplitChoice } from "./split";

const choice = (over: Partial<SplitChoice> = {}): SplitChoice => ({ name: "Grace Hopper", identities: 0, notes: 0, touches: 0, followUps: 0, ...over });

describe("splitting a person", () => {
  it("needs a name and something to move", () => {
    expect(splitProblem(choice({ name: " ", identities: 1 }))).toBe("Give the new person a name.");
    expect(splitProblem(choice())).toBe("Choose at least one identity, note, touch or follow-up to move.");
    expect(splitProblem(choice({ touches: 2 }))).toBeNull();
  });

  it("says what moves where", () => {
    expect(splitLabel(choice({ identities: 1, touches: 2 }))).toBe("Move 1 identity and 2 touches to Grace Hopper");
    expect(splitLabel(choice({ identities: 2, notes: 1, followUps: 1 }))).toBe("Move 2 identities, 1 note and 1 follow-up to Grace Hopper");
    expect(splitLabel(choice({ name: "", notes: 1 }))).toBe("Move 1 note");
  });
});
