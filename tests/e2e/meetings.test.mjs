// Meetings and chats in the real window: a calendar file with a meeting
// today is imported (`kith import`), and Today's plan shows the meeting
// first as a prep item; Prepare opens the sheet to read before it. A
// WhatsApp export is imported in Import & export (Kith guesses which
// author is you, previews, records), and the person's timeline shows the
// meetings and the days they chatted. Run by tests/e2e/run.sh.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { kith, launch, page, waitFor, wd } from "./webdriver.mjs";

const binary = process.env.KITH_BINARY;
const ME = "ada@home.example";

let session;
let chatFile;
const { click, textOf, run, runAsync, type, screenshot: capture, waitForElement } = page(() => session);

async function screenshot(name, show) {
  await run("document.querySelector('.toasts')?.replaceChildren();");
  if (show) await run(`document.querySelector(${JSON.stringify(show)})?.scrollIntoView({ block: "center" });`);
  await runAsync("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
  await capture(name);
}

const stamp = (date) => date.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");

/** A WhatsApp (Android, English) line's time: "12/28/25, 9:14 AM". */
function whatsappTime(date) {
  const hours = date.getHours();
  const clock = `${hours % 12 === 0 ? 12 : hours % 12}:${String(date.getMinutes()).padStart(2, "0")} ${hours < 12 ? "AM" : "PM"}`;
  return `${date.getMonth() + 1}/${date.getDate()}/${String(date.getFullYear()).slice(2)}, ${clock}`;
}

before(async () => {
  execFileSync(binary, ["settings", "--plan-time", "off"]);
  kith("add", "Maya Lund", "--email", "maya@example.org");
  kith("add", "Tom Ng", "--email", "tom@example.org", "--company", "Northwind");
  kith("topic", "Maya Lund", "Moving to Lisbon in May");
  kith("ask", "Maya Lund", "A designer for the new site");
  const due = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  kith("follow-up", "Maya Lund", "--what", "Send her the deck", "--due", due);

  // A meeting begun this minute (today in any zone), an hour long, as
  // Google Calendar exports it; and one last week.
  const now = new Date();
  const event = (uid, start, title) =>
    [
      "BEGIN:VEVENT",
      `DTSTART:${stamp(start)}`,
      `DTEND:${stamp(new Date(start.getTime() + 3_600_000))}`,
      `DTSTAMP:${stamp(now)}`,
      `UID:${uid}`,
      `ORGANIZER;CN=Ada Lovelace:mailto:${ME}`,
      "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Maya Lund:mailto:maya@example.org",
      "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Tom Ng:mailto:tom@example.org",
      `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Ada Lovelace:mailto:${ME}`,
      "LOCATION:https://meet.google.com/abc-defg-hij",
      `SUMMARY:${title}`,
      "END:VEVENT",
    ].join("\r\n");
  const calendar = [
    "BEGIN:VCALENDAR",
    "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
    "VERSION:2.0",
    event("design-review@google.com", now, "Design review"),
    event("kickoff@google.com", new Date(now.getTime() - 7 * 86_400_000), "Project kickoff"),
    "END:VCALENDAR",
    "",
  ].join("\r\n");
  const ics = join(process.env.KITH_ARTIFACTS, "calendar.ics");
  writeFileSync(ics, calendar);
  const read = kith("import", ics, "--me", ME);
  assert.equal(read.touchesMade, 4, "the kickoff and the review, with Maya and Tom each");

  // A WhatsApp chat with Maya over the last days.
  const day = (n, hours) => {
    const d = new Date(now.getTime() - n * 86_400_000);
    d.setHours(hours, 15, 0, 0);
    return d;
  };
  const chat = [
    `${whatsappTime(day(5, 9))} - Messages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them. Learn more.`,
    `${whatsappTime(day(5, 9))} - Maya Lund: Are you free for a review this week?`,
    `${whatsappTime(day(5, 10))} - Ada Lovelace: Yes, I will send an invite`,
    `${whatsappTime(day(3, 18))} - Maya Lund: <Media omitted>`,
    `${whatsappTime(day(2, 8))} - Ada Lovelace: Invite sent`,
    "",
  ].join("\n");
  chatFile = join(process.env.KITH_ARTIFACTS, "WhatsApp Chat with Maya Lund.txt");
  writeFileSync(chatFile, chat);

  session = await launch(binary);
});

after(async () => {
  if (session) {
    await capture("meetings-last").catch(() => {});
    await wd("DELETE", `/session/${session}`).catch(() => {});
  }
});

test("a meeting today comes first in Today's plan, with whom and when", async () => {
  await waitForElement("#plan-list .plan-item");
  const first = await run(
    "const li = document.querySelector('#plan-list .plan-item'); return { reason: li.dataset.reason, text: li.innerText };",
  );
  assert.equal(first.reason, "prep");
  assert.match(first.text, /Design review · \d\d:\d\d–\d\d:\d\d · video call/);
  assert.match(first.text, /Meeting today/);
  assert.match(first.text, /With Maya Lund, Tom Ng/);
  await screenshot("meetings-01-prep-item", "#plan");
});

test("Prepare opens the sheet to read before the meeting", async () => {
  await click('#plan-list [data-reason="prep"] [data-action="prep"]');
  await waitForElement("#prep-sheet");
  const sheet = await textOf("#prep-sheet");
  assert.match(sheet, /Design review/);
  assert.match(sheet, /Moving to Lisbon in May/);
  assert.match(sheet, /A designer for the new site/);
  assert.match(sheet, /Send her the deck/);
  assert.match(sheet, /Tom Ng · Northwind/);
  assert.match(sheet, /Project kickoff/, "the last meeting is among the last touches");
  await screenshot("meetings-02-prep-sheet");
  await run("document.querySelector('dialog')?.close();");
});

test("a WhatsApp chat is imported in the window: who you are is guessed, previewed, recorded", async () => {
  await run('location.hash = "#/exchange";');
  await waitForElement("#import-path");
  await type("#import-path", chatFile);
  await click("#import-preview");
  await waitForElement("#import-who-form");
  const guessed = await run("return document.querySelector('#import-who').value;");
  assert.equal(guessed, "Ada Lovelace", "the other of the two in a chat named after Maya");
  await screenshot("meetings-03-who-are-you", "#import-result");
  await click("#import-who-go");
  await waitForElement("#activity-report");
  const preview = await textOf("#import-result");
  assert.match(preview, /Preview: nothing is written/);
  assert.match(preview, /“Maya Lund” \(WhatsApp\): 4 messages, 3 days with someone/);
  assert.match(preview, /Would record touches with 1 person in Kith/);
  await click("#import-commit");
  await waitFor("the import", async () => /Imported/.test(await textOf("#import-heading")));
  assert.match(await textOf("#import-result"), /Recorded 3 touches \(0 updated\) with 1 person in Kith/);
  await screenshot("meetings-04-chat-imported", "#import-result");
});

test("the timeline shows the meetings and the days of the chat", async () => {
  const maya = kith("people", "Maya").people[0];
  await run(`location.hash = "#/person/${maya.id}";`);
  await waitForElement("#timeline .touches");
  await waitFor("the chat on the timeline", async () => /WhatsApp chat/.test(await textOf("#timeline")));
  const timeline = await textOf("#timeline");
  assert.match(timeline, /Design review/);
  assert.match(timeline, /Project kickoff/);
  const chatDays = await run("return document.querySelectorAll('#timeline .touch-message').length;");
  assert.equal(chatDays, 3, "one touch per day of the chat");
  await screenshot("meetings-05-timeline", "#timeline");
});

test("people are linked on a person's page, and each side reads the link its way", async () => {
  const maya = kith("people", "Maya").people[0];
  const tom = kith("people", "Tom").people[0];
  await run(`location.hash = "#/person/${maya.id}";`);
  await waitForElement("#link-form");
  await type("#link-form input[name=link-other]", "Tom");
  await waitFor("Tom in the picker", async () => (await textOf("#link-form .matches")).includes("Tom Ng"));
  await type("#link-form input[name=link-other]", "\uE007");
  await run("const kind = document.querySelector('#link-kind'); kind.value = 'manager'; kind.dispatchEvent(new Event('change'));");
  await type("#link-form input[name=link-since]", "2021");
  await click("#link-add");
  await waitFor("the link listed", async () => /Tom Ng — manager · since 2021/.test(await textOf("#person-links")));
  await screenshot("meetings-06-links", "#person-links");
  // From Tom's side, Maya is his report.
  const links = kith("links", String(tom.id));
  assert.deepEqual(
    links.map((l) => [l.other.displayName, l.name]),
    [["Maya Lund", "report"]],
  );
});
