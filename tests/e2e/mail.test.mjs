// Mail in the real window: a real Dovecot on loopback with a Sent folder
// and an archive. The account is added in Settings → Mail, its progress and
// status show, the touches its mail gives appear on a person's timeline
// (who wrote, the conversation's size), and someone written with both ways
// is suggested and added from the list. Run by tests/e2e/run.sh.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chownSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import { kith, launch, page, waitFor, wd } from "./webdriver.mjs";

const binary = process.env.KITH_BINARY;
const USER = "ada";
const PASSWORD = "correct horse";
const ME = "ada@home.example";
const work = join(process.env.KITH_ARTIFACTS, "dovecot");

let session;
let port;
let conf;
const { click, textOf, run, runAsync, type, screenshot: capture, waitForElement } = page(() => session);

async function screenshot(name, show = "#mail") {
  await run("document.querySelector('.toasts')?.replaceChildren();");
  await run(`document.querySelector(${JSON.stringify(show)})?.scrollIntoView({ block: "center" });`);
  await runAsync("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
  await capture(name);
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const root = process.getuid() === 0;
const owner = root ? { uid: 65534, gid: 65534 } : { uid: process.getuid(), gid: process.getgid() };
let delivered = 0;

function maildir(folder) {
  const base = join(work, "home", USER, "Maildir");
  return folder === "INBOX" ? base : join(base, `.${folder}`);
}

/** A message (header and body) into a folder, as a mail server delivers it. */
function deliver(folder, { id, date, from, to, subject, extra = "" }) {
  delivered += 1;
  const path = join(maildir(folder), "new", `1700000000.M${delivered}P1.kith-e2e`);
  const text = `Message-ID: <${id}>\nDate: ${date}\nFrom: ${from}\nTo: ${to}\nSubject: ${subject}\n${extra}MIME-Version: 1.0\nContent-Type: text/plain\n\nThe body, which Kith never asks for.\n`;
  writeFileSync(path, text.replace(/\n/g, "\r\n"));
  chownSync(path, owner.uid, owner.gid);
}

function chownAll(path) {
  execFileSync("chown", ["-R", `${owner.uid}:${owner.gid}`, path]);
}

before(async () => {
  port = await freePort();
  for (const sub of ["run", "state", "rawlog", "home"]) mkdirSync(join(work, sub), { recursive: true });
  for (const folder of ["INBOX", "Sent", "Archive"]) {
    for (const sub of ["cur", "new", "tmp"]) mkdirSync(join(maildir(folder), sub), { recursive: true });
  }
  writeFileSync(join(work, "passwd"), `${USER}:{PLAIN}${PASSWORD}::::::\n`);
  const id = (flag) => execFileSync("id", [flag, "-n"], { encoding: "utf8" }).trim();
  const [internal, login, group] = root ? ["dovecot", "dovenull", "dovecot"] : [id("-u"), id("-u"), id("-g")];
  conf = join(work, "dovecot.conf");
  writeFileSync(
    conf,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${work}/run
state_dir = ${work}/state
log_path = ${work}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = ${owner.uid}
first_valid_gid = ${owner.gid}
default_internal_user = ${internal}
default_internal_group = ${group}
default_login_user = ${login}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${work}/passwd
}
userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${work}/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
service anvil {
  chroot =
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    auto = create
    special_use = \\Sent
  }
  mailbox Archive {
    auto = create
    special_use = \\All
  }
}
protocol imap {
  rawlog_dir = ${work}/rawlog
}
`,
  );
  // Maya: a conversation over two days. Kai (not in Kith): written to and
  // heard from. A newsletter that is not a touch.
  const maya = "Maya Lund <maya@lund.example>";
  const kai = "Kai Berg <kai@berg.example>";
  deliver("Sent", { id: "s1@home", date: "Mon, 02 Mar 2026 09:00:00 +0100", from: ME, to: maya, subject: "Lunch on Friday?" });
  deliver("Archive", { id: "m1@lund", date: "Mon, 02 Mar 2026 11:00:00 +0100", from: maya, to: ME, subject: "Re: Lunch on Friday?", extra: "References: <s1@home>\n" });
  deliver("Sent", { id: "s2@home", date: "Tue, 03 Mar 2026 10:00:00 +0100", from: ME, to: maya, subject: "Re: Lunch on Friday?", extra: "References: <s1@home> <m1@lund>\n" });
  deliver("Sent", { id: "s3@home", date: "Wed, 04 Mar 2026 09:00:00 +0100", from: ME, to: kai, subject: "The draft" });
  deliver("Archive", { id: "k1@berg", date: "Wed, 04 Mar 2026 12:00:00 +0100", from: kai, to: ME, subject: "Re: The draft", extra: "In-Reply-To: <s3@home>\n" });
  deliver("Archive", { id: "n1@shop", date: "Wed, 04 Mar 2026 13:00:00 +0100", from: "Shop <hi@shop.example>", to: ME, subject: "Sale", extra: "List-Unsubscribe: <mailto:u@shop.example>\n" });
  chownAll(join(work, "home"));
  chownAll(join(work, "rawlog"));
  // Dovecot goes into the background holding its output: nothing to capture.
  execFileSync("dovecot", ["-c", conf], { stdio: "ignore" });
  await waitFor(
    "Dovecot",
    () =>
      new Promise((resolve) => {
        const socket = connect(port, "127.0.0.1", () => {
          socket.end();
          resolve(true);
        });
        socket.on("error", () => resolve(false));
      }),
  );
  kith("add", "Maya Lund", "--email", "maya@lund.example");
  session = await launch(binary);
});

after(async () => {
  if (session) {
    await capture("mail-last").catch(() => {});
    await wd("DELETE", `/session/${session}`).catch(() => {});
  }
  try {
    execFileSync("doveadm", ["-c", conf, "stop"]);
  } catch {
    // Already gone.
  }
});

test("a mail account is added in Settings and read, headers only", async () => {
  await waitForElement("section.view");
  await run("location.hash = '#/settings';");
  await waitForElement("#mail-form");
  assert.match(await textOf("#mail-status"), /No mail account/);
  await type("#mail-user", USER);
  await type("#mail-host", "127.0.0.1");
  await type("#mail-port", String(port));
  await type("#mail-password", PASSWORD);
  await run("const s = document.querySelector('#mail-scope'); s.value = 'all'; s.dispatchEvent(new Event('change'));");
  await type("#mail-me", ME);
  await screenshot("mail-01-set-up");
  await click("#mail-set-up");
  await waitFor("the first read", async () => /Last read/.test(await textOf("#mail-status").catch(() => "")), 30_000);
  // Five messages are touches' (the newsletter is not recorded); two
  // touches are Maya's, Kai's wait until he is added.
  assert.match(await textOf("#mail-status"), /5 messages, 2 touches/);
  assert.match(await textOf("#mail"), /Sent\s*3 of 3 messages read/);
  assert.match(await textOf("#mail-account"), /ada @ 127\.0\.0\.1/);
  await screenshot("mail-02-read");
  // Nothing but headers was asked for.
  const asked = readdirSync(join(work, "rawlog"))
    .filter((f) => f.endsWith(".in"))
    .map((f) => readFileSync(join(work, "rawlog", f), "utf8"))
    .join("")
    .toUpperCase();
  assert.match(asked, /BODY\.PEEK\[HEADER\.FIELDS/);
  for (const never of ["BODY[]", "BODY[TEXT]", "BODY.PEEK[]", "RFC822"]) assert.ok(!asked.includes(never), never);
});

test("the touches mail gave are on the person's timeline", async () => {
  const maya = kith("people", "Maya").people[0];
  await run(`location.hash = '#/person/${maya.id}';`);
  await waitForElement("section.view.person:not([aria-busy])");
  await waitFor("her e-mail touches", async () => (await run("return document.querySelectorAll('#timeline .touch-email').length;")) === 2);
  const touches = await run("return [...document.querySelectorAll('#timeline .touch-email')].map((t) => t.textContent);");
  assert.match(touches[0], /you wrote · 3 messages in the conversation/);
  assert.match(touches[1], /you both wrote · 3 messages in the conversation/);
  assert.match(touches[1], /Re: Lunch on Friday\?/);
  await screenshot("mail-03-timeline", "#timeline");
});

test("someone written with both ways is suggested and added from the list", async () => {
  await run("location.hash = '#/settings';");
  await waitForElement("#mail-suggestions");
  const row = "#mail-suggestions li[data-address='kai@berg.example']";
  assert.match(await textOf(row), /Kai Berg/);
  assert.match(await textOf(row), /you wrote 1, they wrote 1/);
  await screenshot("mail-04-suggested", "#mail-suggestions");
  await click(`${row} button.button.small`);
  await waitFor("Kai added", async () => kith("people", "Kai").total === 1);
  const kai = kith("people", "Kai").people[0];
  assert.equal(kai.displayName, "Kai Berg");
  // Written to and answered the same day: one touch, both ways.
  const shown = kith("show", String(kai.id));
  const touches = shown.touches.filter((t) => t.kind === "email");
  assert.deepEqual(touches.map((t) => t.direction), ["mutual"]);
  await waitFor("the list empties", async () => (await run("return document.querySelector('#mail-suggestions');")) === null);
});

test("Read now reads the mail that arrived since", async () => {
  deliver("Sent", { id: "s4@home", date: "Thu, 05 Mar 2026 09:00:00 +0100", from: ME, to: "Maya Lund <maya@lund.example>", subject: "Thanks for lunch" });
  chownAll(maildir("Sent"));
  await click("#mail-read-now");
  await waitFor("the new message", async () => /6 messages/.test(await textOf("#mail-status").catch(() => "")), 30_000);
  const maya = kith("people", "Maya").people[0];
  const shown = kith("show", String(maya.id));
  assert.equal(shown.touches.filter((t) => t.kind === "email").length, 3);
});

test("the lists of mail that is never a touch are edited in Settings", async () => {
  await run("location.hash = '#/settings';");
  await waitForElement("#mail-filters");
  await run("document.querySelector('#mail-filters').open = true;");
  const roles = await run("return document.querySelector('#mail-filter-roles').value;");
  assert.match(roles, /^noreply$/m, "the defaults are listed");
  await run("document.querySelector('#mail-filter-blocked').value = '@Spam.Example\\nboss@work.example';");
  await click("#mail-filter-blocked-save");
  await waitFor("the list saved", async () => {
    const filters = await runAsync(`const done = arguments[0];
      window.__TAURI_INTERNALS__.invoke("get_mail_filters").then(done);`);
    // Kept lower-cased, without a domain's "@", in order.
    return [...filters.blocked].sort().join(",") === "boss@work.example,spam.example";
  });
  assert.equal(await run("return document.querySelector('#mail-filters').open;"), true, "it stays open");
  await screenshot("mail-05-filters", "#mail-filters");
});
