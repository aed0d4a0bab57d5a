// Sync in Settings: set up a CardDAV server, its quiet status, "Sync now"
// (Cancel while it runs), the calendars whose meetings are touches, the
// conflicts to review, and "Stop syncing".

import { api, events, KithError, type SyncConflictDto, type SyncStatusDto } from "../ipc/api";
import { h, replace } from "../dom";
import { conflictLine, DELETED, holding, reportLine, statusLine, statusWarns } from "../logic/sync";
import { actionButton, labelledInput, onSubmit, toggle } from "./controls";
import { confirmDanger, openDialog } from "./dialog";
import { showError, toast } from "./toast";

/** The account's calendars, to choose which give meetings as touches. */
function chooseCalendars(): void {
  const dialog = openDialog("Meetings from your calendars");
  dialog.body.append(h("p", { class: "muted" }, "Asking the server…"));
  dialog.show();
  api
    .meetingCalendars()
    .then((calendars) => {
      if (calendars.length === 0) {
        replace(dialog.body, h("p", { attrs: { id: "calendars-none" } }, "The account has no calendars with events (Kith's own are left out)."));
        return;
      }
      const boxes = calendars.map((c) => {
        const box = h("input", { attrs: { type: "checkbox", checked: c.used, value: c.href } });
        return { c, box };
      });
      const save = h("button", { class: "button primary", attrs: { type: "submit", id: "calendars-save" } }, "Use these");
      const form = h(
        "form",
        { class: "form", attrs: { id: "calendars-form" } },
        h("p", { class: "muted small" }, "Each past meeting in the calendars you tick is a touch with the people on it who are in Kith, and today's meetings come to Today's plan to prepare for. Kith never writes to them."),
        h("ul", { class: "plain" }, ...boxes.map(({ c, box }) => h("li", null, h("label", { class: "checkbox" }, box, ` ${c.name ?? c.href}`)))),
        h("div", { class: "form-actions left" }, save),
      );
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        save.disabled = true;
        try {
          const chosen = boxes.filter(({ box }) => box.checked).map(({ box }) => box.value);
          await api.useMeetingCalendars(chosen);
          toast(chosen.length === 0 ? "No calendar is read for meetings." : `Meetings are read from ${chosen.length} calendar${chosen.length === 1 ? "" : "s"}; a sync has started.`);
          dialog.close();
        } catch (error) {
          showError(error);
          save.disabled = false;
        }
      });
      replace(dialog.body, form);
      boxes[0]?.box.focus();
    })
    .catch((error) => {
      dialog.close();
      showError(error);
    });
}

/** Runs a sync, asking first when it would delete more than half a side. */
async function syncNow(password: string | null, after: () => Promise<void>): Promise<void> {
  try {
    toast(reportLine(await api.syncNow(password)));
  } catch (error) {
    if (error instanceof KithError && error.kind === "invalid_input" && error.message.includes("would delete")) {
      confirmDeletes(error.message, after);
      return;
    }
    if (error instanceof KithError && error.kind === "cancelled") {
      toast("Sync stopped; it goes on from there next time.");
      return;
    }
    throw error;
  } finally {
    await after();
  }
}

function confirmDeletes(message: string, after: () => Promise<void>): void {
  confirmDanger(
    "Delete that many people?",
    "sync-allow-deletes",
    "Sync and delete",
    [h("p", null, message.replace(/; nothing was changed.*$/, ".")), h("p", null, "Nothing was changed. Deleted people go to the trash, where they stay 30 days.")],
    async (close) => {
      try {
        toast(reportLine(await api.syncNow(null, true)));
        close();
      } finally {
        await after();
      }
    },
  );
}

export function syncCard(): HTMLElement {
  const card = h("section", { class: "card", attrs: { id: "sync", "aria-label": "Sync" } });
  let unlisten: (() => void) | null = null;
  let shown = false;

  function setUpForm(): HTMLElement {
    const url = labelledInput("sync-url", "Server address", { type: "url", placeholder: "https://dav.example.org/", required: true, autocomplete: "url" });
    const user = labelledInput("sync-user", "User name", { required: true, autocomplete: "username" });
    const password = labelledInput("sync-password", "Password or app password", { type: "password", required: true, autocomplete: "current-password" });
    const book = h("select", { attrs: { id: "sync-address-book", name: "sync-address-book" } }, h("option", { attrs: { value: "Kith" } }, "A new address book named “Kith”"));
    const find = actionButton("sync-find-books", "Find address books", async () => {
      const books = await api.findAddressBooks(url.input.value, user.input.value, password.input.value);
      const options = books.map((b) => {
        const value = b.name ?? b.href.replace(/\/+$/, "").split("/").pop() ?? b.href;
        return h("option", { attrs: { value } }, `${b.name ?? value} (${b.href})`);
      });
      const hasKith = books.some((b) => (b.name ?? "").toLowerCase() === "kith" || /\/kith\/?$/i.test(b.href));
      replace(book, ...(hasKith ? [] : [h("option", { attrs: { value: "Kith" } }, "A new address book named “Kith”")]), ...options);
      toast(books.length === 0 ? "The server has no address books yet; Kith will create one." : `The server offers ${books.length} address book${books.length === 1 ? "" : "s"}.`);
    });
    const submit = h("button", { class: "button primary", attrs: { type: "submit", id: "sync-set-up" } }, "Set up sync");
    const form = h(
      "form",
      { class: "form", attrs: { id: "sync-form" } },
      url.row,
      user.row,
      password.row,
      h("label", { attrs: { for: "sync-address-book" } }, "Address book", book),
      h("div", { class: "actions" }, find),
      h("div", { class: "actions" }, submit),
    );
    onSubmit(form, submit, "Checking…", async () => {
      const status = await api.setUpSync(url.input.value, user.input.value, password.input.value, book.value || null);
      password.input.value = "";
      toast(status.passwordKept ? "Sync is set up; the password is in your keychain." : "Sync is set up. No keychain is reachable here, so Kith asks for the password after a restart.");
      await load();
    });
    return form;
  }

  function conflictRow(c: SyncConflictDto): HTMLElement {
    const line = conflictLine(c);
    return h(
      "li",
      { class: "conflict", dataset: { conflict: String(c.id) } },
      h("strong", null, line.title),
      h("span", { class: "small" }, ` ${line.kept}. ${line.other}. `),
      c.field === DELETED
        ? actionButton(`conflict-flip-${c.id}`, "Delete it here too", async () => {
            await api.flipSyncConflict(c.id);
            toast(`${line.title} is deleted here too; the next sync deletes it on the server.`);
            await load();
          })
        : actionButton(`conflict-flip-${c.id}`, "Use the other value", async () => {
            const flipped = await api.flipSyncConflict(c.id);
            toast(`${conflictLine(flipped).title} is now “${flipped.kept}”; the next sync sends it.`);
            await load();
          }),
      " ",
      actionButton(`conflict-keep-${c.id}`, "Keep", async () => {
        await api.dismissSyncConflict(c.id);
        await load();
      }),
    );
  }

  function confirmStop(): void {
    confirmDanger(
      "Stop syncing?",
      "confirm-stop-sync",
      "Stop syncing",
      [h("p", null, "Kith forgets the server and its password. Everyone stays on this computer, and nothing is deleted on the server.")],
      async (close) => {
        await api.stopSyncing();
        close();
        toast("Sync stopped. Everyone stays here; nothing was deleted on the server.");
        await load();
      },
    );
  }

  function show(status: SyncStatusDto, conflicts: SyncConflictDto[]): void {
    const now = new Date();
    const intro = h(
      "p",
      { class: "muted small" },
      "Keep your people in an address book, your follow-ups in a task list and your timeline in a journal on a CardDAV/CalDAV server (Radicale, Nextcloud, iCloud, Fastmail…), so your phone and Kith on another computer see them too, and your phone rings the follow-ups. Only https:// servers (http:// only on this computer); the password stays in your system keychain.",
    );
    const line = h("p", { attrs: { id: "sync-status", "aria-live": "polite" } }, statusLine(status, now));
    line.classList.toggle("warning", statusWarns(status, now));
    if (!status.configured) {
      replace(card, h("h2", null, "Sync"), intro, line, setUpForm());
      return;
    }
    const password = labelledInput("sync-session-password", "Password", { type: "password", autocomplete: "current-password" });
    const run = status.running
      ? actionButton("sync-cancel", "Cancel", async () => {
          await api.cancelSync();
        })
      : actionButton(
          "sync-now",
          "Sync now",
          async () => {
            await syncNow(status.needsPassword ? password.input.value || null : null, load);
          },
          true,
        );
    replace(
      card,
      h("h2", null, "Sync"),
      intro,
      line,
      h(
        "dl",
        { class: "facts" },
        h("dt", null, "Server"),
        h("dd", null, h("code", { attrs: { id: "sync-server" } }, status.url ?? ""), ` as ${status.user ?? ""}`),
        h("dt", null, "Address book"),
        h("dd", null, holding(status.addressBook, Number(status.people), "person", "people")),
        status.taskList === null ? null : h("dt", null, "Task list"),
        status.taskList === null ? null : h("dd", { attrs: { id: "sync-task-list" } }, holding(status.taskList, Number(status.followUps), "follow-up", "follow-ups")),
        status.journal === null ? null : h("dt", null, "Journal"),
        status.journal === null ? null : h("dd", { attrs: { id: "sync-journal" } }, holding(status.journal, Number(status.journalEntries), "entry", "entries")),
        h("dt", null, "Password"),
        h("dd", null, status.passwordKept ? "In the system keychain" : "Not kept (no keychain here): asked once per session"),
      ),
      toggle(
        "sync-calendar-mirror",
        "Also show open follow-ups in a calendar",
        "For calendar apps that show no tasks: each open follow-up as an event in a calendar named “Kith follow-ups (calendar)”, kept up to date by Kith.",
        status.calendarMirror,
        async (on) => {
          await api.setCalendarMirror(on);
        },
      ),
      toggle(
        "sync-plan-on-phone",
        "Put today's plan on the phone",
        "Each morning's plan as tasks due today in a list named “Kith — today”, for any task app that syncs with this server (iOS Reminders, tasks.org or jtx Board through DAVx5, Thunderbird). Ticking one there marks it done here and logs the touch; deleting one is “Not today”.",
        status.planOnPhone,
        async (on) => {
          await api.setPlanOnPhone(on);
        },
      ),
      status.needsPassword ? password.row : null,
      h(
        "div",
        { class: "actions" },
        run,
        h("button", { class: "button", attrs: { type: "button", id: "sync-calendars" }, on: { click: () => chooseCalendars() } }, "Meetings from calendars…"),
        actionButton("sync-stop", "Stop syncing…", async () => confirmStop()),
      ),
      conflicts.length === 0
        ? null
        : h(
            "div",
            { attrs: { id: "sync-conflicts" } },
            h("h3", null, `Conflicts to review (${conflicts.length})`),
            h("p", { class: "muted small" }, "These fields were changed here and on the server. Kith kept the newer value; you can bring back the other."),
            h("ul", { class: "plain conflicts" }, ...conflicts.map(conflictRow)),
          ),
    );
  }

  async function load(): Promise<void> {
    try {
      const [status, conflicts] = await Promise.all([api.syncStatus(), api.syncConflicts()]);
      show(status, conflicts);
    } catch (error) {
      showError(error);
    }
  }

  void events
    .onSyncChanged(() => {
      if (!card.isConnected) {
        // Left Settings: stop listening (not before it was first shown).
        if (shown) unlisten?.();
        return;
      }
      shown = true;
      void load();
    })
    .then((stop) => {
      unlisten = stop;
    });
  void load().then(() => {
    shown ||= card.isConnected;
  });
  return card;
}
