// Backups in Settings: how old the last one is, the list with Restore,
// "Back up now", "Restore…" (any backup file), the folder and where it is.

import { api, type BackupDto, type BackupsDto } from "../ipc/api";
import { h, replace } from "../dom";
import { kindLabel, lastBackup, peopleLabel, sizeLabel } from "../logic/backup";
import { actionButton } from "./controls";
import { openDialog } from "./dialog";
import { showError, toast } from "./toast";

/** Asks before a restore, then restores and starts the window over on the
 * restored data. */
export function confirmRestore(backup: string, label: string): void {
  const dialog = openDialog("Restore this backup?");
  const restore = h("button", { class: "button primary", attrs: { type: "button", id: "confirm-restore" } }, "Restore");
  restore.addEventListener("click", async () => {
    restore.disabled = true;
    try {
      const restored = await api.restoreBackup(backup);
      dialog.close();
      sessionStorage.setItem(
        "kith-restored",
        `Restored ${peopleLabel(Number(restored.people))} from the backup.${restored.kept ? ` The file it replaced is kept as ${restored.kept}.` : ""}`,
      );
      location.hash = "#/today";
      location.reload();
    } catch (error) {
      restore.disabled = false;
      showError(error);
    }
  });
  dialog.body.append(
    h("p", null, `Kith will put ${label} in place of your data. Your current data is backed up first and kept beside the database; nothing is deleted.`),
    h("div", { class: "actions" }, restore, h("button", { class: "button", attrs: { type: "button" }, on: { click: () => dialog.close() } }, "Cancel")),
  );
  dialog.show(restore);
}

function row(backup: BackupDto): HTMLElement {
  const when = new Date(backup.takenAt).toLocaleString();
  return h(
    "li",
    { class: "backup", dataset: { backup: backup.id } },
    h("strong", null, when),
    h("span", { class: "muted small" }, ` ${kindLabel(backup.kind)} · ${peopleLabel(backup.people === null ? null : Number(backup.people))} · ${sizeLabel(Number(backup.size))} `),
    backup.verified ? null : h("span", { class: "tag danger" }, "damaged"),
    h(
      "button",
      {
        class: "button small",
        attrs: { type: "button", disabled: !backup.verified },
        on: { click: () => confirmRestore(backup.id, `the backup of ${when}`) },
      },
      "Restore",
    ),
  );
}

export function backupsCard(): HTMLElement {
  const status = h("p", { attrs: { id: "backup-status" } });
  const folder = h("code", { attrs: { id: "backup-folder" } });
  const list = h("ul", { class: "plain backups", attrs: { id: "backup-list" } });
  const button = actionButton;
  const resetFolder = button("backup-folder-default", "Use the default folder", async () => {
    show(await api.resetBackupFolder());
  });
  const card = h(
    "section",
    { class: "card", attrs: { id: "backups", "aria-label": "Backups" } },
    h("h2", null, "Backups"),
    h("p", { class: "muted small" }, "Kith backs up your data every day while it runs, and before upgrades, restores and large imports. Each backup is checked before it is kept: the last 7 days, 4 weeks, and every one you make."),
    status,
    h(
      "div",
      { class: "actions" },
      button("back-up-now", "Back up now", async () => {
        const backup = await api.backUpNow();
        toast(`Backed up ${peopleLabel(backup.people === null ? null : Number(backup.people))}.`);
        await load();
      }),
      button("restore-file", "Restore…", async () => {
        const path = await api.chooseBackupFile();
        if (path) confirmRestore(path, path);
      }),
      button("open-backup-folder", "Open folder", async () => {
        await api.openFolder("backups");
      }),
    ),
    h("p", { class: "small" }, "Folder: ", folder, " ", button("backup-folder-change", "Change…", async () => {
      const changed = await api.chooseBackupFolder();
      if (changed) {
        toast("Backups will go to the new folder.");
        show(changed);
      }
    }), " ", resetFolder),
    list,
  );

  function show(backups: BackupsDto): void {
    const last = lastBackup(backups.backups, new Date());
    status.textContent = last.text;
    status.classList.toggle("warning", last.stale);
    folder.textContent = backups.folder;
    resetFolder.hidden = backups.defaultFolder;
    if (backups.backups.length === 0) replace(list, h("li", { class: "muted" }, "No backups in this folder yet."));
    else replace(list, ...backups.backups.map(row));
  }

  async function load(): Promise<void> {
    try {
      show(await api.backups());
    } catch (error) {
      showError(error);
    }
  }

  void load();
  return card;
}
