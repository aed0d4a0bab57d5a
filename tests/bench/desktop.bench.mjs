// The desktop benchmark's measurements, run inside tests/e2e/run.sh's
// display and D-Bus session. Writes JSON to $KITH_BENCH_OUT. Timings are
// figures, not pass/fail: the only assertions are that each step happened.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { launch as startSession, wd } from "../e2e/webdriver.mjs";

const binary = process.env.KITH_BINARY;
const idleSeconds = Number(process.env.KITH_BENCH_IDLE_SECONDS ?? 120);
const LAUNCHES = 5;
const PEOPLE = Number(process.env.KITH_BENCH_PEOPLE ?? 30_000);

/** A LinkedIn Connections.csv of `PEOPLE` connections over ten years. */
function connectionsCsv() {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const rows = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"];
  for (let i = 0; i < PEOPLE; i++) {
    const when = new Date(Date.now() - (1 + Math.floor((i * 3650) / PEOPLE)) * 86_400_000);
    const day = `${String(when.getDate()).padStart(2, "0")} ${months[when.getMonth()]} ${when.getFullYear()}`;
    rows.push(`Person${i},Example${i % 997},https://www.linkedin.com/in/person-${i},,Company ${i % 400},Engineer,${day}`);
  }
  return rows.join("\n") + "\n";
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function appPid() {
  return Number(spawnSync("pgrep", ["-n", "-f", `^${binary}`], { encoding: "utf8" }).stdout.trim());
}

/** The pid and all its descendants. */
function tree(pid) {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    const children = spawnSync("pgrep", ["-P", String(all[i])], { encoding: "utf8" }).stdout.trim();
    for (const child of children.split("\n").filter(Boolean)) all.push(Number(child));
  }
  return all.filter((p) => existsSync(`/proc/${p}`));
}

function kib(text, field) {
  const match = text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return match ? Number(match[1]) : 0;
}

/** RSS and PSS of a process tree, in MiB, per process and in total. */
function memory(pid) {
  const processes = tree(pid).map((p) => {
    const name = readFileSync(`/proc/${p}/comm`, "utf8").trim();
    const rss = kib(readFileSync(`/proc/${p}/status`, "utf8"), "VmRSS");
    const pss = kib(readFileSync(`/proc/${p}/smaps_rollup`, "utf8"), "Pss");
    return { name, rssMiB: +(rss / 1024).toFixed(1), pssMiB: +(pss / 1024).toFixed(1) };
  });
  const sum = (key) => +processes.reduce((total, p) => total + p[key], 0).toFixed(1);
  return { processes, totalRssMiB: sum("rssMiB"), totalPssMiB: sum("pssMiB") };
}

/** CPU ticks (utime + stime, all threads) and context switches per thread. */
function activity(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  const switches = new Map();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const status = readFileSync(`/proc/${pid}/task/${task}/status`, "utf8");
      const voluntary = Number(status.match(/^voluntary_ctxt_switches:\s+(\d+)/m)?.[1] ?? 0);
      const forced = Number(status.match(/^nonvoluntary_ctxt_switches:\s+(\d+)/m)?.[1] ?? 0);
      switches.set(task, voluntary + forced);
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return { ticks, switches };
}

/** Context switches between two samples, over the threads alive at the end
 * (a thread that started in between counts from zero; one that ended is
 * not counted, so this is a lower bound). */
function switchesBetween(before, after) {
  let total = 0;
  for (const [task, count] of after.switches) total += count - (before.switches.get(task) ?? 0);
  return total;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function launch() {
  const start = performance.now();
  const sessionId = await startSession(binary);
  for (;;) {
    try {
      await wd("POST", `/session/${sessionId}/element`, { using: "css selector", value: ".nav-item.active" });
      break;
    } catch {
      await sleep(10);
    }
  }
  return { sessionId, ms: Math.round(performance.now() - start) };
}

test("desktop figures", { timeout: (idleSeconds + 300) * 1000 }, async () => {
  // The network the app opens on, imported by its own command line.
  const csv = `${process.env.KITH_ARTIFACTS}/bench-connections.csv`;
  writeFileSync(csv, connectionsCsv());
  const imported = spawnSync(binary, ["import", csv, "--json"], { encoding: "utf8" });
  assert.equal(imported.status, 0, imported.stderr);
  assert.equal(JSON.parse(imported.stdout).new, PEOPLE);

  // Started in the tray, as at login (`--hidden`): no window is ever made.
  // Measured once the start-up quick check of the whole file is over.
  const hidden = spawn(binary, ["--hidden"], { stdio: "ignore" });
  await sleep(15_000);
  const startedInTray = memory(hidden.pid);
  assert.ok(!startedInTray.processes.some((p) => p.name.startsWith("WebKit")), "no web process without a window");
  const exited = new Promise((resolve) => hidden.once("exit", resolve));
  hidden.kill("SIGTERM");
  await exited;

  // The first screen as the X server shows it, without WebDriver's session
  // in between (WebKitWebDriver's start differs with WebKit's drawing mode).
  const painted = spawnSync("/usr/bin/python3", [new URL("first-paint.py", import.meta.url).pathname, binary, String(LAUNCHES)], {
    encoding: "utf8",
  });
  assert.equal(painted.status, 0, painted.stderr);
  const paints = JSON.parse(painted.stdout);

  const launches = [];
  for (let i = 0; i < LAUNCHES; i++) {
    const { sessionId, ms } = await launch();
    launches.push(ms);
    await wd("DELETE", `/session/${sessionId}`);
    await sleep(500);
  }

  const { sessionId } = await launch();
  // Measure with people on screen: the list of everyone.
  await wd("POST", `/session/${sessionId}/execute/sync`, { script: "location.hash = '#/people';", args: [] });
  await sleep(5000);
  const pid = appPid();
  const open = memory(pid);

  await wd("POST", `/session/${sessionId}/execute/sync`, {
    script: "document.dispatchEvent(new KeyboardEvent('keydown', { key: 'w', ctrlKey: true, bubbles: true }));",
    args: [],
  }).catch(() => {});
  await sleep(10_000);
  const closed = memory(pid);
  assert.ok(!closed.processes.some((p) => p.name.startsWith("WebKitWebProces")), "the web process exits with the window");

  const before = activity(pid);
  await sleep(idleSeconds * 1000);
  const after = activity(pid);
  const ticksPerSecond = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
  const idle = {
    seconds: idleSeconds,
    cpuSeconds: (after.ticks - before.ticks) / ticksPerSecond,
    cpuPercent: +((100 * (after.ticks - before.ticks)) / ticksPerSecond / idleSeconds).toFixed(3),
    contextSwitchesPerMinute: +((switchesBetween(before, after) * 60) / idleSeconds).toFixed(1),
    threadsAtEnd: after.switches.size,
  };
  process.kill(pid, "SIGTERM");
  await wd("DELETE", `/session/${sessionId}`).catch(() => {});

  const figures = {
    measuredAt: new Date().toISOString(),
    people: PEOPLE,
    launchToInteractiveMs: { median: median(launches), runs: launches },
    launchToFirstScreenMs: { median: median(paints), runs: paints },
    memoryWindowOpen: open,
    memoryClosedToTray: closed,
    memoryStartedInTray: startedInTray,
    idleInTray: idle,
    releaseBinaryBytes: Number(process.env.KITH_BENCH_BINARY_BYTES ?? 0),
    debBytes: Number(process.env.KITH_BENCH_DEB_BYTES ?? 0),
  };
  writeFileSync(process.env.KITH_BENCH_OUT, JSON.stringify(figures, null, 2) + "\n");
});
