import { shortcutFor, type KeyPress } from "./keys";

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  inField: false,
  ...extra,
});

describe("shortcutFor", () => {
  it("maps Ctrl and Cmd the same", () => {
    expect(shortcutFor(press("l", { ctrlKey: true }))).toBe("quick-log");
    expect(shortcutFor(press("L", { metaKey: true }))).toBe("quick-log");
    expect(shortcutFor(press("k", { ctrlKey: true, inField: true }))).toBe("search");
  });

  it("lets plain keys type into fields", () => {
    expect(shortcutFor(press("/"))).toBe("search");
    expect(shortcutFor(press("/", { inField: true }))).toBeNull();
    expect(shortcutFor(press("?", { inField: true }))).toBeNull();
  });

  it("closes the window with Ctrl+W, even from a field", () => {
    expect(shortcutFor(press("w", { ctrlKey: true, inField: true }))).toBe("close-window");
  });

  it("ignores unbound keys", () => {
    expect(shortcutFor(press("x", { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press("a"))).toBeNull();
  });
});
