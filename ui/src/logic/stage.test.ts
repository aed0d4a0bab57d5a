import { healthLabel, stageLabel, stageRank } from "./stage";

describe("stage words", () => {
  it("names every stage and health the core derives", () => {
    expect(stageLabel("in-conversation")).toBe("In conversation");
    expect(stageLabel("trusted")).toBe("Trusted");
    expect(healthLabel("cooling")).toBe("Cooling");
  });

  it("ranks the path and does not invent unknown stages", () => {
    expect(stageRank("connected")).toBe(1);
    expect(stageRank("trusted")).toBe(6);
    expect(stageRank("friend")).toBe(0);
    expect(stageLabel("<script>")).toBe("Unknown");
  });
});
