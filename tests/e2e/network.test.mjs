// Who knows whom in the real window, on a network of 30,000 people and
// 300,000 links (a Kith JSON file made here, imported with the command
// line): a person's neighbourhood drawn on their page, whom to ask for an
// introduction, a click on someone in the picture opening them; who can
// help with an ask; the dashboard's way to everyone, clustered by company,
// a company zoomed into with who can introduce you there, and a person
// opened from it. The times to the first frame go to
// $KITH_ARTIFACTS/graph-window.json. Run by tests/e2e/run.sh.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ELEMENT, kith, launch, page, waitFor, wd } from "./webdriver.mjs";

const binary = process.env.KITH_BINARY;
const PEOPLE = 30_000;
const LINKS = 300_000;
const KINDS = ["partner", "parent", "sibling", "family", "friend", "colleague", "manager", "mentor", "introduced", "met-through"];
const SYMMETRIC = new Set(["partner", "sibling", "family", "friend", "colleague"]);

let session;
const { click, find, run, cleanScreenshot: screenshot, openPerson, s } = page(() => session);
const figures = {};

/** `kith … --json` for answers larger than a child's default buffer. */
const kithLarge = (...args) => JSON.parse(execFileSync(binary, [...args, "--json"], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 }));

/** A small fixed pseudo-random sequence, so every run has the same network. */
function random(seed) {
  let x = seed;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

/** The test database's own export, filled with the network. */
function networkDump() {
  const dump = JSON.parse(execFileSync(binary, ["export", "json"], { encoding: "utf8" }));
  const people = dump.tables.person;
  const links = dump.tables.link;
  const now = Math.floor(Date.now() / 1000);
  const below = random(20261206);
  const row = (columns, values) => columns.map((c) => values[c] ?? null);
  const names = ["Maya Patel", "Tomas Berg", "Ines Duarte", "Ken Okafor", "Lee Chan", "Ola Berg"];
  people.rows = [];
  for (let id = 1; id <= PEOPLE; id++) {
    // Companies of uneven size: a few large, many small.
    const company = id === 5 || id === 6 ? "Fjord Systems" : id <= 4 || id % 50 === 0 ? "Northwind" : `Company ${Math.floor((below(200) * below(200)) / 200)}`;
    const stage = [6, 5, 6, 4][id - 1] ?? 1 + (id % 6);
    people.rows.push(row(people.columns, { id, display_name: names[id - 1] ?? `Person ${id}`, company, is_sample: 0, created_at: now, updated_at: now, stage, deceased: 0 }));
  }
  const seen = new Set();
  links.rows = [];
  const add = (a, b, kind) => {
    let [from, to] = [a, b];
    if (SYMMETRIC.has(kind) && to < from) [from, to] = [to, from];
    const key = `${from} ${to} ${kind}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    links.rows.push(row(links.columns, { id: links.rows.length + 1, from_id: from, to_id: to, kind, created_at: now, updated_at: now }));
  };
  // Maya knows the other three and a few more; then everyone else.
  add(1, 2, "colleague");
  add(1, 3, "friend");
  add(4, 1, "manager");
  for (let i = 0; i < 12; i++) add(1, 100 + i * 37, KINDS[i % KINDS.length]);
  while (links.rows.length < LINKS) {
    const a = 1 + below(PEOPLE);
    const b = below(4) === 0 ? 1 + below(PEOPLE) : ((a + below(40)) % PEOPLE) + 1;
    add(a, b, KINDS[below(KINDS.length)]);
  }
  return dump;
}

/** Clicks the canvas at a person's drawn point, as a pointer would. */
async function clickPerson(canvas, id) {
  await run(`document.querySelector('${canvas}').scrollIntoView({ block: "center" });`);
  const points = JSON.parse(await run(`return document.querySelector('${canvas}').dataset.points;`));
  const point = points.find(([who]) => who === id);
  assert.ok(point, `${id} is drawn`);
  const element = await find(canvas);
  const size = await wd("GET", s(`/element/${element}/rect`));
  // Actions' offsets are from the element's centre.
  const x = Math.round(point[1] - size.width / 2);
  const y = Math.round(point[2] - size.height / 2);
  await wd("POST", s("/actions"), {
    actions: [
      {
        type: "pointer",
        id: "mouse",
        parameters: { pointerType: "mouse" },
        actions: [
          { type: "pointerMove", duration: 0, origin: { [ELEMENT]: element }, x, y },
          { type: "pointerDown", button: 0 },
          { type: "pointerUp", button: 0 },
        ],
      },
    ],
  });
  await wd("DELETE", s("/actions")).catch(() => {});
}

before(async () => {
  const file = join(process.env.KITH_ARTIFACTS, "network.json");
  writeFileSync(file, JSON.stringify(networkDump()));
  execFileSync(binary, ["import", file], { encoding: "utf8" });
  session = await launch(binary);
});

after(async () => {
  writeFileSync(join(process.env.KITH_ARTIFACTS, "graph-window.json"), `${JSON.stringify(figures, null, 2)}\n`);
  if (session) {
    await screenshot("network-last").catch(() => {});
    await wd("DELETE", `/session/${session}`).catch(() => {});
  }
});

test("a person's page draws their neighbourhood and names who can introduce you; a click opens someone in it", async () => {
  assert.equal(kithLarge("graph").network.ids.length, PEOPLE);
  await openPerson("Maya Patel");
  await waitFor("the neighbourhood drawn", () => run("return document.querySelector('#neighbourhood-canvas')?.dataset.drawnMs ?? null;"), 20_000);
  const drawn = await run("const c = document.querySelector('#neighbourhood-canvas'); return { ms: Number(c.dataset.drawnMs), people: Number(c.dataset.people), label: c.getAttribute('aria-label') };");
  figures.neighbourhoodDrawnMs = drawn.ms;
  figures.neighbourhoodPeople = drawn.people;
  const expected = kith("graph", "--around", "Maya Patel");
  assert.equal(drawn.people, expected.nodes.length);
  assert.match(drawn.label, new RegExp(`^Maya Patel's neighbourhood: ${expected.nodes.length - 1} people, ${expected.edges.length} links$`));
  // The legend names stages and kinds of link.
  const legend = await run("return document.querySelector('#neighbourhood .graph-legend').textContent;");
  for (const word of ["Trusted", "Family", "Work", "Introduced, met through"]) assert.ok(legend.includes(word), `${word} in ${legend}`);
  // Whom to ask, as kith path says.
  const routes = await run("return [...document.querySelectorAll('#warm-path .route')].map((li) => Number(li.dataset.via));");
  assert.deepEqual(routes, kith("path", "Maya Patel").routes.slice(0, 5).map((r) => r.via.id));
  await run("document.querySelector('#neighbourhood').scrollIntoView({ block: 'start' });");
  await screenshot("network-neighbourhood");
  // Three rings, then back to two.
  await run("const d = document.querySelector('#neighbourhood-depth'); d.value = '3'; d.dispatchEvent(new Event('change'));");
  await waitFor("three rings drawn", async () => Number(await run("return document.querySelector('#neighbourhood-canvas')?.dataset.people ?? 0;")) === kith("graph", "--around", "Maya Patel", "--depth", "3").nodes.length, 20_000);
  // A click on Tomas in the picture opens his page.
  await run("const d = document.querySelector('#neighbourhood-depth'); d.value = '1'; d.dispatchEvent(new Event('change'));");
  await waitFor("one ring drawn", async () => Number(await run("return document.querySelector('#neighbourhood-canvas')?.dataset.people ?? 0;")) === kith("graph", "--around", "Maya Patel", "--depth", "1").nodes.length, 20_000);
  await clickPerson("#neighbourhood-canvas", 2);
  await waitFor("Tomas's page", async () => (await run("return document.querySelector('#person-name')?.textContent ?? '';")).startsWith("Tomas Berg"));
});

test("two people at the same small company are suggested to each other, and one click links them", async () => {
  await openPerson("Lee Chan");
  await waitFor("the suggestion", () => run("return document.querySelector('#link-suggestions .suggestion[data-other=\"6\"]') !== null;"), 20_000);
  const text = await run("return document.querySelector('#link-suggestions .suggestion').textContent;");
  assert.match(text, /^Ola Berg — both at Fjord Systems/);
  await run("document.querySelector('#link-suggestions').scrollIntoView({ block: 'center' });");
  await screenshot("network-suggested-tie");
  await click('#link-suggestions .suggestion[data-other="6"] button[aria-label="Link Ola Berg as a colleague"]');
  await waitFor("the link made", () => kith("links", "Lee Chan").some((l) => l.other.displayName === "Ola Berg" && l.kind === "colleague"));
  assert.equal(kith("suggested", "links").filter((s) => s.a.id === 5 && s.b.id === 6).length, 0);
});

test("you say what someone is to you, and whom to ask for Tomas starts with your sibling", async () => {
  await openPerson("Ines Duarte");
  await waitFor("the tie select", () => run("return document.querySelector('#tie-to-me') !== null;"));
  await run("const s = document.querySelector('#tie-to-me'); s.value = 'sibling'; s.dispatchEvent(new Event('change'));");
  await waitFor("the tie kept", () => kith("links", "me").some((t) => t.person.displayName === "Ines Duarte" && t.what === "sibling"));
  const path = kith("path", "Tomas Berg");
  assert.ok(path.routes.some((r) => r.reason.startsWith("Ines Duarte — your sibling; ")), JSON.stringify(path.routes.slice(0, 3)));
  await waitFor("the select shows it", async () => (await run("return document.querySelector('#tie-to-me').value;")) === "sibling");
  await run("document.querySelector('#person-links').scrollIntoView({ block: 'start' });");
  await screenshot("network-tie-to-you");
});

test("an ask shows who offers what it needs and who can introduce you to them", async () => {
  const ask = kith("ask", "Ken Okafor", "a sailing instructor for the summer", "--tag", "sailing");
  kith("offer", "Lee Chan", "sailing lessons on weekends", "--tag", "sailing");
  await openPerson("Ken Okafor");
  const button = `#person-needs .need[data-need="${ask.id}"] button[aria-label^="Who can help"]`;
  await waitFor("the ask listed", () => run(`return document.querySelector('${button}') !== null;`));
  await click(button);
  await waitFor("who can help", () => run(`return document.querySelector('#ask-help-${ask.id}') !== null;`), 20_000);
  const expected = kith("path", "--ask", String(ask.id));
  assert.equal(expected.targets, 1);
  assert.equal(await run(`return document.querySelector('#ask-help-${ask.id} h3').textContent;`), "1 person offers this");
  const shown = await run(`return [...document.querySelectorAll('#ask-help-${ask.id} .route')].map((li) => [Number(li.dataset.via), li.textContent]);`);
  assert.deepEqual(
    shown.map(([via]) => via),
    expected.routes.slice(0, 5).map((r) => r.via.id),
  );
  assert.ok(shown.every(([, text]) => text.includes("offers “sailing lessons on weekends”")), JSON.stringify(shown));
  await run("document.querySelector('#person-needs').scrollIntoView({ block: 'start' });");
  await screenshot("network-ask-who-can-help");
});

test("the dashboard opens everyone, clustered by company; a cluster zooms in and a person opens from it", async () => {
  await run("location.hash = '#/dashboard';");
  await click("#open-network");
  await waitFor("the network drawn", () => run("return document.querySelector('#network-canvas')?.dataset.drawnMs ?? null;"), 30_000);
  figures.networkFirstFrameMs = Number(await run("return document.querySelector('#network-canvas').dataset.drawnMs;"));
  const expected = kithLarge("graph").network;
  const chips = await run("return [...document.querySelectorAll('#network-clusters .chip')].map((b) => b.textContent);");
  assert.equal(chips.length, expected.clusters.length);
  assert.equal(chips[0].replace(/[\s,.\u202f]/g, ""), `${expected.clusters[0].name}${expected.clusters[0].size}`.replace(/\s/g, ""));
  const title = await run("return document.querySelector('#network-title').textContent;");
  // The links made since the import (the accepted suggestion) count too.
  assert.ok(title.replace(/[,.\u202f]/g, "").startsWith(`30000 people in ${expected.clusters.length} clusters ${expected.links} links`), title);
  await screenshot("network-everyone");
  const northwind = expected.clusters.findIndex((c) => c.name === "Northwind");
  assert.ok(northwind >= 0, "Northwind is a cluster of its own");
  await click(`#network-clusters .chip[data-cluster="${northwind}"]`);
  await waitFor("Northwind zoomed into", async () => (await run("return document.querySelector('#network-canvas').dataset.points ?? '[]';")) !== "[]");
  assert.equal(await run("return document.querySelector('#network-canvas').dataset.focus;"), "Northwind");
  // Who can introduce you to someone there, as kith path --company says.
  await waitFor("the ways into Northwind", () => run("return document.querySelector('#company-path') !== null;"), 20_000);
  assert.match(await run("return document.querySelector('#company-path h3').textContent;"), /^Who can introduce you to someone at Northwind$/);
  const ways = await run("return [...document.querySelectorAll('#company-path .route')].map((li) => Number(li.dataset.via));");
  assert.deepEqual(ways, kith("path", "--company", "Northwind").routes.slice(0, 5).map((r) => r.via.id));
  await screenshot("network-northwind");
  await clickPerson("#network-canvas", 3);
  await waitFor("Ines's page", async () => (await run("return document.querySelector('#person-name')?.textContent ?? '';")).startsWith("Ines Duarte"));
});
