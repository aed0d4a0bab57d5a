// What encryption at rest costs a user at launch: the window opened to
// today's plan on a 10,000-person database, five launches plain, then the
// same database encrypted (its key in the session's GNOME Keyring) and
// five launches more. Run inside tests/e2e/run.sh's display and D-Bus
// session by tests/bench/encryption.sh; writes JSON to $KITH_BENCH_OUT.
// Timings are figures, not pass/fail.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch as startSession, wd } from "../e2e/webdriver.mjs";

const binary = process.env.KITH_BINARY;
const PEOPLE = 10_000;
const LAUNCHES = 5;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function kith(...args) {
  return execFileSync(binary, args, { encoding: "utf8" });
}

/** A LinkedIn Connections.csv with `n` people. */
function connections(n) {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const rows = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"];
  for (let i = 0; i < n; i++) {
    const day = String((i % 28) + 1).padStart(2, "0");
    rows.push(`Person${i},Bench${i},https://www.linkedin.com/in/bench-${i},p${i}@example.org,Company ${i % 500},Engineer,${day} ${months[i % 12]} 2025`);
  }
  return `${rows.join("\n")}\n`;
}

async function launchToPlan() {
  const start = performance.now();
  const sessionId = await startSession(binary);
  // Today's plan is drawn once its data has come from the database.
  for (const end = Date.now() + 30_000; ; ) {
    try {
      await wd("POST", `/session/${sessionId}/element`, { using: "css selector", value: "#plan-title" });
      break;
    } catch (error) {
      if (Date.now() > end) throw new Error(`today's plan was not shown: ${error.message}`);
      await sleep(10);
    }
  }
  const ms = Math.round(performance.now() - start);
  await wd("DELETE", `/session/${sessionId}`);
  await sleep(500);
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

test("launch to today's plan, plain and encrypted", { timeout: 600_000 }, async () => {
  const csv = join(process.env.KITH_ARTIFACTS, "Connections.csv");
  writeFileSync(csv, connections(PEOPLE));
  kith("import", csv);
  const plain = [];
  for (let i = 0; i < LAUNCHES; i++) plain.push(await launchToPlan());

  const enabled = JSON.parse(kith("encryption", "enable", "--json"));
  assert.equal(enabled.encrypted, true);
  const encrypted = [];
  for (let i = 0; i < LAUNCHES; i++) encrypted.push(await launchToPlan());

  const figures = {
    measuredAt: new Date().toISOString(),
    people: PEOPLE,
    launchToPlanMs: {
      plain: { median: median(plain), runs: plain },
      encrypted: { median: median(encrypted), runs: encrypted },
    },
    encryptedOverPlain: +(median(encrypted) / median(plain)).toFixed(3),
  };
  writeFileSync(process.env.KITH_BENCH_OUT, `${JSON.stringify(figures, null, 2)}\n`);
});
