import { describe, expect, it } from "vitest";
import { byName, countryLabel, nationalLine, presetCountry, regionOf } from "./country";

const countries = [
  { code: "DE", callingCode: 49 },
  { code: "GB", callingCode: 44 },
  { code: "FR", callingCode: 33 },
];

describe("home countries", () => {
  it("reads a locale's region, widening a bare language", () => {
    expect(regionOf("de-DE")).toBe("DE");
    expect(regionOf("en_GB.UTF-8")).toBe("GB");
    expect(regionOf("fr")).toBe("FR");
    expect(regionOf("")).toBeNull();
    expect(regionOf(undefined)).toBeNull();
    expect(regionOf("not a locale!")).toBeNull();
  });

  it("presets the set country, else the locale's when listed", () => {
    expect(presetCountry("GB", countries, "de-DE")).toBe("GB");
    expect(presetCountry(null, countries, "de-AT")).toBeNull();
    expect(presetCountry(null, countries, "en-GB")).toBe("GB");
  });

  it("names countries in the user's language, sorted by name", () => {
    const germany = { code: "DE", callingCode: 49 };
    expect(countryLabel(germany, "en")).toBe("Germany (+49)");
    expect(countryLabel(germany, "de")).toBe("Deutschland (+49)");
    expect(byName(countries, "en").map((c) => c.code)).toEqual(["FR", "DE", "GB"]);
  });

  it("says what the home country does with stored numbers", () => {
    expect(nationalLine("DE", 3, 2, "en")).toBe("2 of 3 phone numbers without a country code are read as Germany's; the rest are not its numbers and keep their digits.");
    expect(nationalLine(null, 1, 0, "en")).toBe("1 phone number without a country code matches only as written. Choose a home country to read it as its.");
    expect(nationalLine("DE", 2, 2, "en")).toBe("2 of 2 phone numbers without a country code are read as Germany's.");
    expect(nationalLine("DE", 0, 0, "en")).toContain("will be read as this country's");
  });
});
