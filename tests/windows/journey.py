#!/usr/bin/env python3
"""A short journey of `kith.exe` under Wine, as a Windows user makes it.

    tests/windows/journey.py KITH_EXE

In a throwaway Wine prefix: a database made in %APPDATA% (no --db), a
LinkedIn export and a vCard with CRLF line endings and a Windows-1252 name
imported, a search by that name, a follow-up at a local time in the zone
Windows reports, a JSON export, a backup, a restore refused while a second
kith.exe has the file open and done once it is closed, and `kith check`.
Every step's result is checked; the first that is wrong ends the journey
with its output.
"""

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import WINE, WINESERVER, prefix

ROOT = Path(__file__).resolve().parents[2]
LINKEDIN = ROOT / "src-tauri/exchange/tests/fixtures/linkedin/Connections.csv"
NAME = "Zoë Müller-Lüdenscheidt"
VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\n"
         f"FN:{NAME}\r\nN:Müller-Lüdenscheidt;Zoë;;;\r\n"
         "EMAIL;TYPE=INTERNET:zoe@example.org\r\nORG:Café Größe\r\n"
         "END:VCARD\r\n").encode("cp1252")


class Journey:
    def __init__(self, exe: str, env: dict, drive_c: Path):
        self.exe = exe
        self.env = {k: v for k, v in env.items() if k not in ("KITH_DB", "TZ")}
        self.drive_c = drive_c
        self.files = drive_c / "journey"
        self.files.mkdir()

    def run(self, *args: str, code: int = 0) -> subprocess.CompletedProcess:
        out = subprocess.run([WINE, self.exe, *args], env=self.env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=300)
        if out.returncode != code:
            fail(f"kith {' '.join(args)} exited {out.returncode}, not {code}",
                 out.stdout.decode("utf-8", "replace") + out.stderr.decode("utf-8", "replace"))
        return out

    def json(self, *args: str):
        return json.loads(self.run(*args, "--json").stdout.decode("utf-8"))

    def put(self, name: str, data: bytes) -> str:
        """A file in C:\\journey; its Windows path."""
        (self.files / name).write_bytes(data)
        return f"C:\\journey\\{name}"

    def people(self) -> int:
        return self.json("people")["total"]


def fail(what: str, output: str = "") -> None:
    print(f"windows journey: {what}\n{output}", file=sys.stderr)
    sys.exit(1)


def step(what: str) -> None:
    print(f"  {what}", flush=True)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    exe = str(Path(sys.argv[1]).resolve())
    with tempfile.TemporaryDirectory(prefix="kith-wine-journey-") as work:
        env = prefix(Path(work))
        try:
            journey(Journey(exe, env, Path(work) / "prefix" / "drive_c"))
        finally:
            subprocess.run([WINESERVER, "-k"], env=env)
    print("windows journey: every step as expected")
    return 0


def journey(j: Journey) -> None:
    step("a first person, with no --db: the database is made in %APPDATA%")
    j.run("add", "Ada Lovelace")
    made = [p for p in (j.drive_c / "users").rglob("kith.db")]
    if len(made) != 1 or "AppData/Roaming" not in made[0].as_posix():
        fail(f"the database is not in %APPDATA%: {made}")

    step("a LinkedIn export and a Windows-1252 vCard, both with CRLF endings")
    csv = LINKEDIN.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    report = j.json("import", j.put("Connections.csv", csv))
    if report.get("new", 0) < 3:
        fail("the LinkedIn export made too few people", json.dumps(report))
    report = j.json("import", j.put("zoe.vcf", VCARD))
    if report.get("new") != 1:
        fail("the vCard did not make one person", json.dumps(report))

    step("a search by the accented name finds it, spelt as written")
    found = j.json("people", "Zoë")["people"]
    if [p["displayName"] for p in found] != [NAME]:
        fail("the search by name", json.dumps(found, ensure_ascii=False))
    if found[0].get("company") != "Café Größe":
        fail("the company's accents", json.dumps(found, ensure_ascii=False))

    step("a follow-up at a local time, in the zone Windows keeps (Berlin's)")
    # Wine gives Windows the zone of the TZ it runs with; the batch file
    # takes TZ out of the program's own environment, so Kith asks Windows.
    windows_exe = "Z:" + j.exe.replace("/", "\\")
    j.put("zone.bat", (f'@set TZ=\r\n@"{windows_exe}" follow-up {found[0]["id"]} '
                       '--what "send the deck" --due "2027-01-05 10:00" --json\r\n').encode())
    out = subprocess.run([WINE, "cmd", "/c", "C:\\journey\\zone.bat"],
                         env={**j.env, "TZ": "Europe/Berlin"}, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=300)
    try:
        follow_up = json.loads(out.stdout.decode("utf-8"))
    except ValueError:
        fail("the follow-up was not made", out.stdout.decode() + out.stderr.decode())
    if follow_up["dueAt"] != "2027-01-05T09:00:00Z":
        fail("10:00 in Berlin in January is 09:00 UTC", json.dumps(follow_up))

    step("a JSON export holds both")
    j.run("export", "json", "--out", "C:\\journey\\all.json")
    exported = json.loads((j.files / "all.json").read_text(encoding="utf-8"))
    text = json.dumps(exported, ensure_ascii=False)
    if NAME not in text or "send the deck" not in text:
        fail("the export lacks the vCard's person or the follow-up")

    step("a backup, then one more person")
    backup = j.json("backup", "now")["id"]
    j.run("add", "Grace Hopper")
    before = j.people()

    step("a restore while a second kith.exe has the file open: refused, nothing lost")
    holder = subprocess.Popen([WINE, j.exe, "mail", "add", "--host", "127.0.0.1", "--user",
                               "ada", "--password-stdin"], env=j.env, stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        shm = Path(str(made[0]) + "-shm")
        waited = time.monotonic()
        while not shm.exists() and time.monotonic() - waited < 60:
            time.sleep(0.05)
        if not shm.exists():
            fail("the second kith.exe never opened the database")
        refused = j.run("backup", "restore", backup, "--yes", code=1)
        message = refused.stderr.decode("utf-8", "replace")
        if "open in another program" not in message:
            fail("the refusal does not say why", message)
    finally:
        holder.kill()
        holder.wait()
    if j.people() != before:
        fail("the refused restore changed the database")
    kept = [p.name for p in made[0].parent.iterdir() if ".replaced-" in p.name]
    if kept:
        fail(f"the refused restore left files: {kept}")

    step("closed, the same restore goes ahead")
    restored = j.json("backup", "restore", backup, "--yes")
    if j.people() != before - 1 or restored["people"] != before - 1:
        fail("the restore did not bring the backup back", json.dumps(restored))

    step("kith check")
    j.run("check")


if __name__ == "__main__":
    sys.exit(main())
