// A minimal W3C WebDriver client over fetch, for tauri-driver on
// $WEBDRIVER_PORT (default 4444). Shared by the journey and the desktop
// benchmark.

import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import zlib from "node:zlib";

const port = process.env.WEBDRIVER_PORT ?? "4444";

/** The key under which WebDriver returns an element reference. */
export const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/**
 * How long one WebDriver command may take before the step fails with its
 * name, instead of hanging the run: starting a session launches the app.
 */
const COMMAND_TIMEOUT_MS = 60_000;
const SESSION_TIMEOUT_MS = 120_000;

/** Sends one WebDriver command and returns its `value`, or throws. */
export async function wd(method, path, body) {
  const timeout = method === "POST" && path === "/session" ? SESSION_TIMEOUT_MS : COMMAND_TIMEOUT_MS;
  let response;
  let json;
  try {
    response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeout),
    });
    json = await response.json();
  } catch (error) {
    if (error.name === "TimeoutError") throw new Error(`${method} ${path}: no answer within ${timeout / 1000} s`);
    throw error;
  }
  if (!response.ok || json.value?.error) {
    throw new Error(`${method} ${path}: ${json.value?.error ?? response.status} ${json.value?.message ?? ""}`);
  }
  return json.value;
}

/** Starts the app under test in a new session. */
export async function launch(application) {
  const { sessionId } = await wd("POST", "/session", {
    capabilities: { alwaysMatch: { "tauri:options": { application } } },
  });
  return sessionId;
}

/** Polls `probe` until it returns something truthy. */
export async function waitFor(what, probe, timeout = 15_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
}

/** The Notify calls the session's dbus-monitor captured (tests/e2e/run.sh). */
export function notifications() {
  try {
    return readFileSync(join(process.env.KITH_ARTIFACTS, "notify.log"), "utf8");
  } catch {
    return "";
  }
}

/** Everything the app under test has logged. */
export function logText() {
  const dir = join(process.env.XDG_DATA_HOME, "app.kith.desktop", "logs");
  try {
    return readdirSync(dir)
      .map((file) => readFileSync(join(dir, file), "utf8"))
      .join("\n");
  } catch {
    return "";
  }
}

/**
 * Returns once the scheduler has run a whole step that began after this
 * call: what it showed before then, it would show again in that step if it
 * were going to. A time-settings change on the test's system bus makes it
 * step at once (as a resume does), and run.sh's RUST_LOG has it log each
 * step it finishes. Two changes, each waited for: the first step to finish
 * may have begun before this call, but then the change it missed is still
 * queued and the next step begins at once, after it.
 */
export async function afterAWholeSchedulerStep() {
  const steps = () => logText().split("scheduler step done").length - 1;
  await waitFor("the time-change listener", () => logText().includes("listening for resume and time-zone changes"));
  for (let change = 0; change < 2; change++) {
    const before = steps();
    const sent = spawnSync(
      "dbus-send",
      [
        `--bus=${process.env.DBUS_SYSTEM_BUS_ADDRESS}`,
        "--type=signal",
        "/org/freedesktop/timedate1",
        "org.freedesktop.DBus.Properties.PropertiesChanged",
        "string:org.freedesktop.timedate1",
      ],
      { encoding: "utf8" },
    );
    if (sent.status !== 0) throw new Error(`dbus-send: ${sent.stderr}`);
    await waitFor("a scheduler step after a time-settings change", () => steps() > before, 20_000);
  }
}

/** Runs the `kith` command line on the test's database and parses its JSON. */
export function kith(...args) {
  return JSON.parse(execFileSync(process.env.KITH_BINARY, [...args, "--json"], { encoding: "utf8" }));
}

/** Element helpers bound to the session `current()` returns. */
export function page(current) {
  const s = (path) => `/session/${current()}${path}`;
  const find = async (css) => (await wd("POST", s("/element"), { using: "css selector", value: css }))[ELEMENT];
  const findAll = async (css) => (await wd("POST", s("/elements"), { using: "css selector", value: css })).map((e) => e[ELEMENT]);
  const waitForElement = (css, timeout) => waitFor(css, () => find(css), timeout);
  const run = (script, args = []) => wd("POST", s("/execute/sync"), { script, args });
  const runAsync = (script, args = []) => wd("POST", s("/execute/async"), { script, args });
  const textOf = async (css) => wd("GET", s(`/element/${await waitForElement(css)}/text`));
  // Taken from the X server, cut to the session's window: WebKitWebDriver's
  // own screenshot command never answers when WebKit draws without
  // accelerated compositing, as Kith has it draw without a GPU
  // (src-tauri/src/rendering.rs).
  const screenshot = async (name) => {
    const { x, y, width, height } = await wd("GET", s("/window/rect"));
    // GTK puts a painted frame on screen at its next frame-clock tick.
    await new Promise((r) => setTimeout(r, 200));
    const file = join(process.env.KITH_ARTIFACTS, `${name}.png`);
    execFileSync("import", ["-silent", "-window", "root", "-crop", `${width}x${height}+${x}+${y}`, "+repage", file]);
  };
  return {
    s,
    find,
    findAll,
    waitForElement,
    // Views re-render when data changes; an element found a moment ago may
    // have been replaced, so a click retries with a fresh lookup.
    click: (css) =>
      waitFor(`a click on ${css}`, async () => {
        await wd("POST", s(`/element/${await find(css)}/click`), {});
        return true;
      }),
    type: async (css, text) => wd("POST", s(`/element/${await waitForElement(css)}/value`), { text }),
    textOf,
    run,
    runAsync,
    screenshot,
    /** A screenshot for people to look at: without the passing toasts, painted. */
    cleanScreenshot: async (name) => {
      await run("document.querySelector('.toasts')?.replaceChildren();");
      await runAsync("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
      await screenshot(name);
    },
    /** Opens a person's page (found by the command line) and waits for it. */
    openPerson: async (name) => {
      const id = kith("show", name).person.id;
      await run(`location.hash = '#/person/${id}';`);
      await waitFor(`${name}'s page`, async () => (await textOf("#person-name")).startsWith(name));
      return id;
    },
  };
}

/** A PNG of a face-like shape on `rgb`, written with Node's zlib. */
export function facePng(path, [r, g, b]) {
  const size = 240;
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const head = (x - 120) ** 2 + (y - 95) ** 2 < 55 ** 2;
      const body = (x - 120) ** 2 + (y - 250) ** 2 < 100 ** 2;
      const light = head || body;
      const at = y * (size * 3 + 1) + 1 + x * 3;
      raw[at] = light ? 245 : r;
      raw[at + 1] = light ? 235 : g;
      raw[at + 2] = light ? 225 : b;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 2;
  writeFileSync(path, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]));
}
