// A whole network at once: a LinkedIn Connections.csv of 30,000 people made
// over ten years, 40 of them in the last 30 days, imported in the real
// window. The import goes straight to today's plan (five people, each with
// a reason, the same as `kith plan`), and the welcome queue holds only the
// last 30 days' connections. Run by tests/e2e/run.sh.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { kith, launch, page, waitFor, wd } from "./webdriver.mjs";

const binary = process.env.KITH_BINARY;
const PEOPLE = 30_000;
const RECENT = 40;

let session;
const { click, type, textOf, run, runAsync, screenshot: capture } = page(() => session);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const linkedinDate = (d) => `${String(d.getDate()).padStart(2, "0")} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;

/** LinkedIn's layout: a notes preamble, then the header, newest first. */
function connectionsCsv() {
  const day = 86_400_000;
  const rows = ["Notes:", '"When exporting your connection data, you may notice that some of the email addresses are missing."', "", "First Name,Last Name,URL,Email Address,Company,Position,Connected On"];
  for (let i = 0; i < PEOPLE; i++) {
    // The newest RECENT within the last 30 days (one every 12 hours from
    // yesterday), the rest spread over ten years before that.
    const ago = i < RECENT ? 1 + i / 2 : 31 + Math.floor((i * 3650) / PEOPLE);
    const when = new Date(Date.now() - ago * day);
    rows.push(`Person${i},Example${i % 997},https://www.linkedin.com/in/person-${i},,Company ${i % 400},Engineer,${linkedinDate(when)}`);
  }
  return "\ufeff" + rows.join("\n") + "\n";
}

before(async () => {
  session = await launch(binary);
});

after(async () => {
  if (session) {
    await capture("big-import-last").catch(() => {});
    await wd("DELETE", `/session/${session}`).catch(() => {});
  }
});

test("importing 30,000 connections leads to a plan of five with reasons, and a welcome queue of the last 30 days", async () => {
  const file = join(process.env.KITH_ARTIFACTS, "Connections.csv");
  writeFileSync(file, connectionsCsv());
  await run("location.hash = '#/exchange';");
  await type("#import-path", file);
  await click("#import-preview");
  // Counts are shown in the window's locale ("30,000"); compare the digits.
  const digits = (text) => text.replace(/\D/g, "");
  await waitFor("the preview", async () => digits(await run("return document.querySelector('#import-counts [data-count=\"new\"]')?.textContent ?? '';")) === String(PEOPLE), 60_000);
  const connections = await textOf("#import-connections");
  assert.match(connections, /^40 new connections wait for a welcome; 29\D?960 older ones are candidates to reconnect with in Today's plan\.$/);
  await click("#import-commit");
  await waitFor("today's plan", async () => (await run("return document.querySelectorAll('#plan-list .plan-item').length;")) === 5, 60_000);
  const plan = kith("plan");
  assert.equal(plan.items.length, 5);
  for (const item of plan.items) {
    assert.ok(item.why.length > 0 && item.next.length > 0, `${item.name} has a reason and a next step`);
  }
  const shown = await run("return [...document.querySelectorAll('#plan-list .plan-item')].map((li) => li.dataset.person + ' ' + li.dataset.reason);");
  assert.deepEqual(shown, plan.items.map((i) => `${i.personId} ${i.reason}`));
  assert.equal(kith("queue").total, RECENT);
  assert.equal(kith("people", "--limit", "1").total, PEOPLE);
  await run("document.querySelector('.toasts')?.replaceChildren();");
  await runAsync("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
  await capture("plan-after-30000");
  // S on a focused item skips it for today; "Not for a month" sets the next
  // aside; the plan backfills both, the same in the window and `kith plan`.
  const [first, second] = plan.items.map((i) => i.personId);
  await run(`const li = document.querySelector('#plan-list [data-person="${first}"]'); li.focus(); li.dispatchEvent(new KeyboardEvent('keydown', { key: 's', bubbles: true }));`);
  await waitFor("the skip", async () => !(await run("return [...document.querySelectorAll('#plan-list .plan-item')].map((li) => li.dataset.person);")).includes(String(first)));
  await click(`#plan-list [data-person="${second}"] [data-action="month"]`);
  await waitFor("the set-aside", async () => !(await run("return [...document.querySelectorAll('#plan-list .plan-item')].map((li) => li.dataset.person);")).includes(String(second)));
  const after = kith("plan").items.map((i) => i.personId);
  assert.equal(after.length, 5, "backfilled");
  assert.ok(!after.includes(first) && !after.includes(second));
  await run("document.querySelector('.toasts')?.replaceChildren();");
});

test("searching 30,000 people shows name matches first, counts to 1,000+ and counts on as the list scrolls", async () => {
  await run("location.hash = '#/people';");
  await waitFor("the people list", async () => /^30,?000 people$/.test(await textOf("#people-summary")), 20_000);
  await type("#search", "person1");
  // Person1, Person10 … Person19999: 11,111 people whose name starts so.
  // Each keystroke searches ("person" also counts 1,000+): wait for the
  // rows of the whole word.
  const firstRows = () => run("return [...document.querySelectorAll('#people-list .person-name')].slice(0, 3).map((n) => n.textContent).join(' | ');");
  await waitFor("the name matches first", async () => (await firstRows()) === "Person1 Example1 | Person10 Example10 | Person100 Example100", 20_000);
  assert.match(await textOf("#people-summary"), /^1,?000\+ matches$/);
  await capture("people-search-30000");
  // Scrolled to the end of the first thousand, the next page raises the count.
  await run("const s = document.querySelector('#people-list'); s.scrollTop = s.scrollHeight;");
  await waitFor("the count raised", async () => /^2,?000\+ matches$/.test(await textOf("#people-summary")), 20_000);
  const found = kith("people", "person1", "--limit", "1");
  assert.equal(found.total, 1000);
  assert.equal(found.totalIsExact, false);
});
