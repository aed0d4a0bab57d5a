#!/usr/bin/env python3
"""The speed check of the test command: catches a 2x regression of Kith's
own on any machine, fast or slow.

Each figure is measured beside a yardstick of its own kind, on the same
machine in the same run, and what is compared with the committed figures is
their ratio:

  figure                          yardstick
  kith --version                  process start of a trivial program (/bin/true)
  a query on an empty database    kith --version: the same program's start, so
  the first page of everyone      what is compared is the work past it (a
                                  trivial program's start moves with the
                                  machine differently from a program that
                                  maps five libraries and opens a database)
  a 30,000-row LinkedIn import    SQLite's own floor for the same work: the rows
                                  Kith's import wrote, inserted with plain
                                  executemany in one transaction into a fresh
                                  database of Kith's schema, same pragmas
  a search (one letter, a name),  SQLite answering a prefix query on the same
  less a search matching nobody   full-text index (Python's sqlite3)
  launch to the first screen      WebKitGTK's bare MiniBrowser showing a page of
  (a small network)               one colour on the same display (window.py)
  the window's memory (PSS)       the same bare browser's memory

Each time is the minimum of at least five samples (a search: sixty), so a
busy moment does not count against Kith. A ratio more than LIMIT times its
committed value fails; a faster machine tightens the limit as much as a
slower one widens it, since both sides of a ratio move with the machine.

    tests/bench/quick.py                  check against tests/bench/quick-figures.json
    tests/bench/quick.py --write          measure and commit these figures instead,
                                          with the machine, date and commit (also
                                          kept as tests/bench/results/quick-DATE-COMMIT.json)
    tests/bench/quick.py --kith DIR       measure the `kith` and `kith-desktop` in DIR
                                          (default target/release)
    tests/bench/quick.py --machine-factor F
                                          every time measured (Kith's and the
                                          yardsticks') multiplied by F, as on a
                                          machine F times as slow; to show the check
                                          holds on one
    tests/bench/quick.py --no-window      leave out the window's figures

The figures of each run are written to target/bench/quick.json.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "tests", "bench")
COMMITTED = os.path.join(HERE, "quick-figures.json")
# A 2x regression is caught with room for the noise of a minimum of samples.
LIMIT = 1.5
SAMPLES = 5
SEARCH_SAMPLES = 60
CLI_SAMPLES = 30
WINDOW_PEOPLE = 200

sys.path.insert(0, HERE)
from import_baseline import connections  # noqa: E402  the import benchmark's file


class Timer:
    """Times commands and code, each time multiplied by the machine factor."""

    def __init__(self, factor, env):
        self.factor = factor
        self.env = env

    def command(self, command, samples):
        times = []
        for _ in range(samples):
            start = time.perf_counter()
            subprocess.run(command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
            times.append((time.perf_counter() - start) * 1000 * self.factor)
        return min(times)

    def code(self, work, samples):
        times = []
        for _ in range(samples):
            start = time.perf_counter()
            work()
            times.append((time.perf_counter() - start) * 1000 * self.factor)
        return min(times)


def floor_import(source_db, schema_db, target):
    """Every row of every table Kith's import wrote in `source_db`, inserted
    with executemany in one transaction into `target`, a fresh copy of the
    empty database `schema_db` (Kith's schema, its triggers left out: the
    floor is plain inserts), with the pragmas Kith's store sets. Returns the
    milliseconds the inserts and commit took."""
    shutil.copy(schema_db, target)
    source = sqlite3.connect(source_db)
    db = sqlite3.connect(target, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON",
                   "cache_size = -32768", "temp_store = MEMORY"):
        db.execute(f"PRAGMA {pragma}")
    for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        db.execute(f'DROP TRIGGER "{trigger}"')
    tables = [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    virtual = {name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")}
    # An FTS5 table's own tables are filled through it.
    shadow = {f"{v}_{suffix}" for v in virtual for suffix in ("data", "idx", "content", "docsize", "config")}
    rows = {}
    for table in tables:
        if table in shadow:
            continue
        columns = [c[1] for c in source.execute(f'PRAGMA table_info("{table}")')]
        if table in virtual:
            columns = ["rowid"] + columns
        names = ", ".join(f'"{c}"' for c in columns)
        found = source.execute(f'SELECT {names} FROM "{table}"').fetchall()
        if found:
            rows[table] = (names, len(columns), found)
    source.close()
    # Kith's own settings rows and the like are there from the schema too.
    for table in rows:
        db.execute(f'DELETE FROM "{table}"')
    start = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    # The tables go in in schema order; their references hold at the commit.
    db.execute("PRAGMA defer_foreign_keys = ON")
    for table, (names, count, found) in rows.items():
        marks = ", ".join("?" * count)
        db.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', found)
    db.execute("COMMIT")
    took = (time.perf_counter() - start) * 1000
    db.close()
    return took


def prefix_query(db_path):
    """SQLite answering one-letter prefixes on Kith's full-text index: every
    match counted, so it reads what a search reads and a little more."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)

    def work():
        for letter in "agmo":
            db.execute(f"SELECT count(*) FROM person_search WHERE person_search MATCH '\"{letter}\"*'").fetchone()
    return work


def measure_cli(kith, timer, home):
    figures = {}
    true = shutil.which("true")
    start = timer.command([true], CLI_SAMPLES)
    empty = os.path.join(home, "empty.db")
    subprocess.run([kith, "--db", empty, "people"], env=timer.env, stdout=subprocess.DEVNULL, check=True)

    version = timer.command([kith, "--version"], CLI_SAMPLES)
    figures["version"] = (version, "process_start", start)
    figures["query_on_an_empty_database"] = (
        timer.command([kith, "--db", empty, "people", "--json"], CLI_SAMPLES), "kith_version", version)

    csv = os.path.join(home, "Connections.csv")
    connections(csv)
    imports, floors = [], []
    for run in range(SAMPLES):
        db = os.path.join(home, f"import-{run}.db")
        imports.append(timer.command([kith, "--db", db, "import", csv], 1))
        # Interleaved, so both see the same moment of the machine.
        floors.append(floor_import(db, empty, os.path.join(home, f"floor-{run}.db")) * timer.factor)
    figures["import_30000_rows"] = (min(imports), "sqlite_floor_import", min(floors))

    db = os.path.join(home, "import-0.db")
    people = lambda *query: [kith, "--db", db, "people", *query, "--json"]  # noqa: E731
    figures["first_page_of_everyone"] = (timer.command(people(), CLI_SAMPLES), "kith_version", version)
    # The searches, the search that matches nobody and the yardstick take
    # turns, so each minimum comes from the same moments of the machine.
    searches = {"search_one_letter": "a", "search_a_name": "grace okafor", "nobody": "qqxzv"}
    best = {name: float("inf") for name in [*searches, "yardstick"]}
    yardstick = prefix_query(db)
    for _ in range(SEARCH_SAMPLES):
        for name, query in searches.items():
            best[name] = min(best[name], timer.command(people(query), 1))
        best["yardstick"] = min(best["yardstick"], timer.code(yardstick, 1))
    for name in ("search_one_letter", "search_a_name"):
        figures[name] = (max(best[name] - best["nobody"], 0.01), "sqlite_prefix_query", best["yardstick"])
    return figures, db


def small_network(kith, env, home):
    """A database of WINDOW_PEOPLE people, imported by the command line."""
    csv = os.path.join(home, "Small.csv")
    with open(csv, "w") as f:
        f.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
        for i in range(WINDOW_PEOPLE):
            f.write(f"Person{i},Small,https://www.linkedin.com/in/small-{i},,Company {i},Role,02 Apr 2021\n")
    db = os.path.join(home, "window.db")
    subprocess.run([kith, "--db", db, "import", csv], env=env, stdout=subprocess.DEVNULL, check=True)
    return db


def measure_window(desktop, kith, timer, home):
    """Launch and memory beside the bare WebKit floor, on a display of its
    own in a private D-Bus session (window.py, on the system Python, which has
    GTK's bindings)."""
    db = small_network(kith, timer.env, home)
    display = 90
    while os.path.exists(f"/tmp/.X11-unix/X{display}") or os.path.exists(f"/tmp/.X{display}-lock"):
        display += 1
    xvfb = subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if os.path.exists(f"/tmp/.X11-unix/X{display}"):
                break
            time.sleep(0.1)
        env = dict(timer.env, DISPLAY=f":{display}", NO_AT_BRIDGE="1")
        out = subprocess.run(["dbus-run-session", "--", "/usr/bin/python3", os.path.join(HERE, "window.py"),
                              desktop, db, str(SAMPLES)],
                             env=env, stdout=subprocess.PIPE, check=True, text=True).stdout
    finally:
        xvfb.terminate()
        xvfb.wait()
    found = json.loads(out.strip().splitlines()[-1])
    f = timer.factor
    return {
        "launch_to_first_screen": (min(found["launch_ms"]) * f, "bare_webkit_launch",
                                   min(found["floor_launch_ms"]) * f),
        # Memory is not time: the machine factor leaves it alone.
        "window_memory_pss": (min(found["memory_mib"]), "bare_webkit_memory_pss",
                              min(found["floor_memory_mib"])),
    }


def commit_of_head():
    try:
        return subprocess.run(["git", "-C", ROOT, "rev-parse", "--short=12", "HEAD"], check=True,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), {mem_kib // 1024 // 1024} GiB"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--kith", default=os.path.join(ROOT, "target", "release"))
    parser.add_argument("--machine-factor", type=float, default=1.0)
    parser.add_argument("--no-window", action="store_true")
    args = parser.parse_args()
    kith = os.path.join(args.kith, "kith")
    desktop = os.path.join(args.kith, "kith-desktop")
    for program in (kith, desktop):
        if not os.access(program, os.X_OK):
            sys.exit(f"build first: {program} is missing")

    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"),
                   XDG_CONFIG_HOME=os.path.join(home, "config"), XDG_CACHE_HOME=os.path.join(home, "cache"))
        env.pop("KITH_DB", None)
        timer = Timer(args.machine_factor, env)
        measured, _ = measure_cli(kith, timer, home)
        if not args.no_window:
            measured.update(measure_window(desktop, kith, timer, home))

    figures = {
        name: {"value": round(value, 3), "yardstick": yardstick, "yardstick_value": round(floor, 3),
               "ratio": round(value / floor, 4)}
        for name, (value, yardstick, floor) in measured.items()
    }
    record = {
        "machine": machine(),
        "date": datetime.date.today().isoformat(),
        "commit": commit_of_head(),
        "command": " ".join(["tests/bench/quick.py"] + sys.argv[1:]),
        "figures": figures,
    }
    out = os.path.join(ROOT, "target", "bench", "quick.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(record, f, indent=2)
    if args.write:
        # The figures the check compares with, and the run's raw record kept
        # beside the others (tests/bench/results/), named by date and commit.
        results = os.path.join(HERE, "results", f"quick-{record['date']}-{record['commit']}.json")
        os.makedirs(os.path.dirname(results), exist_ok=True)
        for path in (COMMITTED, results):
            with open(path, "w") as f:
                json.dump(record, f, indent=2)
                f.write("\n")
        print(json.dumps(record, indent=2))
        return

    with open(COMMITTED) as f:
        committed = json.load(f)
    print(f"committed on {committed['date']} at {committed['commit']} ({committed['machine']}); "
          f"a ratio over {LIMIT}x its committed value fails")
    slower = []
    for name, then in committed["figures"].items():
        now = figures.get(name)
        if now is None:
            if args.no_window and name in ("launch_to_first_screen", "window_memory_pss"):
                continue
            sys.exit(f"{name} is committed but was not measured")
        change = now["ratio"] / then["ratio"]
        print(f"{name:28} {now['value']:9.2f} / {now['yardstick']} {now['yardstick_value']:9.2f}"
              f" = {now['ratio']:8.3f}  (committed {then['ratio']:8.3f}: {change:5.2f}x)")
        if change > LIMIT:
            slower.append(f"{name}: {now['ratio']:.3f} of its yardstick, {change:.2f}x the committed "
                          f"{then['ratio']:.3f}")
    if slower:
        sys.exit("slower than the committed figures, beside their yardsticks:\n  " + "\n  ".join(slower))
    print("speed: every figure within its limit")


if __name__ == "__main__":
    main()
