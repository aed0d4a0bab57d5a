import { PageCache, pagesFor, visibleRange } from "./virtual";

describe("visibleRange", () => {
  it("draws only what shows plus overscan", () => {
    expect(visibleRange(0, 560, 56, 30_000, 5)).toEqual({ start: 0, end: 16 });
    expect(visibleRange(56 * 1000, 560, 56, 30_000, 5)).toEqual({ start: 995, end: 1016 });
  });

  it("stays inside the list at the end and when empty", () => {
    expect(visibleRange(56 * 29_995, 560, 56, 30_000, 5)).toEqual({ start: 29_990, end: 30_000 });
    expect(visibleRange(100, 560, 56, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(-50, 560, 56, 3, 2)).toEqual({ start: 0, end: 3 });
  });

  it("never renders more than a screenful whatever the total", () => {
    const range = visibleRange(123_456, 800, 56, 1_000_000, 8);
    expect(range.end - range.start).toBeLessThanOrEqual(Math.ceil(800 / 56) + 1 + 16);
  });
});

describe("pagesFor", () => {
  it("covers a range that straddles pages", () => {
    expect(pagesFor({ start: 190, end: 210 }, 100)).toEqual([1, 2]);
    expect(pagesFor({ start: 0, end: 100 }, 100)).toEqual([0]);
    expect(pagesFor({ start: 5, end: 5 }, 100)).toEqual([]);
  });
});

describe("PageCache", () => {
  it("finds rows by index and forgets the least recently used page", () => {
    const cache = new PageCache<string>(2);
    cache.set(0, ["a", "b"]);
    cache.set(1, ["c", "d"]);
    expect(cache.row(3, 2)).toBe("d");
    cache.get(0); // page 0 is now the most recent
    cache.set(2, ["e", "f"]);
    expect(cache.get(1)).toBeUndefined();
    expect(cache.row(0, 2)).toBe("a");
    expect(cache.size).toBe(2);
  });
});
