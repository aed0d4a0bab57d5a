import { parseHash, toHash } from "./route";

describe("routes", () => {
  it.each([
    ["", { view: "today" }],
    ["#/today", { view: "today" }],
    ["#/people", { view: "people" }],
    ["#/person/42", { view: "person", id: 42 }],
    ["#/person/42/edit", { view: "edit-person", id: 42 }],
    ["#/person/abc", { view: "today" }],
    ["#/person/-3", { view: "today" }],
    ["#/settings", { view: "settings" }],
    ["#/queue", { view: "queue" }],
    ["#/dashboard", { view: "dashboard" }],
    ["#/introductions", { view: "introductions" }],
    ["#/exchange", { view: "exchange" }],
    ["#/duplicates", { view: "duplicates" }],
    ["#/network", { view: "network" }],
    ["#/recovery", { view: "recovery" }],
    ["#/nonsense", { view: "today" }],
  ])("%s", (hash, route) => {
    expect(parseHash(hash).route).toEqual(route);
  });

  it("reads the quick-log flag", () => {
    expect(parseHash("#/today?quick-log")).toEqual({ route: { view: "today" }, quickLog: true });
  });

  it("round-trips", () => {
    for (const hash of ["#/today", "#/people", "#/person/7", "#/person/7/edit", "#/new-person", "#/settings", "#/queue"]) {
      expect(toHash(parseHash(hash).route)).toBe(hash);
    }
  });
});
