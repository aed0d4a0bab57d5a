// Encryption at rest in the real window: a database encrypted on another
// path (so this computer's keychain holds no key for this one) opens on
// the locked screen; a wrong recovery key is refused and the right one,
// typed loosely, unlocks it and puts the key back in the keychain. Run by
// tests/e2e/run.sh (a private D-Bus session with GNOME Keyring).

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { kith, launch, page, waitFor, wd } from "./webdriver.mjs";

const binary = process.env.KITH_BINARY;
const db = process.env.KITH_DB;
const other = join(process.env.KITH_ARTIFACTS, "elsewhere.db");

let session;
let recoveryKey;
const { click, textOf, run, runAsync, type, screenshot: capture, waitForElement } = page(() => session);

async function screenshot(name) {
  await runAsync("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
  await capture(name);
}

function otherKith(...args) {
  return JSON.parse(execFileSync(binary, ["--db", other, ...args, "--json"], { encoding: "utf8" }));
}

before(async () => {
  otherKith("add", "Ada Lovelace", "--email", "ada@example.org", "--company", "Analytical Engines");
  const enabled = otherKith("encryption", "enable");
  assert.equal(enabled.encrypted, true);
  recoveryKey = enabled.recoveryKey;
  // The same encrypted file under this test's path: the keychain's key is
  // for the other path, so here the data is locked.
  copyFileSync(other, db);
  assert.ok(!readFileSync(db).subarray(0, 16).toString("latin1").startsWith("SQLite format 3"));
  session = await launch(binary);
});

after(async () => {
  if (session) {
    await capture("encryption-last").catch(() => {});
    await wd("DELETE", `/session/${session}`).catch(() => {});
  }
});

test("an encrypted database without its key opens on the locked screen, not as damage", async () => {
  await waitForElement("#recovery", 20_000);
  assert.equal(await textOf("#recovery-title"), "Kith's data is encrypted");
  assert.match(await textOf("#recovery-problem"), /Enter your recovery key/);
  await waitForElement("#recovery-key");
  await screenshot("encryption-01-locked");
});

test("a wrong recovery key is refused and the right one unlocks the data", async () => {
  await type("#recovery-key", "ABCD-EFGH-JKMN");
  await click("#unlock");
  await waitFor("the refusal", async () => /56 letters/.test(await textOf(".toasts").catch(() => "")));
  assert.equal(await textOf("#recovery-title"), "Kith's data is encrypted");
  await run("document.querySelector('#recovery-key').value = '';");
  await type("#recovery-key", recoveryKey.toLowerCase().replaceAll("-", " "));
  await click("#unlock");
  await waitFor("the app", async () => !(await run("return !!document.querySelector('#recovery');")), 20_000);
  await waitForElement("section.view");
  const status = kith("encryption", "status");
  assert.equal(status.encrypted, true);
  assert.equal(status.keyInKeychain, true, "the key is back in the keychain");
  assert.equal(kith("people", "Ada").people[0].company, "Analytical Engines");
  await screenshot("encryption-02-unlocked");
});

test("Settings turns encryption off and on again, showing the new recovery key once", async () => {
  await run("location.hash = '#/settings';");
  await waitFor("the encryption card", async () => /key is in this computer's keychain/.test(await textOf("#encryption-status")));
  await click("#encryption-disable");
  await click("#encryption-confirm");
  await waitFor("encryption off", async () => (await textOf("#encryption-status")) === "Not encrypted.", 20_000);
  assert.equal(kith("encryption", "status").encrypted, false);
  assert.ok(readFileSync(db).subarray(0, 16).toString("latin1").startsWith("SQLite format 3"));

  await click("#encryption-enable");
  await click("#encryption-confirm");
  await waitForElement("#recovery-key-shown", 20_000);
  const shown = await textOf("#recovery-key-shown");
  assert.match(shown, /^([0-9A-HJKMNP-TV-Z]{4}-){13}[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.notEqual(shown, recoveryKey, "a new key");
  assert.equal(await run("return document.querySelector('#recovery-key-done').disabled;"), true);
  await screenshot("encryption-03-recovery-key");
  await click("#recovery-key-kept");
  await click("#recovery-key-done");
  await waitFor("the dialog to close", async () => !(await run("return !!document.querySelector('#recovery-key-shown');")));
  assert.match(await textOf("#encryption-status"), /^Encrypted; the key is in this computer's keychain/);
  assert.equal(kith("encryption", "status").encrypted, true);
  assert.ok(!readFileSync(db).subarray(0, 16).toString("latin1").startsWith("SQLite format 3"));
  await run("document.querySelector('#encryption').scrollIntoView();");
  await screenshot("encryption-04-settings");
});
