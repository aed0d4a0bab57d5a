// A Kith export sealed with a passphrase, in the real window: exporting
// everything offers the seal (and checks the passphrase twice); importing
// a sealed export asks for its passphrase, refuses a wrong one, and with
// the right one previews and restores it. Run by tests/e2e/run.sh.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { kith, launch, page, waitFor, wd } from "./webdriver.mjs";

const binary = process.env.KITH_BINARY;
const other = join(process.env.KITH_ARTIFACTS, "elsewhere.db");
const sealed = join(process.env.KITH_ARTIFACTS, "kith.json.age");
const passphrase = "correct horse battery staple";

let session;
const { click, textOf, run, runAsync, type, screenshot: capture, waitForElement } = page(() => session);

async function screenshot(name) {
  await runAsync("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
  await capture(name);
}

before(async () => {
  const otherKith = (args, input) => execFileSync(binary, ["--db", other, ...args], { encoding: "utf8", input });
  otherKith(["add", "Ada Lovelace", "--email", "ada@example.org", "--company", "Analytical Engines"]);
  otherKith(["export", "json", "--out", sealed, "--passphrase-stdin"], `${passphrase}\n`);
  session = await launch(binary);
});

after(async () => {
  if (session) {
    await capture("sealed-export-last").catch(() => {});
    await wd("DELETE", `/session/${session}`).catch(() => {});
  }
});

test("exporting everything offers to seal it, and checks the passphrase twice", async () => {
  await run("location.hash = '#/exchange';");
  await click('[data-export="json"]');
  await waitForElement("#export-passphrase");
  await type("#export-passphrase", "one passphrase");
  await type("#export-passphrase-again", "another one");
  await click("#export-sealed");
  await waitFor("the mismatch", async () => (await textOf("#export-passphrase-error")) === "The two passphrases differ.");
  await screenshot("sealed-export-01-dialog");
  await run("document.querySelector('dialog')?.close();");
});

test("a sealed export asks for its passphrase, refuses a wrong one and restores with the right one", async () => {
  await type("#import-path", sealed);
  await click("#import-preview");
  await waitForElement("#import-passphrase");
  assert.match(await textOf("#import-passphrase-form"), /sealed with a passphrase/);
  await type("#import-passphrase", "not it");
  await click("#import-open");
  await waitForElement("#import-passphrase-error");
  assert.equal(await textOf("#import-passphrase-error"), "That passphrase does not open it.");
  await screenshot("sealed-export-02-passphrase");

  await type("#import-passphrase", passphrase);
  await click("#import-open");
  await waitFor("the preview", async () => (await textOf("#import-heading").catch(() => "")).startsWith("Preview"));
  assert.equal(await run(`return document.querySelector('#import-counts [data-count="new"]').textContent;`), "1");
  assert.equal(kith("people").total, 0, "a preview writes nothing");
  await click("#import-commit");
  await waitFor("the restore", async () => kith("people").total === 1);
  assert.equal(kith("show", "Ada").person.displayName, "Ada Lovelace");
});
