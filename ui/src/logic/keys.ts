// Keyboard shortcuts, as data: which key press means which action.

export type Shortcut =
  | "search"
  | "quick-log"
  | "new-person"
  | "go-today"
  | "go-people"
  | "go-dashboard"
  | "go-introductions"
  | "go-settings"
  | "close-window"
  | "help";

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** Whether focus is in a text field (plain keys then type, not act). */
  inField: boolean;
}

/** The shortcut a key press means, if any. Ctrl and Cmd are the same. */
export function shortcutFor(press: KeyPress): Shortcut | null {
  const mod = press.ctrlKey || press.metaKey;
  const key = press.key.toLowerCase();
  if (mod && !press.altKey) {
    if (key === "k" || key === "f") return "search";
    if (key === "l") return "quick-log";
    if (key === "n") return "new-person";
    if (key === "1") return "go-today";
    if (key === "2") return "go-people";
    if (key === "3") return "go-dashboard";
    if (key === "4") return "go-introductions";
    if (key === ",") return "go-settings";
    if (key === "w") return "close-window";
    return null;
  }
  if (press.inField || press.altKey) return null;
  if (key === "/") return "search";
  if (key === "?") return "help";
  return null;
}

/** What each shortcut is, for the help dialog. */
export const SHORTCUTS: ReadonlyArray<[string, string]> = [
  ["Ctrl+K or /", "Search people"],
  ["Ctrl+L", "Log a touch"],
  ["Ctrl+N", "Add a person"],
  ["Ctrl+1", "Today"],
  ["Ctrl+2", "People"],
  ["Ctrl+3", "Dashboard"],
  ["Ctrl+4", "Introductions"],
  ["Ctrl+,", "Settings"],
  ["Ctrl+W", "Close the window (Kith stays in the tray)"],
  ["↑ ↓ Enter", "Move through lists and open"],
  ["Esc", "Close a dialog"],
  ["?", "This list"],
];
