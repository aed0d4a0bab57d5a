import { describe, expect, it } from "vitest";
import { namedDateLabel, typedYearly } from "./dates";

describe("dates", () => {
  it("shows a stored date as it is typed", () => {
    expect(typedYearly("--05-14")).toBe("05-14");
    expect(typedYearly("1984-05-14")).toBe("1984-05-14");
    expect(typedYearly(null)).toBe("");
  });

  it("labels a named date with its repeat", () => {
    expect(namedDateLabel({ id: 1, what: "Started at Northwind", on: "2027-03-01", yearly: true })).toBe("1 March 2027, every year");
    expect(namedDateLabel({ id: 2, what: "Moves to Lisbon", on: "2027-03-01", yearly: false })).toBe("1 March 2027");
  });
});
