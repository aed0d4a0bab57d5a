// Importing in the real window: a LinkedIn export folder is previewed
// (counts and every skipped row with its file and line), imported in one
// go, and its people and their derived touches appear; a duplicate is
// merged and the merge undone. Run by tests/e2e/run.sh.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { facePng, kith, launch, page, waitFor, wd } from "./webdriver.mjs";

const binary = process.env.KITH_BINARY;
const fixtures = fileURLToPath(new URL("../../src-tauri/exchange/tests/fixtures/", import.meta.url));

let session;
const { click, type, textOf, run, runAsync, screenshot: capture, waitForElement } = page(() => session);

async function screenshot(name) {
  await run("document.querySelector('.toasts')?.replaceChildren(); document.querySelector('#main').scrollTop = 0;");
  await runAsync("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
  await capture(name);
}

const count = (label) => run(`return document.querySelector('#import-counts [data-count="${label}"]')?.textContent ?? null;`);

before(async () => {
  session = await launch(binary);
});

after(async () => {
  if (session) {
    await capture("import-last").catch(() => {});
    await wd("DELETE", `/session/${session}`).catch(() => {});
  }
});

test("a LinkedIn export folder is previewed, then imported in one go", async () => {
  await run("location.hash = '#/exchange';");
  await type("#import-path", `${fixtures}linkedin`);
  await click("#import-preview");
  await waitFor("the preview", async () => (await textOf("#import-heading")).startsWith("Preview"));
  assert.equal(await count("new"), "5");
  assert.equal(await count("skipped"), "3");
  const skipped = await run("return document.querySelector('#import-skipped').textContent;");
  assert.match(skipped, /Connections\.csv, line 7\s*a hidden profile/);
  assert.match(skipped, /messages\.csv, line 7\s*a message in the spam folder/);
  assert.equal(kith("people").total, 0, "a preview writes nothing");
  await screenshot("import-01-preview");

  await click("#import-commit");
  // A first import goes straight to today's plan, the same as `kith plan`.
  await waitFor("today's plan", async () => (await run("return document.querySelector('#plan-list')?.textContent ?? '';")).includes("Priya Raman"));
  assert.equal(kith("people").total, 5);
  const plan = kith("plan");
  const shown = await run("return [...document.querySelectorAll('#plan-list .plan-item')].map((li) => li.dataset.person + ' ' + li.dataset.reason);");
  assert.deepEqual(shown, plan.items.map((i) => `${i.personId} ${i.reason}`));
  assert.ok(plan.items.length >= 2, "older conversations gone quiet are in the plan");
  await screenshot("import-02-plan");
});

test("imported people carry their derived touches and stages", async () => {
  const priya = kith("show", "Priya Raman");
  await run(`location.hash = '#/person/${priya.person.id}';`);
  await waitFor("Priya's page", async () => (await textOf("#person-name")) === "Priya Raman");
  assert.equal(await textOf("#person-stage"), "In conversation");
  const timeline = await textOf("#timeline");
  assert.match(timeline, /Note via Linkedin · you reached out/);
  assert.match(timeline, /Message via Linkedin · they reached out/);
  assert.match(timeline, /Connected via Linkedin/);
  assert.match(timeline, /Hi Priya, we met at the Rust meetup in Lisbon/);
  // Importing the same folder again changes nothing.
  await run("location.hash = '#/exchange';");
  await type("#import-path", `${fixtures}linkedin`);
  await click("#import-preview");
  await waitFor("the second preview", async () => (await count("unchanged")) === "11");
  assert.equal(await count("new"), "0");
  assert.equal(await run("return document.querySelector('#import-commit').disabled;"), true);
});

test("a duplicate is merged keeping everything, and the merge is undone", async () => {
  execFileSync(binary, ["add", "M. Okafor", "--email", "Maya.Okafor@example.com", "--company", "Northwind"]);
  execFileSync(binary, ["log", "M. Okafor", "--kind", "call", "--channel", "phone", "--direction", "mutual"]);
  await run("location.hash = '#/duplicates';");
  await waitFor("the pair", async () => (await textOf("#duplicate-pairs")).includes("same e-mail"));
  await screenshot("import-03-duplicates");
  const maya = kith("show", "Maya Okafor").person.id;
  await click(`#duplicate-pairs [data-keep="${maya}"]`);
  await waitFor("the merge", async () => (await textOf("#recent-merges")).includes("M. Okafor into"));
  assert.equal(kith("people").total, 5);
  const merged = kith("show", "Maya Okafor");
  assert.ok(merged.touches.some((t) => t.kind === "call"), "the other record's call is kept");
  await click("#recent-merges [data-undo]");
  await waitFor("the undo", async () => kith("people").total === 6);
  assert.ok(!kith("show", "Maya Okafor").touches.some((t) => t.kind === "call"));
  await waitForElement("#duplicate-pairs .duplicate");
});

test("address books that share numbers and inboxes keep every person apart", async () => {
  await run("location.hash = '#/exchange';");
  await type("#import-path", `${fixtures}shared-keys/apple.vcf`);
  await click("#import-preview");
  await waitFor("the preview", async () => (await count("new")) === "3");
  assert.equal(
    await textOf("#import-kept-apart"),
    "2 rows share a phone or e-mail with someone of another name: kept apart, listed under Duplicates.",
  );
  await screenshot("import-04-kept-apart");
  await click("#import-commit");
  await waitFor("the import", async () => (await textOf("#import-heading")) === "Imported");
  assert.ok(kith("show", "Erik Holm").person.id !== kith("show", "Sofia Lindqvist").person.id);
  await run("location.hash = '#/duplicates';");
  await waitFor("the office pair", async () => (await textOf("#duplicate-pairs")).includes("same phone +46 8 123 456 70; the names differ"));
});

test("a deleted person goes to the trash: Undo on the toast, Restore in Settings", async () => {
  const erik = kith("show", "Erik Holm").person.id;
  await run(`location.hash = '#/person/${erik}';`);
  await waitFor("Erik's page", async () => (await textOf("#person-name")) === "Erik Holm");
  await click("#delete-person");
  await click("#confirm-delete");
  await waitFor("the toast", async () => (await textOf(".toasts")).includes("Erik Holm moved to the trash."));
  assert.equal(kith("trash")[0].displayName, "Erik Holm");
  await click(".toasts .toast-action");
  await waitFor("Erik back", async () => (await textOf("#person-name")) === "Erik Holm");
  assert.equal(kith("trash").length, 0);
  assert.equal(kith("show", "Erik Holm").person.identities[0].value, "erik@nordlicht.example");

  await click("#delete-person");
  await click("#confirm-delete");
  await waitFor("the people list", async () => (await run("return location.hash;")) === "#/people");
  await run("location.hash = '#/settings';");
  await waitFor("the trash card", async () => (await textOf("#trash-list")).includes("Erik Holm"));
  assert.match(await textOf("#trash-list"), /removed for good in 30 days/);
  await run("document.querySelector('.toasts')?.replaceChildren(); document.querySelector('#trash').scrollIntoView();");
  await runAsync("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
  await capture("settings-trash");
  await click("#trash-list [data-trash] button");
  await waitFor("Erik restored", async () => (await textOf("#person-name")) === "Erik Holm");
  assert.equal(kith("trash").length, 0);
});

test("a record that holds two people is split, and the split undone", async () => {
  execFileSync(binary, ["add", "Ines Duarte", "--email", "ines@example.org", "--email", "rui@example.org"]);
  execFileSync(binary, ["log", "Ines Duarte", "--kind", "call", "--channel", "phone", "--direction", "mutual", "--summary", "Rui: the boat"]);
  const ines = kith("show", "Ines Duarte");
  await run(`location.hash = '#/person/${ines.person.id}';`);
  await waitFor("Ines's page", async () => (await textOf("#person-name")) === "Ines Duarte");
  await click("#split-person");
  await type("#split-name", "Rui Duarte");
  const rui = ines.person.identities.find((i) => i.value === "rui@example.org").id;
  await click(`#split-form input[name="identities"][value="${rui}"]`);
  await click(`#split-form input[name="touches"][value="${ines.touches[0].id}"]`);
  assert.equal(await textOf("#split-submit"), "Move 1 identity and 1 touch to Rui Duarte");
  await screenshot("split-dialog");
  await click("#split-submit");
  await waitFor("Rui's page", async () => (await textOf("#person-name")) === "Rui Duarte");
  const split = kith("show", "Rui Duarte");
  assert.deepEqual(split.person.identities.map((i) => i.value), ["rui@example.org"]);
  assert.equal(split.touches[0].summary, "Rui: the boat");
  assert.equal(kith("show", "Ines Duarte").touches.length, 0);
  await click(".toasts .toast-action");
  await waitFor("Ines again", async () => (await textOf("#person-name")) === "Ines Duarte");
  assert.equal(kith("show", "Ines Duarte").person.identities.length, 2);
  assert.equal(kith("people", "Rui Duarte").total, 1, "Ines is found by Rui's address again, and nobody else is");
});

test("a spreadsheet of one's own: its columns mapped in the preview, the counts following, the mapping kept for the next file", async () => {
  const dir = process.env.KITH_ARTIFACTS;
  const first = `${dir}/my-contacts.csv`;
  writeFileSync(first, "Full name;Courriel;Portable;Employer;Met\r\nJosé García;jose@example.es;+34 612 345 678;Telefónica;2024-05-30\r\nHana Sato;hana@example.jp;;Sony;05/30/2024\r\n");
  await run("location.hash = '#/exchange';");
  await waitForElement("#import-path");
  await run("document.querySelector('#import-path').value = '';");
  await type("#import-path", first);
  await click("#import-preview");
  await waitFor("the columns and the preview", async () => (await run("return document.querySelector('#import-columns') !== null && document.querySelector('#import-counts') !== null;")));
  // Kith's guesses, from the names and the first rows.
  const guessed = await run("return [...document.querySelectorAll('#import-columns select')].map((s) => s.value);");
  assert.deepEqual(guessed, ["name", "email", "phone", "company", "connected"]);
  assert.equal(await count("new"), "2");
  await screenshot("import-columns");
  // Nothing to call a person by: no preview until a column says a name.
  const choose = (column, value) => run(`const s = document.querySelector('#import-columns select[data-column="${column}"]'); s.value = '${value}'; s.dispatchEvent(new Event('change'));`);
  await choose(0, "");
  await choose(1, "");
  await choose(3, "");
  await waitFor("the hint", () => run("return document.querySelector('#import-columns-needed') !== null;"));
  await choose(1, "email");
  await choose(0, "name");
  await choose(3, "company");
  await waitFor("the preview again", async () => (await count("new")) === "2");
  await click("#import-commit");
  await waitFor("imported", async () => (await textOf("#import-heading")) === "Imported");
  const jose = kith("show", "José García");
  assert.equal(jose.person.company, "Telefónica");
  assert.equal(jose.touches[0].kind, "connected");

  // Next month's file with the same columns: mapped as last time.
  const next = `${dir}/my-contacts-later.csv`;
  writeFileSync(next, "Full name;Courriel;Portable;Employer;Met\r\nKeiko Ito;keiko@example.jp;;Toyota;2024-06-01\r\n");
  await run("document.querySelector('#import-path').value = '';");
  await type("#import-path", next);
  await click("#import-preview");
  await waitFor("the remembered mapping", async () => (await run("return document.querySelector('#import-columns p')?.textContent ?? '';")).startsWith("As you mapped"));
  await waitFor("its preview", async () => (await count("new")) === "1");
});

test("numbers written without a country code: the preview asks for the home country once, then matches them", async () => {
  const dir = process.env.KITH_ARTIFACTS;
  kith("add", "Ines Berg", "--phone", "+49 30 1234567");
  const card = `${dir}/ines.vcf`;
  writeFileSync(card, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ines Berg\r\nN:Berg;Ines;;;\r\nTEL;TYPE=CELL:030 1234567\r\nEND:VCARD\r\n");
  await run("location.hash = '#/exchange';");
  await waitForElement("#import-path");
  await run("document.querySelector('#import-path').value = '';");
  await type("#import-path", card);
  await click("#import-preview");
  // No home country yet: the number is not Ines's, and Kith asks.
  await waitFor("the question", () => run("return document.querySelector('#import-home-country') !== null;"));
  assert.equal(await count("new"), "1");
  assert.match(await textOf("#import-national"), /1 phone number without a country code: choose the country it is from/);
  await run("const s = document.querySelector('#import-home-country'); s.value = 'DE'; s.dispatchEvent(new Event('change'));");
  await screenshot("import-home-country");
  await click("#import-home-country-apply");
  await waitFor("the preview read in Germany", async () => (await run("return document.querySelector('#import-national')?.textContent ?? '';")).includes("read as Germany's (+49)"));
  assert.match(await textOf("#import-national"), /1 phone number without a country code read as Germany's \(\+49\); 1 of them is someone's already/);
  assert.equal(await count("new"), "0");
  assert.equal(await count("unchanged"), "1");
  assert.equal(kith("settings").homeCountry, "DE");

  // Settings shows it, and a change there reads every number again.
  kith("add", "Lee Chan", "--phone", "0151 23456789");
  await run("location.hash = '#/settings';");
  await waitFor("the home country", () => run("return document.querySelector('#home-country')?.value === 'DE';"));
  assert.match(await textOf("#home-country-numbers"), /^1 of 1 phone number without a country code is read as Germany's/);
  await run("const s = document.querySelector('#home-country'); s.value = ''; s.dispatchEvent(new Event('change'));");
  await waitFor("none set", async () => kith("settings").homeCountry === null);
  await waitFor("the numbers line", async () => (await textOf("#home-country-numbers")).includes("only as written"));
  await run("const s = document.querySelector('#home-country'); s.value = 'DE'; s.dispatchEvent(new Event('change'));");
  await waitFor("Germany again", async () => kith("settings").homeCountry === "DE");
  await run("document.querySelector('.toasts')?.replaceChildren(); document.querySelector('#phone-settings').scrollIntoView();");
  await runAsync("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
  await capture("settings-home-country");
});


test("photos: one pasted, one dropped and one fetched from its link on the person page, others set from files, faces in the list and the plan", async () => {
  const dir = process.env.KITH_ARTIFACTS;
  const colours = { "José García": [46, 110, 150], "Hana Sato": [150, 80, 60], "Priya Raman": [70, 120, 70] };
  for (const [name, rgb] of Object.entries(colours)) {
    const file = `${dir}/${name.split(" ")[0]}.png`;
    facePng(file, rgb);
    assert.equal(kith("photo", name, file).width, 240);
  }
  const ines = kith("show", "Ines Berg").person.id;
  await run(`location.hash = '#/person/${ines}';`);
  await waitFor("Ines's page", async () => (await textOf("#person-name")) === "Ines Berg");
  assert.equal(await run("return document.querySelector('#person-photo-img');"), null, "no photo yet: her initials");
  // A photo pasted while the picture has the focus.
  await runAsync(`const done = arguments[arguments.length - 1];
    const c = document.createElement('canvas'); c.width = 800; c.height = 600;
    const g = c.getContext('2d'); g.fillStyle = '#6a4c93'; g.fillRect(0, 0, 800, 600);
    g.fillStyle = '#f4ede4'; g.beginPath(); g.arc(400, 240, 120, 0, Math.PI * 2); g.fill();
    g.beginPath(); g.arc(400, 640, 230, 0, Math.PI * 2); g.fill();
    c.toBlob((blob) => {
      const data = new DataTransfer();
      data.items.add(new File([blob], 'ines.png', { type: 'image/png' }));
      const picture = document.querySelector('#person-photo');
      picture.focus();
      picture.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      done(true);
    }, 'image/png');`);
  await waitFor("the pasted photo", () => run("return document.querySelector('#person-photo-img') !== null;"));
  assert.equal(kith("photo", "Ines Berg").width, 512, "kept at 512 px on its longer side");
  await screenshot("person-photo");
  await click("#remove-photo");
  await waitFor("her initials again", () => run("return document.querySelector('#person-photo-img') === null;"));
  assert.equal(kith("photo", "Ines Berg").image, false);
  // An image file dropped on the picture.
  await runAsync(`const done = arguments[arguments.length - 1];
    const c = document.createElement('canvas'); c.width = 300; c.height = 300;
    const g = c.getContext('2d'); g.fillStyle = '#1d6f5f'; g.fillRect(0, 0, 300, 300);
    c.toBlob((blob) => {
      const data = new DataTransfer();
      data.items.add(new File([blob], 'ines.png', { type: 'image/png' }));
      const picture = document.querySelector('#person-photo');
      const over = new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true });
      picture.dispatchEvent(over);
      picture.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      done(over.defaultPrevented);
    }, 'image/png');`).then((taken) => assert.equal(taken, true, "the picture takes a drag carrying a file"));
  await waitFor("the dropped photo", () => run("return document.querySelector('#person-photo-img') !== null;"));
  assert.equal(kith("photo", "Ines Berg").width, 300);
  await click("#remove-photo");
  await waitFor("her initials once more", () => run("return document.querySelector('#person-photo-img') === null;"));
  // A photo a card gave as a web address: fetched only when asked.
  let asked = 0;
  const server = http.createServer((request, response) => {
    asked++;
    response.writeHead(200, { "Content-Type": "image/png" });
    response.end(readFileSync(`${dir}/José.png`));
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  const url = `http://127.0.0.1:${server.address().port}/ines.png`;
  kith("photo", "Ines Berg", "--link", url);
  await run("location.hash = '#/people';");
  await run(`location.hash = '#/person/${ines}';`);
  await waitFor("the photo's link", async () => (await textOf("#photo-link")).includes(url));
  assert.equal(asked, 0, "not fetched by showing it");
  await click("#fetch-photo");
  await waitFor("the fetched photo", () => run("return document.querySelector('#person-photo-img') !== null;"));
  server.close();
  assert.equal(asked, 1);
  assert.equal(kith("photo", "Ines Berg").width, 240);
  await click("#remove-photo");
  await waitFor("no photo again", () => run("return document.querySelector('#person-photo-img') === null;"));

  await run("location.hash = '#/people';");
  await waitFor("faces in the list", () => run("return document.querySelectorAll('#people-list .avatar.has-photo img').length === 3;"));
  await screenshot("people-with-photos");

  // Faces beside the names in today's plan.
  const faces = Object.keys(colours).map((name) => kith("show", name).person.id);
  const planned = kith("plan").items.filter((i) => faces.includes(i.personId)).length;
  assert.ok(planned > 0, "someone with a photo is in today's plan");
  await run("location.hash = '#/today';");
  await waitFor("faces in today's plan", async () => (await run("return document.querySelectorAll('#plan-list .plan-item .avatar.has-photo img').length;")) === planned);
  await screenshot("plan-with-faces");
});
