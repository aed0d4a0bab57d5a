// Settings → Encryption: whether Kith's data is encrypted at rest, turning
// it on (the recovery key shown once, to copy and keep) or off.

import { api, type EncryptionDto } from "../ipc/api";
import { h, replace } from "../dom";
import { actionButton } from "./controls";
import { openDialog } from "./dialog";
import { showError, toast } from "./toast";

function statusText(status: EncryptionDto): string {
  if (!status.encrypted) return "Not encrypted.";
  return status.keyInKeychain
    ? "Encrypted; the key is in this computer's keychain."
    : "Encrypted, opened with the recovery key; this computer's keychain does not hold the key.";
}

/** Prints a page with the recovery key and how to use it (the system's
 * print dialog, where "Print to File" makes a PDF). */
function printSheet(recoveryKey: string): void {
  const sheet = h(
    "div",
    { class: "print-sheet", attrs: { id: "recovery-key-sheet" } },
    h("h1", null, "Kith recovery key"),
    h("p", { class: "recovery-key" }, h("code", null, recoveryKey)),
    h("p", null, "It opens Kith's encrypted data when this computer's keychain does not hold its key (a new computer, a reinstalled system): enter it on Kith's unlock screen, or run kith unlock --recovery-key-stdin."),
    h("p", null, `Printed ${new Date().toLocaleDateString()}.`),
    h("p", null, "Keep it somewhere safe and apart from the computer. Anyone with this key and a copy of the data can read the data."),
  );
  document.body.append(sheet);
  window.addEventListener("afterprint", () => sheet.remove(), { once: true });
  window.print();
}

/** The recovery key, once: copy it, and say it is kept before closing. */
function showRecoveryKey(recoveryKey: string): void {
  const dialog = openDialog("Your recovery key", { wide: true });
  const done = h("button", { class: "button primary", attrs: { type: "button", id: "recovery-key-done", disabled: true } }, "Done");
  const kept = h("input", { attrs: { type: "checkbox", id: "recovery-key-kept" } });
  kept.addEventListener("change", () => {
    done.disabled = !kept.checked;
  });
  done.addEventListener("click", () => dialog.close());
  const copy = h("button", { class: "button", attrs: { type: "button", id: "recovery-key-copy" } }, "Copy");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(recoveryKey);
      toast("Copied. Paste it into your password manager.");
    } catch (error) {
      showError(error);
    }
  });
  const save = h("button", { class: "button", attrs: { type: "button", id: "recovery-key-save" } }, "Save as a file…");
  save.addEventListener("click", async () => {
    try {
      const saved = await api.saveRecoveryKey(recoveryKey);
      if (saved) toast(`Saved ${saved}. Keep it away from this computer, e.g. on a USB stick in a drawer.`);
    } catch (error) {
      showError(error);
    }
  });
  const print = h("button", { class: "button", attrs: { type: "button", id: "recovery-key-print" } }, "Print…");
  print.addEventListener("click", () => printSheet(recoveryKey));
  dialog.body.append(
    h("p", null, "Kith's data is now encrypted. This recovery key opens it on a new computer, or if this computer's keychain is lost. Kith shows it this once and keeps no copy."),
    h(
      "p",
      { class: "recovery-key" },
      // Lines break between groups, never inside one.
      h("code", { attrs: { id: "recovery-key-shown" } }, ...recoveryKey.split("-").flatMap((group, i) => (i === 0 ? [group] : ["-", h("wbr"), group]))),
    ),
    h("p", { class: "muted small" }, "Keep it in a password manager, or write it down and keep the paper safe."),
    h("div", { class: "actions" }, copy, save, print),
    h("label", { class: "checkbox" }, kept, " I have stored my recovery key somewhere safe"),
    h("div", { class: "actions" }, done),
  );
  dialog.show(copy);
}

export function encryptionCard(): HTMLElement {
  const card = h("section", { class: "card", attrs: { id: "encryption", "aria-label": "Encryption" } });

  function confirm(title: string, text: string, label: string, run: () => Promise<void>): void {
    const dialog = openDialog(title);
    const go = h("button", { class: "button primary", attrs: { type: "button", id: "encryption-confirm" } }, label);
    go.addEventListener("click", async () => {
      go.disabled = true;
      try {
        await run();
        dialog.close();
      } catch (error) {
        go.disabled = false;
        showError(error);
      }
    });
    dialog.body.append(
      h("p", null, text),
      h("div", { class: "actions" }, go, h("button", { class: "button", attrs: { type: "button" }, on: { click: () => dialog.close() } }, "Cancel")),
    );
    dialog.show(go);
  }

  function show(status: EncryptionDto): void {
    replace(
      card,
      h("h2", null, "Encryption"),
      h(
        "p",
        { class: "muted small" },
        "Encrypts Kith's database, its search index and its backups on this computer (SQLCipher, AES-256), with a key kept in your system keychain. It protects a lost or stolen laptop, a copied backup folder and a backup in someone's cloud; not malware running as you, or a session left unlocked.",
      ),
      h("p", { attrs: { id: "encryption-status", "aria-live": "polite" } }, statusText(status)),
      h(
        "div",
        { class: "actions" },
        status.encrypted
          ? actionButton("encryption-disable", "Turn off encryption…", async () =>
              confirm("Turn off encryption?", "Kith writes the database back as a plain file and removes its key from the keychain. Backups taken while it was encrypted stay encrypted.", "Turn off", async () => {
                show(await api.disableEncryption());
                toast("Encryption is off.");
              }),
            )
          : actionButton("encryption-enable", "Encrypt my data…", async () =>
              confirm("Encrypt Kith's data?", "Kith makes a new key, keeps it in your system keychain and converts the database. Then it shows you a recovery key to keep: without it, a new computer cannot open the data.", "Encrypt", async () => {
                const enabled = await api.enableEncryption();
                show(enabled);
                if (enabled.recoveryKey) showRecoveryKey(enabled.recoveryKey);
              }),
            ),
      ),
    );
  }

  api
    .encryption()
    .then(show)
    .catch((error) => showError(error));
  return card;
}
