// Damage and recovery in the real window: a database with a backup has
// pages overwritten; Kith starts, its quick check finds the damage and the
// recovery screen shows the newest good backup; what can still be read is
// exported; the backup is restored from the window and the people are
// back, with the damaged file kept beside the database. Then Settings
// shows the backups and takes one by hand. Run by tests/e2e/run.sh.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, openSync, readdirSync, statSync, writeFileSync, writeSync, closeSync } from "node:fs";
import { dirname, join } from "node:path";
import { kith, launch, page, waitFor, wd } from "./webdriver.mjs";

const binary = process.env.KITH_BINARY;
const db = process.env.KITH_DB;
const PEOPLE = 2000;

let session;
const { click, textOf, run, runAsync, screenshot: capture, waitForElement } = page(() => session);

async function screenshot(name) {
  await run("document.querySelector('.toasts')?.replaceChildren();");
  await runAsync("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
  await capture(name);
}

let backupId;

before(async () => {
  // A network of 2,000 people, backed up, then damaged in the middle.
  const cards = [];
  for (let i = 0; i < PEOPLE; i++) {
    cards.push(`BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person ${String(i).padStart(4, "0")} of the recovery drill\r\nEMAIL:person${i}@example.org\r\nORG:Company ${i % 37}\r\nEND:VCARD\r\n`);
  }
  const vcf = join(process.env.KITH_ARTIFACTS, "people.vcf");
  writeFileSync(vcf, cards.join(""));
  execFileSync(binary, ["import", vcf], { encoding: "utf8" });
  backupId = kith("backup", "now").id;
  const pages = Math.floor(statSync(db).size / 4096);
  const fd = openSync(db, "r+");
  writeSync(fd, Buffer.alloc(6 * 4096, 0xa5), 0, 6 * 4096, Math.floor(pages / 2) * 4096);
  closeSync(fd);
  session = await launch(binary);
});

after(async () => {
  if (session) {
    await capture("recovery-last").catch(() => {});
    await wd("DELETE", `/session/${session}`).catch(() => {});
  }
});

test("the quick check at start finds the damage and the recovery screen offers the newest backup", async () => {
  await waitForElement("#recovery", 20_000);
  assert.match(await textOf("#recovery-title"), /needs repair/);
  assert.match(await textOf("#recovery-problem"), /The database file is damaged/);
  const newest = await textOf("#newest-backup");
  assert.match(newest, /2,000 people|2000 people/);
  await screenshot("recovery-01-screen");
});

test("what can still be read is exported beside the database", async () => {
  await click("#export-readable");
  await waitFor("the export", async () => (await textOf("#recovery-result")).includes(".json"));
  const result = await textOf("#recovery-result");
  const json = result.match(/\/\S*kith-readable-[0-9-]+\.json/)[0];
  assert.ok(existsSync(json), json);
  assert.equal(dirname(json), dirname(db));
  await screenshot("recovery-02-exported");
});

test("restoring the backup from the window brings the people back and keeps the damaged file", async () => {
  await click("#restore-newest");
  await waitForElement("#confirm-restore");
  await click("#confirm-restore");
  await waitFor("the window on the restored data", async () => (await run("return location.hash;")) === "#/today" && !(await run("return !!document.querySelector('#recovery');")), 20_000);
  assert.equal(kith("people", "--limit", "1").total, PEOPLE);
  execFileSync(binary, ["check"], { encoding: "utf8" });
  const kept = readdirSync(dirname(db)).filter((name) => name.startsWith("kith.db.damaged-") && !name.endsWith("-wal"));
  assert.equal(kept.length, 1, `the damaged file is kept: ${readdirSync(dirname(db))}`);
  await run("location.hash = '#/people';");
  await waitFor("the people list", async () => (await run("return document.querySelector('#main')?.textContent ?? '';")).includes("Person 0000 of the recovery drill"));
  await screenshot("recovery-03-people-back");
});

test("Settings lists the backups, says how old the last one is, and backs up by hand", async () => {
  await run("location.hash = '#/settings';");
  await waitFor("the backups", async () => (await run("return document.querySelectorAll('#backup-list .backup').length;")) >= 1);
  const before = await run("return document.querySelectorAll('#backup-list .backup').length;");
  assert.ok((await run(`return !!document.querySelector('[data-backup="${backupId}"]');`)), "the backup restored from is listed");
  await click("#back-up-now");
  await waitFor("a new backup", async () => (await run("return document.querySelectorAll('#backup-list .backup').length;")) === before + 1);
  assert.match(await textOf("#backup-status"), /Last backup: just now/);
  assert.equal(kith("backup", "list").backups.length, before + 1);
  await run("document.querySelector('#backups').scrollIntoView();");
  await screenshot("recovery-04-settings-backups");
});

test("a database another program holds locked gets the recovery screen with Try again", async () => {
  await wd("DELETE", `/session/${session}`);
  session = null;
  // Another program takes the file's exclusive lock and keeps it until told.
  const { spawn } = await import("node:child_process");
  const holder = spawn("python3", ["-c", `
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode=EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
conn.close()
`, db], { stdio: ["pipe", "pipe", "inherit"] });
  await new Promise((resolve) => holder.stdout.once("data", resolve));
  try {
    session = await launch(binary);
    await waitForElement("#recovery", 30_000);
    assert.match(await textOf("#recovery-title"), /cannot open/);
    assert.match(await textOf("#recovery-problem"), /busy in another program/);
    await screenshot("recovery-05-cannot-open");
  } finally {
    holder.stdin.end("\n");
    await new Promise((resolve) => holder.once("exit", resolve));
  }
  await click("#try-again");
  await waitFor("the window on the data", async () => !(await run("return !!document.querySelector('#recovery');")) && (await run("return location.hash;")) === "#/today", 20_000);
  assert.equal(kith("people", "--limit", "1").total, PEOPLE);
});
