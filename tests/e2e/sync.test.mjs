// Sync in the real window: a real Radicale on loopback; a second Kith (a
// database of its own, driven by the command line) already syncs with it.
// Sync is set up in Settings (the password goes to the session's keychain
// if it takes it, else is kept for the session), the second Kith's people
// arrive, a person edited in the window reaches the server, and a conflict
// (the same field changed on both sides) is listed and flipped from the
// list. Run by tests/e2e/run.sh.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { kith, launch, page, waitFor, wd } from "./webdriver.mjs";

const binary = process.env.KITH_BINARY;
const USER = "ada";
const PASSWORD = "correct horse battery staple";
const work = join(process.env.KITH_ARTIFACTS, "radicale");
const other = join(process.env.KITH_ARTIFACTS, "other.db");

let session;
let radicale;
let url;
const { click, textOf, run, runAsync, type, screenshot: capture, waitForElement } = page(() => session);

async function screenshot(name, show = "#sync") {
  await run("document.querySelector('.toasts')?.replaceChildren();");
  await run(`document.querySelector(${JSON.stringify(show)})?.scrollIntoView({ block: "center" });`);
  await runAsync("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
  await capture(name);
}

/** The second Kith: the command line on its own database. */
function otherKith(args, input) {
  return execFileSync(binary, ["--db", other, ...args], { encoding: "utf8", input });
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function cards() {
  return readdirSync(join(work, "collections/collection-root", USER, "kith")).filter((f) => f.endsWith(".vcf")).length;
}

before(async () => {
  mkdirSync(work, { recursive: true });
  const port = await freePort();
  writeFileSync(join(work, "users"), `${USER}:${PASSWORD}\n`);
  writeFileSync(
    join(work, "config"),
    `[server]\nhosts = 127.0.0.1:${port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = ${join(work, "users")}\nhtpasswd_encryption = plain\n[storage]\nfilesystem_folder = ${join(work, "collections")}\n`,
  );
  radicale = spawn("/usr/bin/python3", ["-m", "radicale", "--config", join(work, "config")], { stdio: "ignore" });
  url = `http://127.0.0.1:${port}/`;
  await waitFor("Radicale", async () => {
    try {
      return (await fetch(url)).status > 0;
    } catch {
      return false;
    }
  });
  // The second Kith has three people on the server already.
  otherKith(["add", "Grace Hopper", "--company", "US Navy", "--email", "grace@example.org"]);
  otherKith(["add", "Alan Turing", "--company", "Bletchley Park"]);
  otherKith(["add", "Katherine Johnson", "--company", "NASA"]);
  otherKith(["follow-up", "Grace Hopper", "--due", "2026-12-03 09:30", "--tz", "Europe/Berlin", "--what", "Ask about COBOL"]);
  otherKith(["log", "Grace Hopper", "--kind", "call", "--channel", "phone", "--direction", "mutual", "--summary", "Talked compilers"]);
  otherKith(["sync", "add", url, "--user", USER, "--password-stdin"], `${PASSWORD}\n`);
  otherKith(["sync", "now", "--password-stdin"], `${PASSWORD}\n`);
  // This one has one person of its own.
  kith("add", "Ada Lovelace", "--company", "Analytical Engines", "--email", "ada@example.org");
  session = await launch(binary);
});

after(async () => {
  if (session) {
    await capture("sync-last").catch(() => {});
    await wd("DELETE", `/session/${session}`).catch(() => {});
  }
  radicale?.kill();
});

test("sync is set up in Settings and the other computer's people arrive", async () => {
  await waitForElement("section.view");
  await run("location.hash = '#/settings';");
  await waitForElement("#sync-form");
  assert.match(await textOf("#sync-status"), /Not syncing/);
  await type("#sync-url", url);
  await type("#sync-user", USER);
  await type("#sync-password", PASSWORD);
  // The server's address books, among them the one the other computer uses.
  await click("#sync-find-books");
  await waitFor("the server's address books", async () => /\/ada\/kith\//.test(await textOf("#sync-address-book")));
  assert.equal(await run("return document.querySelector('#sync-address-book').value;"), "Kith");
  await screenshot("sync-01-set-up");
  await click("#sync-set-up");
  await waitFor("the first sync", async () => /Last synced/.test(await textOf("#sync-status").catch(() => "")), 30_000);
  assert.equal(kith("people", "--limit", "10").total, 4);
  assert.equal(cards(), 4, "Ada went to the server");
  assert.match(await textOf("#sync-server"), /127\.0\.0\.1/);
  // Grace's follow-up and call came too, as a task and a journal entry.
  assert.match(await textOf("#sync-task-list"), /kith-follow-ups\/ · 1 follow-up$/);
  assert.match(await textOf("#sync-journal"), /kith-journal\/ · [1-9]\d* entr(y|ies)$/);
  const grace = kith("people", "Grace").people[0];
  assert.equal(grace.stage, "in-conversation", "her stage follows the call that arrived");
  // Where the password went depends on whether this session's keychain
  // takes it; the card says which.
  const kept = await runAsync(`const done = arguments[0];
    window.__TAURI_INTERNALS__.invoke("get_sync_status").then((s) => done(s.passwordKept));`);
  assert.match(await textOf("#sync"), kept ? /In the system keychain/ : /Not kept \(no keychain here\)/);
  await screenshot("sync-02-synced");
});

test("an edit in the window reaches the other computer", async () => {
  const ada = kith("people", "Ada").people[0];
  await run(`location.hash = '#/person/${ada.id}';`);
  await waitForElement("section.view.person:not([aria-busy])");
  // Edited through the app's own command, as the person form saves it.
  const saved = await runAsync(
    `const done = arguments[0];
     window.__TAURI_INTERNALS__.invoke("get_person", { id: ${ada.id} }).then((p) =>
       window.__TAURI_INTERNALS__.invoke("update_person", { id: ${ada.id}, input: {
         displayName: p.displayName, company: p.company, role: "Countess", howMet: p.howMet, whereMet: p.whereMet,
         introducedBy: p.introducedBy ? p.introducedBy.id : null, cadenceDays: p.cadenceDays, tags: p.tags,
         identities: p.identities } })).then(() => done(true), (e) => done(String(e.message ?? e)));`,
  );
  assert.equal(saved, true);
  await waitFor(
    "the edit on the other computer",
    () => {
      otherKith(["sync", "now", "--password-stdin"], `${PASSWORD}\n`);
      return /Countess/.test(otherKith(["show", "Ada Lovelace"]));
    },
    30_000,
  );
});

test("the same field changed on both sides is listed and flipped from the list", async () => {
  // Changed here first, then on the other computer (newer), which syncs.
  const ada = kith("people", "Ada").people[0];
  execFileSync(binary, ["edit", String(ada.id), "--company", "Difference Engines Ltd"]);
  await new Promise((r) => setTimeout(r, 1100));
  otherKith(["edit", "Ada Lovelace", "--company", "Babbage & Co"]);
  otherKith(["sync", "now", "--password-stdin"], `${PASSWORD}\n`);
  await run("location.hash = '#/settings';");
  await click("#sync-now");
  await waitForElement("#sync-conflicts", 30_000);
  const conflicts = await textOf("#sync-conflicts");
  assert.match(conflicts, /Ada Lovelace's company/);
  assert.match(conflicts, /Kept “Babbage & Co” from the server/);
  assert.match(conflicts, /Set aside “Difference Engines Ltd”/);
  await screenshot("sync-03-conflict", "#sync-conflicts");
  const [conflict] = kith("sync", "conflicts");
  await click(`#conflict-flip-${conflict.id}`);
  await waitFor("the conflict to be settled", async () => !(await run("return !!document.querySelector('#sync-conflicts');")));
  assert.equal(kith("show", "Ada Lovelace").person.company, "Difference Engines Ltd");
  // The next sync (a local change, a few seconds later) sends it.
  await waitFor(
    "the flipped value on the other computer",
    () => {
      otherKith(["sync", "now", "--password-stdin"], `${PASSWORD}\n`);
      return /Difference Engines Ltd/.test(otherKith(["show", "Ada Lovelace"]));
    },
    30_000,
  );
  await screenshot("sync-04-resolved");
});

test("open follow-ups can be mirrored to a calendar from Settings", async () => {
  await run("location.hash = '#/settings';");
  await waitForElement("#sync-calendar-mirror");
  assert.equal(await run("return document.querySelector('#sync-calendar-mirror').checked;"), false);
  await click("#sync-calendar-mirror");
  const events = () => {
    try {
      return readdirSync(join(work, "collections/collection-root", USER, "kith-follow-ups-calendar")).filter((f) => f.endsWith(".ics"));
    } catch {
      return [];
    }
  };
  // Grace's follow-up, as an event, written by the sync the switch starts.
  await waitFor("the follow-up's event", () => events().length === 1, 30_000);
  const text = readFileSync(join(work, "collections/collection-root", USER, "kith-follow-ups-calendar", events()[0]), "utf8");
  assert.match(text, /SUMMARY:Grace Hopper: Ask about COBOL/);
  assert.match(text, /DTSTART;TZID=Europe\/Berlin:20261203T093000/);
  assert.equal(kith("settings").calendarMirror, true);
  await screenshot("sync-05-calendar-mirror");
});

test("today's plan goes to the phone's task list, and calendars are chosen for meetings, from Settings", async () => {
  await run("location.hash = '#/settings';");
  await waitForElement("#sync-plan-on-phone");
  assert.equal(await run("return document.querySelector('#sync-plan-on-phone').checked;"), false);
  await click("#sync-plan-on-phone");
  const tasks = () => {
    try {
      return readdirSync(join(work, "collections/collection-root", USER, "kith-today")).filter((f) => f.endsWith(".ics"));
    } catch {
      return [];
    }
  };
  const planned = kith("plan").items.length;
  assert.ok(planned > 0, "someone is in today's plan");
  // Each of today's plan items, as a task due today, written by the sync
  // the switch starts.
  await waitFor("the plan's tasks", () => tasks().length === planned, 30_000);
  const text = readFileSync(join(work, "collections/collection-root", USER, "kith-today", tasks()[0]), "utf8");
  assert.match(text, /BEGIN:VTODO/);
  assert.match(text, /DUE;VALUE=DATE:\d{8}/);
  assert.match(text, /X-KITH-PERSON:/);
  assert.equal(kith("settings").planOnPhone, true);
  await screenshot("sync-06-plan-on-phone");
  // The list as the server holds it, drawn to look at beside the window.
  const held = tasks()
    .map((f) => readFileSync(join(work, "collections/collection-root", USER, "kith-today", f), "utf8").replace(/\r\n/g, "\n"))
    .join("");
  writeFileSync(join(process.env.KITH_ARTIFACTS, "kith-today-on-the-server.ics.txt"), held);
  const shown = held.split("\n").slice(0, 90);
  const lines = shown.join("\n").replace(/\\/g, "\\\\");
  execFileSync("convert", ["-size", `820x${30 + 15 * shown.length}`, "xc:white", "-font", "DejaVu-Sans-Mono", "-pointsize", "12", "-fill", "black", "-annotate", "+12+20", lines, join(process.env.KITH_ARTIFACTS, "sync-06b-kith-today-on-the-server.png")]);

  // Another calendar app's calendar with events: chosen in a dialog.
  execFileSync("/usr/bin/python3", [join(process.env.KITH_E2E, "../../src-tauri/sync/tests/clients/calendar_client.py"), url, USER, PASSWORD, "make", "Work"]);
  await click("#sync-calendars");
  await waitForElement("#calendars-form");
  const listed = await run("return [...document.querySelectorAll('#calendars-form li')].map((li) => li.textContent.trim());");
  assert.deepEqual(listed, ["Work"], "Kith's own collections are not offered");
  await screenshot("sync-07-calendars", "dialog");
  await run("document.querySelector('#calendars-form input[type=checkbox]').click();");
  await click("#calendars-save");
  await waitFor("the dialog closed", async () => !(await run("return !!document.querySelector('#calendars-form');")));
  const chosen = JSON.parse(execFileSync(binary, ["sync", "calendars", "--json", "--password-stdin"], { encoding: "utf8", input: `${PASSWORD}\n` }));
  assert.deepEqual(
    chosen.filter((c) => c.used).map((c) => c.name),
    ["Work"],
  );
});

test("a contact card's note shows on the person's page and is edited there", async () => {
  otherKith(["edit", "Katherine Johnson", "--card-note", "Computed trajectories by hand"]);
  otherKith(["sync", "now", "--password-stdin"], `${PASSWORD}\n`);
  await run("location.hash = '#/settings';");
  await click("#sync-now");
  await waitFor("the card's note", () => kith("show", "Katherine Johnson").person.notes.some((n) => n.onCard), 30_000);
  const katherine = kith("people", "Katherine").people[0];
  await run(`location.hash = '#/person/${katherine.id}';`);
  await waitForElement("#card-note");
  assert.match(await textOf("#card-note"), /On the contact card/);
  assert.match(await textOf("#card-note"), /Computed trajectories by hand/);
  await screenshot("sync-08-card-note", "#card-note");
  await click("#edit-card-note");
  await waitForElement("dialog textarea[name=body]");
  await run("document.querySelector('dialog textarea[name=body]').value = 'Computed trajectories by hand for Friendship 7';");
  await click("#save-card-note");
  await waitFor("the edited note", async () => /Friendship 7/.test(await textOf("#card-note").catch(() => "")));
  await waitFor(
    "the edited note on the other computer",
    () => {
      otherKith(["sync", "now", "--password-stdin"], `${PASSWORD}\n`);
      return /on the contact card\): Computed trajectories by hand for Friendship 7/.test(otherKith(["show", "Katherine Johnson"]));
    },
    30_000,
  );
});

test("a person deleted on the server while edited here is a conflict that can delete them here too", async () => {
  otherKith(["delete", "Alan Turing", "--yes"]);
  otherKith(["sync", "now", "--password-stdin"], `${PASSWORD}\n`);
  const before = cards();
  execFileSync(binary, ["edit", "Alan Turing", "--role", "Codebreaker"]);
  await run("location.hash = '#/settings';");
  await click("#sync-now");
  await waitFor("the deletion listed", async () => /Alan Turing/.test(await textOf("#sync-conflicts").catch(() => "")), 30_000);
  const conflicts = await textOf("#sync-conflicts");
  assert.match(conflicts, /Deleted on the server, kept on this computer because it was edited here since/);
  assert.equal(cards(), before + 1, "kept, and sent back on purpose");
  await screenshot("sync-09-deleted-there", "#sync-conflicts");
  const conflict = kith("sync", "conflicts").find((c) => c.field === "deleted");
  assert.match(await textOf(`#conflict-flip-${conflict.id}`), /Delete it here too/);
  await click(`#conflict-flip-${conflict.id}`);
  await waitFor("the conflict to be settled", async () => !(await run("return !!document.querySelector('#sync-conflicts');")));
  assert.ok(kith("trash").some((t) => t.displayName === "Alan Turing"), "in the trash here");
  await waitFor("the card deleted on the server", () => cards() === before, 30_000);
});
