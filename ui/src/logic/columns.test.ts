import { describe, expect, it } from "vitest";
import type { CsvColumnsDto } from "../ipc/bindings";
import { fieldLabel, initialFields, mappingText } from "./columns";

const csv = (remembered: string | null): CsvColumnsDto => ({
  header: ["Full name", "Mail", "Mobile", "x"],
  samples: [["Ada"], ["ada@example.org"], ["+44 20"], ["?"]],
  guesses: ["name", "email", "phone", null],
  remembered,
  fields: ["name", "email", "phone", "ignore"],
});

describe("a CSV's column mapping", () => {
  it("starts from the guesses, or from the mapping used last for the header", () => {
    expect(initialFields(csv(null))).toEqual(["name", "email", "phone", null]);
    expect(initialFields(csv("full name=name,mail=ignore,x=notes"))).toEqual(["name", "ignore", null, "notes"]);
  });

  it("is written as --columns takes it, and only when someone can be called by it", () => {
    const header = csv(null).header;
    expect(mappingText(header, ["name", "email", null, "ignore"])).toBe("Full name=name,Mail=email");
    expect(mappingText(header, [null, null, "phone", null])).toBeNull();
    expect(mappingText(["A,B", "Mail"], ["name", "email"])).toBe("Mail=email");
    expect(fieldLabel("url")).toBe("LinkedIn or website");
  });
});
