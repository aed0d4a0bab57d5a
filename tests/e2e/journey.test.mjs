// The real-window journey: add a person, log a touch, plan a follow-up due
// seconds later, see the real notification on D-Bus, mark it done in Today.
// Run by tests/e2e/run.sh, which provides the display, the session bus, the
// notification daemon and tauri-driver.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAWholeSchedulerStep, facePng, kith, launch, logText, notifications, page, waitFor, wd } from "./webdriver.mjs";

const binary = process.env.KITH_BINARY;
const artifacts = process.env.KITH_ARTIFACTS;

let session;
const { s, find, findAll, waitForElement, click, type, textOf, run, runAsync, screenshot } = page(() => session);


before(async () => {
  // These journeys count reminder notifications; the plan's morning
  // notification has its own journey (relationships.test.mjs).
  execFileSync(binary, ["settings", "--plan-time", "off"]);
  session = await launch(binary);
});

after(async () => {
  if (session) {
    await screenshot("last").catch(() => {});
    await wd("DELETE", `/session/${session}`).catch(() => {});
  }
});

test("first run offers to start Kith at login", async () => {
  // Where the autostart plugin writes on Linux (under the home folder,
  // which the test runner points at a throwaway one).
  const autostart = join(process.env.HOME, ".config", "autostart");
  const entries = () => (existsSync(autostart) ? readdirSync(autostart).filter((f) => f.endsWith(".desktop")) : []);
  await waitForElement("#welcome-start-at-login");
  await screenshot("01-welcome");
  assert.deepEqual(entries(), [], "off until the user says so");
  await click("#welcome-start-at-login");
  const [entry] = await waitFor("the autostart entry", () => (entries().length ? entries() : null));
  const text = readFileSync(join(autostart, entry), "utf8");
  assert.match(text, new RegExp(`Exec=.*${binary.split("/").pop()}.*--hidden`));
  await click("#welcome-start-at-login");
  await waitFor("the entry to go", () => entries().length === 0);
});

test("a new user sees the welcome and adds a person", async () => {
  await waitForElement("#welcome-add");
  await click("#welcome-add");
  await type("#person-form input[name=displayName]", "Ada Lovelace");
  await type("#person-form input[name=role]", "Analyst");
  await type("#person-form input[name=company]", "Analytical Engines");
  const email = (await findAll("#person-form input[name=identity-value]"))[0];
  await wd("POST", s(`/element/${email}/value`), { text: "ada@example.org" });
  await type("#person-form input[name=tags]", "Close, Math");
  await click("#person-form button[type=submit]");
  assert.equal(await waitFor("person page", () => textOf("#person-name")), "Ada Lovelace");
});

test("notes holding markup show as text and run nothing", async () => {
  const hostile = `<img src=x onerror="document.title='owned'"> and <b>bold</b>`;
  await type("#note-form textarea", hostile);
  await click("#note-form button[type=submit]");
  const shown = await waitFor("the note", async () => {
    const text = await textOf(".note-body");
    return text.includes("onerror") ? text : null;
  });
  assert.equal(shown, hostile);
  assert.notEqual(await run("return document.title;"), "owned");
  assert.equal(await run("return document.querySelectorAll('.note-body img, .note-body b').length;"), 0);
});

test("the window can call Kith's commands and nothing else", async () => {
  const attempt = (command, args = {}) =>
    runAsync(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
         .then(() => done("allowed"), (e) => done("denied: " + JSON.stringify(e)));`,
      [command, args],
    );
  assert.equal(await attempt("get_app_info"), "allowed");
  for (const command of ["plugin:autostart|enable", "plugin:window-state|save_window_state", "plugin:fs|read_file"]) {
    assert.match(await attempt(command), /^denied/, command);
  }
  // Refused input comes back as {kind, message}.
  const refused = await attempt("create_person", { input: { displayName: "  " } });
  assert.match(refused, /"kind":"invalid_input"/);
  assert.match(refused, /"message":"a name is required"/);
  // The CSP refuses inline scripts, so injected markup cannot run code.
  const ran = await run(`const s = document.createElement("script");
                         s.textContent = "window.__injected = true";
                         document.body.append(s);
                         return window.__injected === true;`);
  assert.equal(ran, false);
});

test("logging a touch adds it to the timeline", async () => {
  await click("#log-touch");
  await waitForElement("#quick-log-form");
  await run(`const kind = document.querySelector('#quick-log-form select[name=kind]');
             kind.value = 'call'; kind.dispatchEvent(new Event('change'));`);
  await type("#quick-log-form input[name=summary]", "Talked about the launch");
  await click("#quick-log-form button[type=submit]");
  const timeline = await waitFor("the touch", async () => {
    const text = await textOf("#timeline");
    return text.includes("Talked about the launch") ? text : null;
  });
  assert.match(timeline, /Call/);
  assert.match(timeline, /Phone/);
  const shown = kith("show", "Ada Lovelace");
  assert.equal(shown.touches[0].kind, "call");
  assert.equal(shown.touches[0].channel, "phone");
});

test("quiet hours can be turned off in Settings", async () => {
  // The journey may run at any hour; the default quiet hours (21:00-08:00)
  // would hold its reminders until morning.
  await run("location.hash = '#/settings';");
  const toggle = await waitForElement("#quiet-hours");
  assert.equal(await wd("GET", s(`/element/${toggle}/selected`)), true, "on by default");
  await click("#quiet-hours");
  await waitFor("the setting to be saved", async () => {
    const saved = await runAsync(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke("get_settings").then((s) => done(s.quietHoursEnabled));`,
    );
    return saved === false;
  });
  await run("history.back();");
  await waitForElement("#person-name");
});

test("a follow-up due in seconds raises one real notification naming the person, with their face", async () => {
  const face = join(process.env.KITH_ARTIFACTS, "ada.png");
  facePng(face, [90, 60, 140]);
  kith("photo", "Ada Lovelace", face);
  await click("#add-follow-up");
  await waitForElement("#follow-up-form");
  await type("#follow-up-form input[name=what]", "Ask how the launch went");
  // Eight seconds from now, in the window's local time (with seconds).
  await run(`const d = new Date(Date.now() + 8000);
             const p = (n) => String(n).padStart(2, '0');
             document.querySelector('#follow-up-form input[name=due]').value =
               d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' +
               p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());`);
  await click("#follow-up-form button[type=submit]");
  await waitFor("the follow-up on the page", async () => (await textOf("#person-follow-ups")).includes("Ask how the launch went"));
  assert.ok(!notifications().includes("Follow up with Ada Lovelace"), "not before it is due");
  await waitFor("the Notify call", () => notifications().includes("Follow up with Ada Lovelace"), 40_000);
  const log = notifications();
  assert.match(log, /string "Kith"/);
  assert.match(log, /string "Ask how the launch went"/);
  const call = log.split("method call").find((c) => c.includes("Follow up with Ada Lovelace"));
  assert.match(call, /string "image-data"/, "her face goes with the notification");
  // Give a second chance to fire twice; it must not.
  await afterAWholeSchedulerStep();
  assert.equal(notifications().split("Follow up with Ada Lovelace").length - 1, 1, "exactly one notification");
});

test("the follow-up is due in Today and Done clears it", async () => {
  await run("location.hash = '#/today';");
  const row = await waitFor("the overdue follow-up", async () => {
    const text = await textOf("#overdue");
    return text.includes("Ask how the launch went") ? text : null;
  });
  assert.match(row, /Ada Lovelace/);
  await screenshot("02-today");
  await click("#overdue .done");
  await waitFor("the follow-up to leave Today", async () => {
    const left = await run("return document.querySelector('#overdue') === null;");
    return left;
  });
  assert.deepEqual(kith("due"), []);
  const shown = kith("show", "Ada Lovelace");
  assert.equal(shown.followUps[0].status, "done");
});

test("search finds the person as you type, hostile text included", async () => {
  await run("location.hash = '#/people';");
  await type("#search", "analyt");
  // Rows are positioned by the virtual list; read their text directly.
  const listText = () => run("return document.querySelector('#people-list').textContent;");
  await waitFor("the search result", async () => (await listText()).includes("Ada Lovelace"));
  await run("const s = document.querySelector('#search'); s.value = ''; s.dispatchEvent(new Event('input'));");
  await type("#search", `"zzq -( 🚀 NEAR( AND`);
  await waitFor("the summary", async () => (await textOf("#people-summary")).includes("0 matches"));
  await screenshot("03-people");
});

test("a person can be introduced by another, picked by typing", async () => {
  await run("location.hash = '#/new-person';");
  await type("#person-form input[name=displayName]", "Grace Hopper");
  await type("#person-form input[name=introducedBy]", "lovel");
  await waitFor("the match", async () => (await textOf("#person-form .matches")).includes("Ada Lovelace"));
  await type("#person-form input[name=introducedBy]", "\uE007"); // Enter picks the match
  await click("#person-form button[type=submit]");
  await waitFor("Grace's page", async () => (await textOf("#person-name")) === "Grace Hopper");
  assert.match(await textOf(".details"), /Introduced by\s+Ada Lovelace/);
  assert.equal(kith("show", "Grace Hopper").person.introducedBy.displayName, "Ada Lovelace");
});

/** What the recording system opener (tests/e2e/run.sh) was asked to open. */
const opened = () => (existsSync(join(artifacts, "opened.log")) ? readFileSync(join(artifacts, "opened.log"), "utf8") : "");

test("an identity opens its app through Kith's checked link and offers to log the touch", async () => {
  const ada = kith("show", "Ada Lovelace").person.id;
  await run(`location.hash = '#/person/${ada}';`);
  await waitForElement('li.identity[data-kind="email"] [data-how="email"]');
  const before = opened();
  await click('li.identity[data-kind="email"] [data-how="email"]');
  // The system opener got the link Kith built from the stored address.
  await waitFor("the mail link opened", async () => opened().slice(before.length).includes("mailto:ada@example.org"));
  await waitFor("the offer to log it", async () => (await textOf(".toasts")).includes("Did you reach Ada Lovelace?"));
  await screenshot("07-person-identities");
  await click(".toasts .toast-action");
  await waitForElement("#quick-log-form");
  await run("document.querySelector('#quick-log-form')?.closest('dialog')?.close();");
});

test("people filter by the stage their touches put them at", async () => {
  await run("location.hash = '#/people';");
  await run("const s = document.querySelector('#search'); s.value = ''; s.dispatchEvent(new Event('input'));");
  const listText = () => run("return document.querySelector('#people-list').textContent;");
  await waitFor("both people", async () => (await listText()).includes("Grace Hopper"));
  await click('#stage-filter [data-stage="acknowledged"]');
  // Ada's only touch so far is a call from the user: Acknowledged.
  await waitFor("only Ada", async () => {
    const text = await listText();
    return text.includes("Ada Lovelace") && !text.includes("Grace Hopper");
  });
  assert.match(await textOf('#stage-filter [data-stage="acknowledged"]'), /Acknowledged\s*1/);
  await click('#stage-filter [data-stage="connected"]');
  await waitFor("only Grace", async () => {
    const text = await listText();
    return text.includes("Grace Hopper") && !text.includes("Ada Lovelace");
  });
  await click('#stage-filter [data-stage="all"]');
  await screenshot("06-people-by-stage");
});

test("the welcome queue drafts a personal reply and acknowledging logs it", async () => {
  execFileSync(binary, ["add", "Linus Newcomer", "--company", "Fernhill Labs"]);
  execFileSync(binary, ["log", "Linus Newcomer", "--kind", "connected", "--channel", "linkedin", "--direction", "in"]);
  await run("location.hash = '#/queue';");
  await waitFor("Linus in the queue", async () => (await textOf("#queue-card")).includes("Linus Newcomer"));
  const draft = await run("return document.querySelector('#queue-message').value;");
  assert.match(draft, /^Hi Linus, thanks for connecting!/);
  assert.match(draft, /Fernhill Labs/);
  assert.match(await textOf("#queue-warning"), /generic text/);
  await type("#queue-message", " Loved your talk on build systems.");
  await waitFor("the warning to go", async () => (await textOf("#queue-warning")) === "");
  await screenshot("05-welcome-queue");
  await click("#queue-acknowledge");
  await waitForElement("#queue-empty");
  const stage = kith("stage", "Linus Newcomer");
  assert.equal(stage.stage, "acknowledged");
  assert.match(stage.because[0].summary, /Loved your talk on build systems\.$/);
});

test("a reply can be copied with the new connection's profile opened to send it", async () => {
  execFileSync(binary, ["add", "Mia Newcomer", "--linkedin", "https://www.linkedin.com/in/mia-newcomer"]);
  execFileSync(binary, ["log", "Mia Newcomer", "--kind", "connected", "--channel", "linkedin", "--direction", "in"]);
  await run("location.hash = '#/today';");
  await run("location.hash = '#/queue';");
  await waitFor("Mia in the queue", async () => (await textOf("#queue-card")).includes("Mia Newcomer"));
  await waitForElement("#queue-acknowledge-open");
  assert.equal(await textOf("#queue-acknowledge-open"), "Copy reply and open LinkedIn profile");
  const before = opened();
  await click("#queue-acknowledge-open");
  await waitForElement("#queue-empty");
  assert.ok(opened().slice(before.length).includes("https://www.linkedin.com/in/mia-newcomer/"), opened());
  assert.equal(kith("stage", "Mia Newcomer").stage, "acknowledged");
});

// The process side: the window closes to the tray, a second launch brings it
// back, and SIGTERM shuts down cleanly.

function appPid() {
  const out = spawnSync("pgrep", ["-n", "-f", `^${binary}`], { encoding: "utf8" }).stdout.trim();
  return Number(out);
}

function alive(pid) {
  return existsSync(`/proc/${pid}`);
}

function webkitChildren(pid) {
  const out = spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).stdout.trim();
  return out
    .split("\n")
    .filter(Boolean)
    .map((child) => {
      try {
        return readFileSync(`/proc/${child}/comm`, "utf8").trim();
      } catch {
        return "";
      }
    })
    .filter((name) => name.startsWith("WebKit"));
}

function kithWindows() {
  const out = spawnSync("xdotool", ["search", "--onlyvisible", "--name", "^Kith$"], { encoding: "utf8" }).stdout.trim();
  return out ? out.split("\n").length : 0;
}


// The tray item each process registered with the panel's watcher
// (tests/e2e/sni-watcher.py logs them), still registered: [bus name, path].
function trayItem(pid) {
  const lines = readFileSync(join(artifacts, "tray.log"), "utf8").split("\n");
  const live = new Map();
  for (const line of lines) {
    const [first, second] = line.split(" ");
    if (first === "gone") live.delete(second);
    else if (second?.startsWith("/")) live.set(first + second, [first, second]);
  }
  return [...live.values()].find(([name]) => name.startsWith(`org.kde.StatusNotifierItem-${pid}-`));
}

function trayMenu(item, ...args) {
  return execFileSync("/usr/bin/python3", [join(process.env.KITH_E2E, "tray-menu.py"), args[0], ...item, ...args.slice(1)], {
    encoding: "utf8",
  });
}

test("without a GPU the window is drawn without WebKit's accelerated compositing", () => {
  const pid = appPid();
  const web = spawnSync("pgrep", ["-P", String(pid), "-x", "WebKitWebProces"], { encoding: "utf8" }).stdout.trim();
  assert.ok(web, "a web process while the window is open");
  // Set by Kith before GTK started, so WebKit's processes inherit it.
  const environ = readFileSync(`/proc/${web.split("\n")[0]}/environ`, "utf8").split("\0");
  const gpu = existsSync("/dev/dri") && readdirSync("/dev/dri").some((name) => name.startsWith("renderD"));
  const set = ["WEBKIT_DISABLE_COMPOSITING_MODE=1", "WEBKIT_DISABLE_DMABUF_RENDERER=1"];
  if (gpu) {
    for (const variable of set) assert.ok(!environ.includes(variable), `left as WebKit chooses with a GPU: ${variable}`);
    assert.doesNotMatch(logText(), /no GPU render node/);
  } else {
    for (const variable of set) assert.ok(environ.includes(variable), `in the web process: ${variable}`);
    assert.match(logText(), /no GPU render node: WebKit draws without accelerated compositing \(WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1\)/);
  }
});

test("closing the window hands Kith to the resident: the tray stays, WebKit and GTK go", async () => {
  // Something overdue for the tray to list.
  const yesterday = new Date(Date.now() - 24 * 3600_000);
  const p = (n) => String(n).padStart(2, "0");
  const due = `${yesterday.getFullYear()}-${p(yesterday.getMonth() + 1)}-${p(yesterday.getDate())} 09:00`;
  kith("follow-up", "Grace Hopper", "--due", due, "--what", "Send the slides");
  const pid = appPid();
  assert.ok(pid > 0 && alive(pid), "the app is running");
  assert.ok(webkitChildren(pid).includes("WebKitWebProces"), "a web process while the window is open");
  await run("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'w', ctrlKey: true, bubbles: true }));").catch(() => {});
  await waitFor("the window to close", () => kithWindows() === 0);
  await waitFor("the resident's tray item", () => logText().includes("resident, no window toolkit") && trayItem(pid), 20_000);
  // The resident is the lean \`kith\` program installed beside the desktop app.
  assert.equal(readFileSync(`/proc/${pid}/comm`, "utf8").trim(), "kith");
  await waitFor("WebKit's processes to exit", () => webkitChildren(pid).length === 0, 20_000);
  assert.ok(alive(pid), "Kith keeps running without its window, as the same process");
  assert.match(logText(), /window closed; Kith keeps running in the tray/);
  // No display toolkit started: GDK's OpenGL probe loads Mesa's driver.
  const maps = readFileSync(`/proc/${pid}/maps`, "utf8");
  assert.ok(!/_dri\.so|libgallium|libLLVM/.test(maps), "no OpenGL driver loaded in the resident");
});

test("the resident's tray lists what is due, and Done there marks it done", async () => {
  const item = trayItem(appPid());
  assert.ok(item, "a tray item");
  const layout = () => JSON.parse(trayMenu(item, "layout"));
  const items = layout();
  const labels = items.map((i) => i.label);
  for (const label of ["Open Kith", "Quick log…", "Pause reminders for 1 hour", "Quit Kith"]) {
    assert.ok(labels.includes(label), `${label} in ${labels}`);
  }
  const done = items.find((i) => i.label === "Done" && i.path[0] === "Grace Hopper — Send the slides");
  assert.ok(done, JSON.stringify(items));
  const id = kith("due").find((f) => f.what === "Send the slides")?.id;
  assert.ok(id, "the follow-up is due");
  trayMenu(item, "click", String(done.id));
  await waitFor("the follow-up to be done", () => !kith("due").some((f) => f.id === id), 15_000);
  await waitFor("the menu to drop it", () => !layout().some((i) => i.path[0]?.includes("Send the slides")), 15_000);
});

test("a second launch hands over to the running Kith, which reopens its window", async () => {
  const pid = appPid();
  const second = spawnSync(binary, [], { encoding: "utf8", timeout: 20_000 });
  assert.equal(second.status, 0, `second launch exits at once: ${second.stderr}`);
  await waitFor("the window to reopen", () => kithWindows() === 1, 20_000);
  assert.equal(appPid(), pid, "still the first process");
  assert.match(logText(), /handing over image=Desktop \{ route: None, hidden: false \}/);
  // The window is mapped before WebKit's web process has named itself.
  await waitFor("the window's web process", () => webkitChildren(pid).includes("WebKitWebProces"), 20_000);
});

test("SIGTERM stops the scheduler and exits cleanly", async () => {
  const pid = appPid();
  process.kill(pid, "SIGTERM");
  await waitFor("Kith to exit", () => !alive(pid), 20_000);
  const log = logText();
  assert.match(log, /SIGTERM received/);
  assert.match(log, /scheduler stopped/);
  assert.match(log, /Kith stopped/);
});

test("a follow-up that fell due while Kith was closed fires once on the next launch", async () => {
  await wd("DELETE", `/session/${session}`).catch(() => {});
  const past = new Date(Date.now() - 5 * 60_000);
  const p = (n) => String(n).padStart(2, "0");
  const local = `${past.getFullYear()}-${p(past.getMonth() + 1)}-${p(past.getDate())} ${p(past.getHours())}:${p(past.getMinutes())}`;
  const created = kith("follow-up", "Grace Hopper", "--due", local, "--what", "Catch up after the conference");
  assert.equal(created.status, "open");
  session = await launch(binary);
  await waitFor("the catch-up Notify call", () => notifications().includes("Catch up after the conference"), 30_000);
  await afterAWholeSchedulerStep();
  assert.equal(notifications().split("Catch up after the conference").length - 1, 1, "exactly once");
  await screenshot("04-after-relaunch");
});

test("Done on the real notification marks the follow-up done", async () => {
  const id = kith("due").find((f) => f.what === "Catch up after the conference")?.id;
  assert.ok(id, "the follow-up is due");
  const pressed = spawnSync("dunstctl", ["context"], { encoding: "utf8", env: { ...process.env, KITH_DUNST_PICK: "Done" } });
  assert.equal(pressed.status, 0, pressed.stderr);
  await waitFor("the follow-up to be done", () => !kith("due").some((f) => f.id === id), 15_000);
  const grace = kith("show", "Grace Hopper");
  assert.equal(grace.followUps.find((f) => f.id === id).status, "done");
});

test("waking from sleep and a time-zone change re-evaluate reminders at once", async () => {
  const signal = (...args) => {
    const sent = spawnSync("dbus-send", [`--bus=${process.env.DBUS_SYSTEM_BUS_ADDRESS}`, "--type=signal", ...args], {
      encoding: "utf8",
    });
    assert.equal(sent.status, 0, sent.stderr);
  };
  await waitFor("the listener", () => logText().includes("listening for resume and time-zone changes"), 15_000);
  // Going to sleep changes nothing; waking up does.
  signal("/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", "boolean:true");
  signal("/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", "boolean:false");
  await waitFor("the resume to be noticed", () => logText().includes("resumed from sleep; re-evaluating reminders"));
  assert.equal(logText().split("resumed from sleep").length - 1, 1, "only the wake-up counts");
  const changes = () => logText().split("time settings changed; re-evaluating reminders").length - 1;
  const before = changes();
  signal("/org/freedesktop/timedate1", "org.freedesktop.DBus.Properties.PropertiesChanged", "string:org.freedesktop.timedate1");
  await waitFor("the zone change to be noticed", () => changes() === before + 1);
});

test("a notification shown before the window closed keeps its buttons: Done pressed once the resident runs marks it done; one settled in the tray closes", async () => {
  kith("add", "Hedy Lamarr");
  const past = new Date(Date.now() - 2 * 60_000);
  const p = (n) => String(n).padStart(2, "0");
  const due = `${past.getFullYear()}-${p(past.getMonth() + 1)}-${p(past.getDate())} ${p(past.getHours())}:${p(past.getMinutes())}`;
  const created = kith("follow-up", "Hedy Lamarr", "--due", due, "--what", "Ask about the patent");
  kith("add", "Lise Meitner");
  const other = kith("follow-up", "Lise Meitner", "--due", due, "--what", "Send the paper");
  // A resume from sleep re-evaluates reminders at once.
  const woken = spawnSync("dbus-send", [`--bus=${process.env.DBUS_SYSTEM_BUS_ADDRESS}`, "--type=signal", "/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", "boolean:false"], { encoding: "utf8" });
  assert.equal(woken.status, 0, woken.stderr);
  await waitFor("their notifications", () => notifications().includes("Follow up with Hedy Lamarr") && notifications().includes("Follow up with Lise Meitner"), 30_000);
  const pid = appPid();
  const residents = () => logText().split("resident, no window toolkit").length;
  const takenOver = () => logText().split("took over a notification").length;
  const before = residents();
  const takenBefore = takenOver();
  await run("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'w', ctrlKey: true, bubbles: true }));").catch(() => {});
  await waitFor("the window to close", () => kithWindows() === 0);
  await waitFor("the resident", () => residents() > before && trayItem(pid), 20_000);
  // The server answers the connection that showed a notification, which
  // ended with the window's image: the resident shows it again in place.
  await waitFor("the notification taken over", () => takenOver() > takenBefore, 20_000);
  assert.equal(notifications().split("Follow up with Hedy Lamarr").length - 1, 2, "shown, then shown again in place by the resident");
  // Done from the resident's tray: that notification's buttons would mean
  // nothing now, so it closes.
  const displayed = () => Number(spawnSync("dunstctl", ["count", "displayed"], { encoding: "utf8" }).stdout.trim());
  const before2 = displayed();
  const item = trayItem(pid);
  const done = JSON.parse(trayMenu(item, "layout")).find((i) => i.label === "Done" && i.path[0] === "Lise Meitner — Send the paper");
  assert.ok(done, "Lise's follow-up in the tray");
  trayMenu(item, "click", String(done.id));
  await waitFor("Lise's follow-up done", () => !kith("due").some((f) => f.id === other.id), 15_000);
  await waitFor("her notification closed", () => logText().includes("closed a notification settled elsewhere"), 15_000);
  await waitFor("one fewer on screen", () => displayed() === before2 - 1, 10_000);
  const pressed = spawnSync("dunstctl", ["context"], { encoding: "utf8", env: { ...process.env, KITH_DUNST_PICK: "Done (Follow up with Hedy Lamarr)" } });
  assert.equal(pressed.status, 0, pressed.stderr);
  await waitFor("the follow-up to be done", () => !kith("due").some((f) => f.id === created.id), 15_000);
  assert.equal(kith("show", "Hedy Lamarr").followUps[0].status, "done");
  assert.equal(appPid(), pid, "the resident did it, as the same process");
});

test("started at login Kith waits in the tray as kith, and as the desktop app without a tray host", async () => {
  await wd("DELETE", `/session/${session}`).catch(() => {});
  session = null;
  const running = appPid();
  if (running && alive(running)) {
    process.kill(running, "SIGTERM");
    await waitFor("the running Kith to exit", () => !alive(running), 20_000);
  }
  const comm = (pid) => readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  const stop = async (child) => {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };

  const atLogin = spawn(binary, ["--hidden"], { stdio: "ignore" });
  await waitFor("the resident's tray item", () => trayItem(atLogin.pid), 20_000);
  assert.equal(comm(atLogin.pid), "kith", "the lean program, started through the desktop entry's command");
  assert.deepEqual(webkitChildren(atLogin.pid), []);
  await stop(atLogin);

  // The panel's tray host goes away: the resident cannot show a tray, so
  // the desktop app (with its own tray) waits instead.
  process.kill(Number(readFileSync(join(artifacts, "tray-watcher.pid"), "utf8")), "SIGTERM");
  const before = logText().split("no tray host for the resident").length;
  const noHost = spawn(binary, ["--hidden"], { stdio: "ignore" });
  await waitFor("the desktop app to take over", () => logText().split("no tray host for the resident").length > before, 20_000);
  await waitFor("the desktop app", () => alive(noHost.pid) && comm(noHost.pid) === "kith-desktop", 20_000);
  await new Promise((r) => setTimeout(r, 1000));
  assert.ok(alive(noHost.pid), "still running, in the tray");
  assert.deepEqual(webkitChildren(noHost.pid), [], "no window was opened");
  await stop(noHost);
});
