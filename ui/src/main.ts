// Kith's window: the layout, the router, shortcuts, and the views.

import { api, closeWindow, events } from "./ipc/api";
import { appState } from "./app-state";
import { h, replace } from "./dom";
import { shortcutFor, SHORTCUTS } from "./logic/keys";
import { parseHash, toHash, type Route } from "./logic/route";
import { openDialog } from "./views/dialog";
import { openQuickLog } from "./views/quick-log";
import { mountDashboard } from "./views/dashboard";
import { mountDuplicates } from "./views/duplicates";
import { mountNetwork } from "./views/network";
import { mountExchange } from "./views/exchange";
import { mountIntroductions } from "./views/introductions";
import { mountPeople } from "./views/people";
import { mountPerson } from "./views/person";
import { mountPersonForm } from "./views/person-form";
import { mountQueue } from "./views/queue";
import { mountRecovery } from "./views/recovery";
import { mountSettings } from "./views/settings";
import { mountToday } from "./views/today";
import { showError, toast } from "./views/toast";
import { navigate, type View } from "./navigate";


const search = h("input", {
  class: "search",
  attrs: { type: "search", placeholder: "Search people…  (Ctrl+K)", "aria-label": "Search people", id: "search" },
});
const navItems: Array<[Route["view"], string, string]> = [
  ["today", "Today", "#/today"],
  ["people", "People", "#/people"],
  ["dashboard", "Dashboard", "#/dashboard"],
  ["introductions", "Introductions", "#/introductions"],
  ["queue", "Welcome queue", "#/queue"],
  ["exchange", "Import & export", "#/exchange"],
  ["duplicates", "Duplicates", "#/duplicates"],
  ["settings", "Settings", "#/settings"],
];
const badge = h("span", { class: "badge", attrs: { "aria-label": "follow-ups due" } });
const nav = h(
  "nav",
  { class: "nav", attrs: { "aria-label": "Sections" } },
  ...navItems.map(([view, label, href]) =>
    h("a", { class: "nav-item", attrs: { href, "data-view": view } }, label, view === "today" ? badge : null),
  ),
);
const trayNotice = h("p", { class: "tray-notice", attrs: { hidden: true } });
const main = h("main", { class: "main", attrs: { id: "main", tabindex: "-1" } });
const layout = h(
  "div",
  { class: "layout" },
  h(
    "aside",
    { class: "sidebar" },
    h("div", { class: "brand" }, h("img", { attrs: { src: "/logo.svg", alt: "", width: 28, height: 28 } }), "Kith"),
    nav,
    h("div", { class: "sidebar-actions" },
      h("button", { class: "button primary wide", attrs: { type: "button", id: "quick-log-button" }, on: { click: () => openQuickLog() } }, "Log a touch"),
      h("button", { class: "button wide", attrs: { type: "button", id: "add-person-button" }, on: { click: () => navigate({ view: "new-person" }) } }, "Add a person"),
    ),
    trayNotice,
  ),
  h("div", { class: "content" }, h("header", { class: "topbar" }, search), main),
);

let current: View | null = null;

function mount(route: Exclude<Route, { view: "recovery" }>): View {
  switch (route.view) {
    case "today":
      return mountToday();
    case "people":
      return mountPeople(search);
    case "person":
      return mountPerson(route.id);
    case "edit-person":
      return mountPersonForm(route.id);
    case "new-person":
      return mountPersonForm(null);
    case "settings":
      return mountSettings();
    case "queue":
      return mountQueue();
    case "dashboard":
      return mountDashboard();
    case "introductions":
      return mountIntroductions();
    case "exchange":
      return mountExchange();
    case "duplicates":
      return mountDuplicates();
    case "network":
      return mountNetwork();
  }
}

const app = document.getElementById("app");

/** Shows the recovery screen in place of everything when the database is
 * damaged or could not be opened; `false` when it is fine. */
async function showRecoveryIfNeeded(): Promise<boolean> {
  const recovery = await api.recovery();
  if (!recovery || !app) return false;
  current?.destroy?.();
  current = null;
  mountRecovery(app, recovery);
  return true;
}

function render(): void {
  const { route, quickLog } = parseHash(location.hash);
  if (route.view === "recovery") {
    void showRecoveryIfNeeded()
      .then((shown) => {
        if (!shown) location.hash = "#/today";
      })
      .catch(showError);
    return;
  }
  if (app && !app.contains(layout)) app.replaceChildren(layout);
  current?.destroy?.();
  current = mount(route);
  replace(main, current.el);
  current.focus?.();
  for (const link of nav.querySelectorAll<HTMLAnchorElement>(".nav-item")) {
    const active = link.dataset.view === route.view || (route.view === "person" && link.dataset.view === "people") || (route.view === "network" && link.dataset.view === "dashboard");
    link.classList.toggle("active", active);
    if (active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (quickLog) {
    history.replaceState(null, "", toHash(route));
    openQuickLog();
  }
}

async function refreshDue(): Promise<void> {
  try {
    const today = await api.today();
    appState.set({ dueCount: today.dueCount });
  } catch (error) {
    showError(error);
  }
}

appState.subscribe(({ dueCount, info }) => {
  badge.textContent = dueCount > 0 ? String(dueCount) : "";
  badge.hidden = dueCount === 0;
  if (info?.tray === "unavailable") {
    trayNotice.hidden = false;
    trayNotice.textContent =
      "No system tray on this desktop: reminders run while this window is open. Install libayatana-appindicator3 to keep Kith in the tray.";
  }
});

function showShortcuts(): void {
  const dialog = openDialog("Keyboard shortcuts");
  dialog.body.append(
    h("dl", { class: "shortcuts" }, ...SHORTCUTS.flatMap(([keys, what]) => [h("dt", null, h("kbd", null, keys)), h("dd", null, what)])),
  );
  dialog.show();
}

// A file dropped anywhere but where a drop is taken (a person's picture)
// is refused, so the window never opens it in place of Kith; text dragged
// between fields moves as it always does.
for (const type of ["dragover", "drop"]) {
  document.addEventListener(type, (event) => {
    const files = (event as DragEvent).dataTransfer?.types ?? [];
    if ([...files].includes("Files")) event.preventDefault();
  });
}

document.addEventListener("keydown", (event) => {
  const target = event.target as HTMLElement | null;
  const inField = !!target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  const shortcut = shortcutFor({
    key: event.key,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    shiftKey: event.shiftKey,
    inField,
  });
  if (!shortcut || document.querySelector("dialog[open]")) return;
  event.preventDefault();
  switch (shortcut) {
    case "search":
      if (parseHash(location.hash).route.view !== "people") navigate({ view: "people" });
      setTimeout(() => search.focus(), 0);
      break;
    case "quick-log":
      openQuickLog();
      break;
    case "new-person":
      navigate({ view: "new-person" });
      break;
    case "go-today":
      navigate({ view: "today" });
      break;
    case "go-people":
      navigate({ view: "people" });
      break;
    case "go-dashboard":
      navigate({ view: "dashboard" });
      break;
    case "go-introductions":
      navigate({ view: "introductions" });
      break;
    case "go-settings":
      navigate({ view: "settings" });
      break;
    case "close-window":
      closeWindow().catch(showError);
      break;
    case "help":
      showShortcuts();
      break;
  }
});

search.addEventListener("focus", () => {
  if (parseHash(location.hash).route.view !== "people") navigate({ view: "people" });
});

/** Set once the window has drawn its first view; until then a change of
 * route only changes the hash, which that first draw reads. */
let ready = false;

function renderWhenReady(): void {
  if (ready) render();
}

async function start(): Promise<void> {
  window.addEventListener("hashchange", renderWhenReady);
  // The first screen waits for one round trip: the listener for the tray's
  // and notifications' routes, whether the file is damaged, and the app's
  // facts (its time zone, for the times views show) are asked together.
  const [listening, recovery, info] = await Promise.allSettled([
    events.onNavigate((hash) => {
      // A new hash re-renders through hashchange; the same one needs a
      // nudge (e.g. Quick log from the tray while already on Today).
      if (location.hash === hash) renderWhenReady();
      else location.hash = hash;
    }),
    showRecoveryIfNeeded(),
    api.appInfo(),
  ]);
  if (listening.status === "rejected") showError(listening.reason);
  if (recovery.status === "fulfilled" && recovery.value) return;
  if (recovery.status === "rejected") showError(recovery.reason);
  if (info.status === "fulfilled") appState.set({ info: info.value });
  else showError(info.reason);
  app?.replaceChildren(layout);
  const restored = sessionStorage.getItem("kith-restored");
  if (restored) {
    sessionStorage.removeItem("kith-restored");
    toast(restored);
  }
  ready = true;
  render();
  // Today counts what is due as it draws; any other first view asks here.
  if (parseHash(location.hash).route.view !== "today") await refreshDue();
  await events.onRemindersChanged(() => {
    void refreshDue();
    current?.refresh?.();
  });
  await events.onTouchesChanged(() => current?.refresh?.());
  await events.onPeopleChanged(() => current?.refresh?.());
}

void start();
