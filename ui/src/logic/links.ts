// Words for links between people. A link is stored one way (the kind's
// first side is the parent, the manager, the mentor…); the form asks what
// the other person is to this one and turns that into kind and sides.

import type { LinkDto } from "../ipc/bindings";

/** What the other person can be to this one: a value and its label. */
export const LINK_CHOICES: Array<[string, string]> = [
  ["friend", "friend"],
  ["colleague", "colleague"],
  ["partner", "partner"],
  ["family", "family"],
  ["sibling", "sibling"],
  ["parent", "parent"],
  ["child", "child"],
  ["manager", "manager"],
  ["report", "report"],
  ["mentor", "mentor"],
  ["mentee", "mentee"],
  ["introducer", "who introduced you"],
  ["met-through", "the one you met through"],
  ["introduced-by-you", "introduced to them by you"],
];

/** The kind a choice stores, and whether the other person is its first
 * side (the parent, the manager, the mentor, the introducer). */
export function linkChoice(choice: string): { kind: string; theyAreFirst: boolean } {
  switch (choice) {
    case "parent":
      return { kind: "parent", theyAreFirst: true };
    case "child":
      return { kind: "parent", theyAreFirst: false };
    case "manager":
      return { kind: "manager", theyAreFirst: true };
    case "report":
      return { kind: "manager", theyAreFirst: false };
    case "mentor":
      return { kind: "mentor", theyAreFirst: true };
    case "mentee":
      return { kind: "mentor", theyAreFirst: false };
    case "introducer":
      return { kind: "introduced", theyAreFirst: true };
    case "met-through":
      // You met this person through the other: this one is first.
      return { kind: "met-through", theyAreFirst: false };
    default:
      return { kind: choice, theyAreFirst: false };
  }
}

/** "manager · since 2019-03 · At Northwind". */
export function linkLine(link: LinkDto): string {
  return [link.name, link.since ? `since ${link.since}` : null, link.note].filter(Boolean).join(" · ");
}
