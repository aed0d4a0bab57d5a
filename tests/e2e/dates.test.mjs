// Dates that matter in the real window: a birthday typed on the person
// page is reminded once, on time, by a real notification; a named date is
// added and listed; someone marked as deceased is not reminded of; the
// birthday is a reason in Today's plan with a suggested message. Run by
// tests/e2e/run.sh.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAWholeSchedulerStep, kith, launch, notifications, page, waitFor, wd } from "./webdriver.mjs";

const binary = process.env.KITH_BINARY;

let session;
const { click, type, textOf, run, cleanScreenshot: screenshot, openPerson } = page(() => session);


const p = (n) => String(n).padStart(2, "0");

// Reminders of dates come at the morning time: set it to the start of a
// minute at least 40 seconds away, and the birthday on that minute's day
// (tomorrow's, just before midnight).
const start = new Date(Date.now() + 40_000);
const due = new Date(start.getFullYear(), start.getMonth(), start.getDate(), start.getHours(), start.getMinutes() + 1);
const monthDay = `${p(due.getMonth() + 1)}-${p(due.getDate())}`;
const age = due.getFullYear() - 1815;


before(async () => {
  execFileSync(binary, ["add", "Ada Lovelace", "--email", "ada@example.org"]);
  execFileSync(binary, ["add", "Grace Hopper"]);
  execFileSync(binary, ["date", "Grace Hopper", "--birthday", monthDay]);
  // Marked before the app starts, so no plan made at launch holds her.
  execFileSync(binary, ["edit", "Grace Hopper", "--deceased", "yes"]);
  execFileSync(binary, ["add", "Alan Turing"]);
  // Someone with a follow-up tomorrow, reachable by e-mail.
  const tomorrow = new Date(Date.now() + 86_400_000);
  execFileSync(binary, ["add", "Katherine Johnson", "--email", "katherine@example.org"]);
  execFileSync(binary, [
    "follow-up",
    "Katherine Johnson",
    "--due",
    `${tomorrow.getFullYear()}-${p(tomorrow.getMonth() + 1)}-${p(tomorrow.getDate())} 10:00`,
    "--what",
    "Send the orbit paper",
  ]);
  execFileSync(binary, ["settings", "--plan-time", `${p(due.getHours())}:${p(due.getMinutes())}`, "--quiet-hours", "off"]);
  session = await launch(binary);
});

after(async () => {
  if (session) {
    await screenshot("dates-last").catch(() => {});
    await wd("DELETE", `/session/${session}`).catch(() => {});
  }
});

test("someone marked as deceased keeps their birthday, and the page marks them", async () => {
  await openPerson("Grace Hopper");
  await waitFor("her birthday shown", async () => (await run("return document.querySelector('#birthday-input').value;")) === monthDay);
  assert.equal(await run("return document.querySelector('#person-deceased').checked;"), true);
  assert.match(await textOf("#person-name"), /deceased/);
  await openPerson("Alan Turing");
  assert.equal(await run("return document.querySelector('#person-deceased').checked;"), false);
  await click("#person-deceased");
  await waitFor("the deceased tag", async () => (await textOf("#person-name")).includes("deceased"));
  assert.equal(kith("show", "Alan Turing").person.deceased, true);
});

test("a birthday and a named date are set on the person page", async () => {
  await openPerson("Ada Lovelace");
  await run("document.querySelector('#birthday-input').value = '';");
  await type("#birthday-input", `1815-${monthDay}`);
  await click("#birthday-form button[type=submit]");
  await waitFor("the birthday saved", () => kith("show", "Ada Lovelace").person.birthday === `1815-${monthDay}`);
  await waitFor("the birthday shown in words", async () => (await textOf("#birthday-shown")).endsWith("1815"));
  await type("#date-form input[name=what]", "Started at Northwind");
  await run(
    `const on = document.querySelector('#date-form input[name=on]'); on.value = arguments[0]; on.dispatchEvent(new Event('change'));`,
    [`2019-${monthDay}`],
  );
  await click("#date-form button[type=submit]");
  await waitFor("the named date listed", async () => (await textOf("#person-dates .dates")).includes("Started at Northwind"));
  assert.match(await textOf("#person-dates .dates"), /every year/);
  const [date] = kith("show", "Ada Lovelace").person.dates;
  assert.deepEqual([date.what, date.on, date.yearly], ["Started at Northwind", `2019-${monthDay}`, true]);
  assert.ok(!notifications().includes("Ada Lovelace's birthday"), "not before it is due");
  await run("document.querySelector('#person-dates').scrollIntoView({ block: 'center' });");
  await screenshot("person-dates");
});

test("the birthday raises one real notification at the morning time, and the deceased none", async () => {
  const wait = due.getTime() - Date.now() + 30_000;
  await waitFor("the birthday's Notify call", () => notifications().includes("Ada Lovelace's birthday"), Math.max(wait, 30_000));
  assert.ok(Date.now() >= due.getTime() - 1000, "not early");
  const log = notifications();
  assert.match(log, new RegExp(`string "Birthday today \\(turns ${age}\\)"`));
  await waitFor("the named date's Notify call", () => notifications().includes("A date of Ada Lovelace's"));
  assert.match(notifications(), /string "Started at Northwind today \(\d+ years?\)"/);
  await afterAWholeSchedulerStep();
  assert.equal(notifications().split("Ada Lovelace's birthday").length - 1, 1, "exactly one notification");
  assert.ok(!notifications().includes("Grace Hopper's birthday"), "no reminder of someone who has died");
});

test("the birthday is a reason in Today's plan with a message to send", async () => {
  await run("location.hash = '#/today';");
  const ada = kith("show", "Ada Lovelace").person.id;
  await waitFor("Ada in the plan for her birthday", () =>
    run(`return document.querySelector('#plan-list .plan-item[data-person="${ada}"]')?.dataset.reason ?? null;`).then((r) => r === "date"),
  );
  const item = kith("plan").items.find((i) => i.personId === ada);
  assert.equal(item.reason, "date");
  assert.equal(item.next, "Happy birthday, Ada! I hope the year ahead is a great one.");
  const grace = kith("show", "Grace Hopper").person.id;
  assert.ok(!kith("plan").items.some((i) => i.personId === grace), "never suggested");
  await screenshot("today-birthday");
  // Her e-mail is where the wish goes: the mail program opens with it written.
  const opened = () => {
    const log = join(process.env.KITH_ARTIFACTS, "opened.log");
    return existsSync(log) ? readFileSync(log, "utf8") : "";
  };
  const button = `#plan-list .plan-item[data-person="${ada}"] button.reach`;
  assert.equal(await textOf(button), "E-mail");
  await click(button);
  const link = await waitFor("the mail link opened", () => opened().split("\n").find((l) => l.startsWith("mailto:ada@example.org")));
  const body = decodeURIComponent(link.split("body=")[1].split("&")[0]);
  assert.equal(body, "Happy birthday, Ada! I hope the year ahead is a great one.");
  await waitFor("the offer to mark it done", async () => (await textOf(".toasts")).includes("Did you reach Ada Lovelace?"));
  // A follow-up in the week ahead offers its way too.
  const followUp = kith("show", "Katherine Johnson").followUps[0].id;
  const reach = `li.follow-up[data-id="${followUp}"] button.reach`;
  await waitFor("Katherine's follow-up", async () => (await textOf(reach)) === "E-mail");
  await click(reach);
  await waitFor("her mail link opened", () => opened().includes("mailto:katherine@example.org"));
});

test("the settings say how many days before each kind of date is reminded", async () => {
  await run("location.hash = '#/settings';");
  const input = "#birthday-days-before";
  await waitFor("the dates settings", async () => (await run(`return document.querySelector('${input}')?.value ?? null;`)) === "0");
  await run(`const el = document.querySelector('${input}'); el.value = '3'; el.dispatchEvent(new Event('change'));`);
  await waitFor("the setting saved", () => kith("settings").birthdayDaysBefore === 3);
  await run("document.querySelector('#date-settings').scrollIntoView();");
  await screenshot("settings-dates");
});
