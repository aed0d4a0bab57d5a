// The recovery screen, in place of the whole window when the database file
// is damaged, cannot be opened or is encrypted without a key here: what is
// wrong, the newest good backup with "Restore this backup", "Export what
// can still be read", "Open the folder"; for a file that would not open,
// "Try again"; for a locked one, the recovery key and "Unlock".

import { api, type RecoveryDto } from "../ipc/api";
import { h, replace } from "../dom";
import { kindLabel, peopleLabel } from "../logic/backup";
import { confirmRestore } from "./backups";
import { showError, toast } from "./toast";

export function mountRecovery(host: HTMLElement, recovery: RecoveryDto): void {
  const result = h("div", { class: "recovery-result", attrs: { id: "recovery-result", role: "status" } });
  const newest = recovery.newestBackup;
  const busy = async (button: HTMLButtonElement, work: () => Promise<void>) => {
    button.disabled = true;
    try {
      await work();
    } catch (error) {
      showError(error);
    } finally {
      button.disabled = false;
    }
  };
  const action = (id: string, label: string, primary: boolean, work: () => Promise<void>) => {
    const button = h("button", { class: primary ? "button primary" : "button", attrs: { type: "button", id } }, label);
    button.addEventListener("click", () => void busy(button, work));
    return button;
  };

  const backupPart = newest
    ? h(
        "div",
        { class: "card", attrs: { id: "newest-backup" } },
        h("h2", null, "The newest good backup"),
        h("p", null, h("strong", null, new Date(newest.takenAt).toLocaleString()), ` · ${kindLabel(newest.kind)} · ${peopleLabel(newest.people === null ? null : Number(newest.people))}`),
        h("p", { class: "muted small" }, "Restoring puts this backup in place of the database. The current file is kept beside it, renamed; nothing is deleted."),
        action("restore-newest", "Restore this backup", recovery.kind === "damaged", async () => confirmRestore(newest.id, `the backup of ${new Date(newest.takenAt).toLocaleString()}`)),
      )
    : h("div", { class: "card" }, h("h2", null, "No backup found"), h("p", null, `There is no good backup in ${recovery.folder}. If you keep backups elsewhere, restore one from a file.`));

  const retry =
    recovery.kind === "not_open"
      ? action("try-again", "Try again", true, async () => {
          const still = await api.tryReopen();
          if (still) {
            toast("The database still cannot be opened.", "error");
            mountRecovery(host, still);
          } else {
            location.hash = "#/today";
            location.reload();
          }
        })
      : null;

  const keyInput = h("input", {
    attrs: { id: "recovery-key", type: "text", autocomplete: "off", spellcheck: "false", placeholder: "ABCD-EFGH-…", "aria-label": "Recovery key" },
  });
  const unlock =
    recovery.kind === "locked"
      ? h(
          "form",
          { class: "card unlock", attrs: { id: "unlock-form" } },
          h("label", { attrs: { for: "recovery-key" } }, "Recovery key"),
          keyInput,
          h("p", { class: "muted small" }, "The 56 letters and digits shown when encryption was turned on. Dashes, spaces and case do not matter."),
          h("div", { class: "actions" }, h("button", { class: "button primary", attrs: { type: "submit", id: "unlock" } }, "Unlock")),
        )
      : null;
  unlock?.addEventListener("submit", (event) => {
    event.preventDefault();
    const button = unlock.querySelector("button") as HTMLButtonElement;
    void busy(button, async () => {
      const still = await api.unlockWithRecoveryKey(keyInput.value);
      if (still) {
        toast("That recovery key does not open this database.", "error");
        mountRecovery(host, still);
      } else {
        location.hash = "#/today";
        location.reload();
      }
    });
  });
  const titles: Record<string, string> = {
    damaged: "Your database needs repair",
    locked: "Kith's data is encrypted",
  };
  const hints: Record<string, string> = {
    damaged: "Kith has stopped writing to it, so nothing more can be lost. Database: ",
    locked: "Nothing was changed. Without the recovery key, a backup taken before encryption was turned on can be restored instead. Database: ",
  };

  replace(
    host,
    h(
      "main",
      { class: "recovery", attrs: { id: "recovery", "aria-labelledby": "recovery-title" } },
      h("h1", { attrs: { id: "recovery-title" } }, titles[recovery.kind] ?? "Kith cannot open your database"),
      h("p", { class: "recovery-problem", attrs: { id: "recovery-problem" } }, recovery.problem),
      h(
        "p",
        { class: "muted" },
        hints[recovery.kind] ?? "Nothing was changed. When the other program lets go of the file, or the disk is back, try again. Database: ",
        h("code", null, recovery.database),
      ),
      retry ? h("div", { class: "actions" }, retry) : null,
      unlock,
      backupPart,
      h(
        "div",
        { class: "actions" },
        action("restore-other", "Restore another backup…", false, async () => {
          const path = await api.chooseBackupFile();
          if (path) confirmRestore(path, path);
        }),
        recovery.kind === "damaged"
          ? action("export-readable", "Export what can still be read", false, async () => {
              const salvage = await api.exportReadable();
              replace(
                result,
                h("p", null, `Saved ${peopleLabel(Number(salvage.people))} that could still be read:`),
                h("ul", { class: "plain" }, h("li", null, h("code", null, salvage.json)), salvage.vcard ? h("li", null, h("code", null, salvage.vcard)) : null),
                salvage.lost.length > 0 ? h("p", { class: "muted small" }, `Some rows could not be read (${salvage.lost.length} places).`) : null,
              );
            })
          : null,
        action("open-database-folder", "Open the folder", false, async () => {
          await api.openFolder("database");
        }),
      ),
      result,
    ),
  );
}
