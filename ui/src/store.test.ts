import { createStore } from "./store";

describe("createStore", () => {
  it("merges patches and tells subscribers until they leave", () => {
    const store = createStore({ a: 1, b: "x" });
    const seen: number[] = [];
    const leave = store.subscribe((v) => seen.push(v.a));
    store.set({ a: 2 });
    expect(store.get()).toEqual({ a: 2, b: "x" });
    leave();
    store.set({ a: 3 });
    expect(seen).toEqual([2]);
  });
});
