import { defaultChannel, followUpInput, parseTags, personInput, touchInput, type PersonFields } from "./forms";

const blank: PersonFields = {
  displayName: "",
  company: "",
  role: "",
  howMet: "",
  whereMet: "",
  tags: "",
  cadenceDays: "",
  identities: [],
};

describe("personInput", () => {
  it("requires a name", () => {
    const result = personInput(blank);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.displayName).toBeTruthy();
  });

  it("trims, drops blanks and parses tags and cadence", () => {
    const result = personInput({
      ...blank,
      displayName: "  Ada  ",
      company: " ",
      tags: "Close, rust, close",
      cadenceDays: "30",
      identities: [
        { kind: "email", value: " ada@example.org " },
        { kind: "phone", value: "  " },
      ],
    });
    expect(result).toEqual({
      ok: true,
      value: {
        displayName: "Ada",
        company: null,
        role: null,
        howMet: null,
        whereMet: null,
        introducedBy: null,
        cadenceDays: 30,
        tags: ["Close", "rust"],
        identities: [{ kind: "email", value: "ada@example.org" }],
      },
    });
  });

  it.each(["0", "2.5", "abc", "9999"])("refuses cadence %s", (cadence) => {
    const result = personInput({ ...blank, displayName: "Ada", cadenceDays: cadence });
    expect(result.ok).toBe(false);
  });

  it("flags an e-mail without an @", () => {
    const result = personInput({ ...blank, displayName: "Ada", identities: [{ kind: "email", value: "ada" }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors["identity-0"]).toMatch(/e-mail/);
  });
});

describe("parseTags", () => {
  it("keeps the first spelling of each tag", () => {
    expect(parseTags(" A, b,,a , B ")).toEqual(["A", "b"]);
  });
});

describe("touchInput", () => {
  it("needs a person", () => {
    const result = touchInput({ personId: null, kind: "call", channel: "phone", direction: "out", at: "", summary: "" });
    expect(result.ok).toBe(false);
  });

  it("sends null for a blank time (now) and defaults the direction", () => {
    const result = touchInput({ personId: 3, kind: "call", channel: "phone", direction: "", at: "", summary: " hi " });
    expect(result).toEqual({
      ok: true,
      value: { personId: 3, kind: "call", channel: "phone", direction: "out", at: null, summary: "hi" },
    });
  });
});

describe("defaultChannel", () => {
  it.each([
    ["call", "phone"],
    ["meeting", "in-person"],
    ["email", "email"],
    ["comment", "linkedin"],
  ])("%s happens on %s", (kind, channel) => {
    expect(defaultChannel(kind)).toBe(channel);
  });
});

describe("followUpInput", () => {
  it("floats unless pinned to a zone", () => {
    const result = followUpInput({ personId: 1, what: "Ask", due: "2026-03-01T09:00", fixedZone: null, repeat: "", topicId: null });
    expect(result.ok && result.value.zone).toBe("floating");
    const pinned = followUpInput({
      personId: 1,
      what: "Ask",
      due: "2026-03-01T09:00",
      fixedZone: "Europe/Berlin",
      repeat: "1w",
      topicId: 4,
    });
    expect(pinned.ok && pinned.value).toMatchObject({ zone: "Europe/Berlin", repeat: "1w", topicId: 4 });
  });

  it("refuses a missing what or time", () => {
    const result = followUpInput({ personId: 1, what: " ", due: "", fixedZone: null, repeat: "", topicId: null });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(["due", "what"]);
  });
});
