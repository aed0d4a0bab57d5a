// The relationship journey in the real window: a new connection is
// acknowledged from the welcome queue, the touches that follow carry them
// to Relationship while the dashboard redraws, and an introduction with
// help recorded makes them Trusted. Run by tests/e2e/run.sh.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { afterAWholeSchedulerStep, kith, launch, notifications, page, waitFor, wd } from "./webdriver.mjs";

const binary = process.env.KITH_BINARY;

let session;
const { click, type, textOf, run, cleanScreenshot: screenshot, waitForElement, openPerson } = page(() => session);

/** A `datetime-local` value for `days` ago at this time of day. */
function daysAgo(days) {
  const d = new Date(Date.now() - days * 86_400_000);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

const figure = (id) => run(`return document.querySelector('[data-figure="${id}"] .value')?.textContent ?? null;`);
const stageOf = (name) => kith("stage", name).stage;

async function logTouch(who, kind, channel, direction, at) {
  await click("#quick-log-button");
  await type("#quick-log-form input[name=who]", who.split(" ")[0]);
  await waitFor(`${who} in the picker`, async () => (await textOf("#quick-log-form .matches")).includes(who));
  await type("#quick-log-form input[name=who]", "\uE007");
  await run(
    `const form = document.querySelector('#quick-log-form');
     const set = (name, value) => { const el = form.elements.namedItem(name); el.value = value; el.dispatchEvent(new Event('change')); };
     set('kind', arguments[0]); set('channel', arguments[1]); set('direction', arguments[2]); set('at', arguments[3]);`,
    [kind, channel, direction, at],
  );
  await click("#quick-log-form button[type=submit]");
  await waitFor("the quick log to close", () => run("return document.querySelector('#quick-log-form') === null;"));
}


before(async () => {
  // Two new connections, as an import or the command line would add them.
  execFileSync(binary, ["add", "Maya Okafor", "--company", "Northwind Robotics", "--how-met", "the Rust meetup"]);
  execFileSync(binary, ["log", "Maya Okafor", "--kind", "connected", "--channel", "linkedin", "--direction", "in"]);
  execFileSync(binary, ["add", "Tomas Berg", "--company", "Fjord Systems"]);
  execFileSync(binary, ["log", "Tomas Berg", "--kind", "connected", "--channel", "linkedin", "--direction", "in", "--at", daysAgo(3).replace("T", " ")]);
  // The plan's morning notification is due a minute ago (local time), and
  // no quiet hours hold it, so the first scheduler step on launch shows it.
  const before = new Date(Date.now() - 60_000);
  const p = (n) => String(n).padStart(2, "0");
  const time = before.getDate() === new Date().getDate() ? `${p(before.getHours())}:${p(before.getMinutes())}` : "00:00";
  execFileSync(binary, ["settings", "--plan-time", time, "--quiet-hours", "off"]);
  session = await launch(binary);
});

after(async () => {
  if (session) {
    await screenshot("relationships-last").catch(() => {});
    await wd("DELETE", `/session/${session}`).catch(() => {});
  }
});


test("the morning notification names today's plan once, and Today shows the same plan as kith plan", async () => {
  await waitFor("the plan's Notify call", () => notifications().includes("Today's plan: 2 people"), 30_000);
  assert.match(notifications(), /Maya Okafor, Tomas Berg|Tomas Berg, Maya Okafor/);
  await afterAWholeSchedulerStep();
  assert.equal(notifications().split("Today's plan:").length - 1, 1, "once a day");
  await run("location.hash = '#/today';");
  await waitFor("the plan card", async () => (await run("return document.querySelectorAll('#plan-list .plan-item').length;")) === 2);
  const shown = await run("return [...document.querySelectorAll('#plan-list .plan-item')].map((li) => li.dataset.person + ' ' + li.dataset.reason);");
  assert.deepEqual(shown, kith("plan").items.map((i) => `${i.personId} ${i.reason}`));
  assert.deepEqual(kith("plan").items.map((i) => i.reason), ["welcome", "welcome"]);
  await screenshot("relationships-00-plan");
});

test("a new connection starts as Connected and waits in the welcome queue", async () => {
  assert.equal(stageOf("Maya Okafor"), "connected");
  await run("location.hash = '#/dashboard';");
  await waitFor("the funnel", async () => (await figure("stage:connected")) === "2");
  assert.equal(await figure("stage:relationship"), "0");
  await run("location.hash = '#/queue';");
  await waitFor("Maya first in the queue", async () => (await textOf("#queue-card")).includes("Maya Okafor"));
  await type("#queue-message", " Good to meet you at the Rust meetup.");
  await screenshot("relationships-01-welcome-queue");
  await click("#queue-acknowledge");
  await waitFor("Tomas next", async () => (await textOf("#queue-card")).includes("Tomas Berg"));
  assert.equal(stageOf("Maya Okafor"), "acknowledged");
});

test("a comment, a two-way conversation over two months and a call make a relationship, live on the dashboard", async () => {
  await openPerson("Maya Okafor");
  await logTouch("Maya Okafor", "comment", "linkedin", "out", daysAgo(0));
  assert.equal(stageOf("Maya Okafor"), "engaged");
  await logTouch("Maya Okafor", "message", "linkedin", "out", daysAgo(62));
  await logTouch("Maya Okafor", "message", "linkedin", "in", daysAgo(31));
  await waitFor("In conversation on her page", async () => (await textOf("#person-stage")) === "In conversation");

  // The dashboard redraws while the call is logged from the sidebar.
  await run("location.hash = '#/dashboard';");
  await waitFor("the dashboard", async () => (await figure("stage:in-conversation")) === "1");
  await logTouch("Maya Okafor", "call", "phone", "mutual", daysAgo(0));
  await waitFor("the funnel to move Maya to Relationship", async () => (await figure("stage:relationship")) === "1");
  assert.equal(await figure("stage:in-conversation"), "0");
  assert.equal(stageOf("Maya Okafor"), "relationship");

  // Each figure lists the people behind it.
  await run(`document.querySelector('[data-figure="stage:relationship"]').dispatchEvent(new MouseEvent('click', { bubbles: true }));`);
  await waitFor("the people behind the bar", async () => (await textOf("#figure-people")).includes("Maya Okafor"));
  assert.match(await textOf("#figure-title"), /Relationship/);
  await click('button[data-figure="moved-up:30"]');
  await waitFor("who moved up", async () => (await textOf("#figure-title")).includes("Moved up in the last 30 days"));
  assert.match(await textOf("#figure-people"), /Maya Okafor/);
  await screenshot("relationships-02-dashboard");
});

test("people filter by warmth and sort by who needs attention", async () => {
  await run("location.hash = '#/people';");
  const listText = () => run("return document.querySelector('#people-list').textContent;");
  await waitFor("both people", async () => (await listText()).includes("Tomas Berg"));
  await click('#health-filter [data-health="cold"]');
  await waitFor("nobody cold", async () => (await textOf("#no-matches")).includes("who is cold"));
  await click('#health-filter [data-health="warm"]');
  await waitFor("both warm", async () => (await listText()).includes("Maya Okafor"));
  // Tomas has not been touched since connecting; Maya was today.
  await run("const s = document.querySelector('#people-sort'); s.value = 'attention'; s.dispatchEvent(new Event('change'));");
  await waitFor("Tomas first", async () => {
    const first = await run("return [...document.querySelectorAll('#people-list .person-row')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0]?.textContent ?? '';");
    return first.includes("Tomas Berg");
  });
  await click('#health-filter [data-health="any"]');
});

test("a reply template made in Settings drafts the welcome-queue reply", async () => {
  await run("location.hash = '#/settings';");
  await click("#new-template");
  await type("#template-form input[name=name]", "Rust people");
  await run("const b = document.querySelector('#template-form textarea'); b.value = ''; b.dispatchEvent(new Event('input'));");
  await type("#template-form textarea", "Thanks for connecting!");
  await waitFor("the generic-text warning", async () => (await textOf("#template-warning")).includes("reads like generic text"));
  await run("const b = document.querySelector('#template-form textarea'); b.value = ''; b.dispatchEvent(new Event('input'));");
  await type("#template-form textarea", "Hi {first_name}, good to meet another Rust person at {company}.");
  await waitFor("the warning to go", async () => (await textOf("#template-warning")) === "");
  await click("#template-form button[type=submit]");
  await waitFor("the new template listed", async () => (await textOf("#templates")).includes("Rust people"));

  await run("location.hash = '#/queue';");
  await waitFor("Tomas in the queue", async () => (await textOf("#queue-card")).includes("Tomas Berg"));
  await run(
    `const s = document.querySelector('#queue-template');
     s.value = [...s.options].find((o) => o.textContent === 'Rust people').value;
     s.dispatchEvent(new Event('change'));`,
  );
  await waitFor("the draft from the new template", async () =>
    (await run("return document.querySelector('#queue-message').value;")) === "Hi Tomas, good to meet another Rust person at Fjord Systems.",
  );
});

test("asks and offers suggest an introduction; made, with help recorded, it makes Maya Trusted", async () => {
  await openPerson("Maya Okafor");
  await type("#topic-form input[name=text]", "Hiring a robotics team");
  await click("#topic-form button[type=submit]");
  await waitFor("the topic", async () => (await textOf("#person-topics")).includes("Hiring a robotics team"));
  await run("document.querySelector('#need-form select[name=side]').value = 'ask';");
  await type("#need-form input[name=text]", "A Rust contractor for the firmware");
  await type("#need-form input[name=tags]", "rust, embedded");
  await click("#need-form button[type=submit]");
  await waitFor("the ask", async () => (await textOf("#person-needs")).includes("A Rust contractor"));

  await openPerson("Tomas Berg");
  await run("document.querySelector('#need-form select[name=side]').value = 'offer';");
  await type("#need-form input[name=text]", "Rust consulting");
  await type("#need-form input[name=tags]", "rust");
  await click("#need-form button[type=submit]");
  await waitFor("the offer", async () => (await textOf("#person-needs")).includes("Rust consulting"));

  await run("location.hash = '#/introductions';");
  await waitFor("the suggestion", async () =>
    (await textOf("#suggestions")).includes("Maya Okafor asks for “A Rust contractor for the firmware”; Tomas Berg offers “Rust consulting”"),
  );
  await click("#suggestions .suggestion button");
  for (const step of ["ask-a", "ask-b", "introduce"]) {
    await click(`#open-introductions button[data-step="${step}"]`);
    await waitFor(`the step after ${step}`, async () => {
      const shown = await run(`return document.querySelector('#open-introductions button[data-step="${step}"]') === null;`);
      return shown;
    });
  }
  await waitForElement('#open-introductions button[data-step="helped"]');
  await screenshot("relationships-03-introductions");
  // Each step set a reminder three days out (Remind me); taking the next
  // step retired the one before, so one question is left.
  const reminders = kith("upcoming", "--to", new Date(Date.now() + 5 * 86_400_000).toISOString());
  assert.deepEqual(
    reminders.map((r) => r.what),
    ["How did the introduction to Tomas Berg go?"],
  );
  await click('#open-introductions button[data-step="helped"]');
  await waitForElement("#closed-introductions");

  await openPerson("Maya Okafor");
  await run("document.querySelector('#help-form select[name=direction]').value = 'received';");
  await type("#help-form input[name=text]", "Advice on hiring firmware engineers");
  await click("#help-form button[type=submit]");
  await waitFor("the ledger", async () => (await textOf("#ledger-received")) === "1");
  assert.equal(await textOf("#ledger-given"), "1"); // the introduction
  await waitFor("Trusted on her page", async () => (await textOf("#person-stage")) === "Trusted");
  assert.equal(stageOf("Maya Okafor"), "trusted");
  await run("document.querySelector('#main').scrollTop = 0;");
  await screenshot("relationships-04-person");

  await run("location.hash = '#/dashboard';");
  await waitFor("Trusted on the dashboard", async () => (await figure("stage:trusted")) === "1");
  assert.equal(await figure("stage:relationship"), "0");
});
