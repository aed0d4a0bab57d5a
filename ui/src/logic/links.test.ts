import { describe, expect, it } from "vitest";
import type { LinkDto } from "../ipc/bindings";
import { LINK_CHOICES, linkChoice, linkLine } from "./links";

describe("links between people", () => {
  it("turns what the other is to this person into a kind and its sides", () => {
    expect(linkChoice("manager")).toEqual({ kind: "manager", theyAreFirst: true });
    expect(linkChoice("report")).toEqual({ kind: "manager", theyAreFirst: false });
    expect(linkChoice("child")).toEqual({ kind: "parent", theyAreFirst: false });
    expect(linkChoice("introducer")).toEqual({ kind: "introduced", theyAreFirst: true });
    expect(linkChoice("met-through")).toEqual({ kind: "met-through", theyAreFirst: false });
    expect(linkChoice("friend")).toEqual({ kind: "friend", theyAreFirst: false });
    expect(LINK_CHOICES.map(([v]) => v)).toContain("colleague");
  });

  it("says a link in a line", () => {
    const link: LinkDto = { id: 1, kind: "manager", name: "manager", outgoing: false, other: { id: 2, displayName: "Ada" }, note: "At Northwind", since: "2019-03" };
    expect(linkLine(link)).toBe("manager · since 2019-03 · At Northwind");
    expect(linkLine({ ...link, note: null, since: null })).toBe("manager");
  });
});
