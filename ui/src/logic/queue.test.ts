import { triageKey, unedited } from "./queue";

describe("triage keys", () => {
  it.each([
    ["a", "acknowledge"],
    ["K", "keep-in-touch"],
    ["n", "not-now"],
    ["e", "edit"],
    ["ArrowDown", "next"],
    ["x", null],
  ])("%s → %s", (key, action) => {
    expect(triageKey(key)).toBe(action);
  });
});

describe("unedited", () => {
  it("sees through spacing and case, not through real edits", () => {
    expect(unedited("  Hi Ada,\n thanks!", "hi ada, thanks!")).toBe(true);
    expect(unedited("Hi Ada, loved your talk!", "Hi Ada, thanks!")).toBe(false);
  });
});
