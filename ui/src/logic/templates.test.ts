import { describe, expect, it } from "vitest";
import { templateWarnings } from "./templates";

describe("template warnings", () => {
  it("flags a template with nothing personal in it", () => {
    expect(templateWarnings("Thanks for connecting!")).toEqual([
      "This reads like generic text: every reply would be the same. Add {first_name}, {company} or {topic}.",
    ]);
  });

  it("flags placeholders Kith does not know", () => {
    expect(templateWarnings("Hi {firstname}, how is {company}?")).toEqual([
      "Kith does not fill {firstname}; it would be sent as typed.",
    ]);
  });

  it("is quiet for a personal template and for an empty one", () => {
    expect(templateWarnings("Hi {first_name}, great to meet you ({how_we_met}).")).toEqual([]);
    expect(templateWarnings("  ")).toEqual([]);
  });
});
