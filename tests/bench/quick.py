#!/usr/bin/env python3
"""A quick regression check of speed, run by the test command after the
release build: the release `kith` starting (`--version`), a query on an
empty database, a 30,000-row LinkedIn import (the file of the import
benchmark), a one-letter search and a name search in what it imported, and
a page of everyone. Each figure is the median of several runs, written to
target/bench/quick.json and compared with the committed figures in
tests/bench/quick-figures.json: more than twice a committed figure fails.

Machines differ, and the same machine differs from day to day: the check
also times a yardstick, the bare Python + sqlite3 import of the same file
(tests/bench/import_baseline.py), interleaved with Kith's imports. When the
yardstick runs slower here than it did where the figures were committed,
the limit grows by the same factor (it never shrinks below 2x on a faster
machine), so a slow machine does not fail the check and a 2x regression of
Kith's own still does.

    tests/bench/quick.py            check against the committed figures
    tests/bench/quick.py --write    measure and commit these figures instead
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COMMITTED = os.path.join(ROOT, "tests", "bench", "quick-figures.json")
LIMIT = 2.0
# Not Kith's: how fast this machine runs the bare import (see above).
YARDSTICK = "yardstick_bare_import_ms"

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from import_baseline import connections, run as bare_import  # noqa: E402  the import benchmark's file


def median_ms(command, env, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 2)


def measure(kith):
    figures = {}
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"),
                   XDG_CONFIG_HOME=os.path.join(home, "config"))
        env.pop("KITH_DB", None)
        empty = os.path.join(home, "empty.db")
        subprocess.run([kith, "--db", empty, "people"], env=env, stdout=subprocess.DEVNULL, check=True)
        figures["version_ms"] = median_ms([kith, "--version"], env, 30)
        figures["query_on_an_empty_database_ms"] = median_ms([kith, "--db", empty, "people", "--json"], env, 30)

        csv = os.path.join(home, "Connections.csv")
        connections(csv)
        imports, yardstick = [], []
        for run in range(3):
            db = os.path.join(home, f"import-{run}.db")
            imports.append(median_ms([kith, "--db", db, "import", csv], env, 1))
            yardstick.append(bare_import(csv, os.path.join(home, f"bare-{run}.db")) * 1000)
        figures["import_30000_rows_ms"] = round(statistics.median(imports), 2)
        figures[YARDSTICK] = round(statistics.median(yardstick), 2)
        db = os.path.join(home, "import-0.db")
        figures["search_one_letter_ms"] = median_ms([kith, "--db", db, "people", "a", "--json"], env, 20)
        figures["search_a_name_ms"] = median_ms([kith, "--db", db, "people", "grace okafor", "--json"], env, 20)
        figures["first_page_of_everyone_ms"] = median_ms([kith, "--db", db, "people", "--json"], env, 20)
    return figures


def main():
    kith = os.path.join(ROOT, "target", "release", "kith")
    if not os.path.exists(kith):
        sys.exit(f"build first: {kith} is missing")
    figures = measure(kith)
    out = os.path.join(ROOT, "target", "bench", "quick.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(figures, f, indent=2)
    if "--write" in sys.argv:
        with open(COMMITTED, "w") as f:
            json.dump(figures, f, indent=2)
            f.write("\n")
        print(json.dumps(figures, indent=2))
        return
    with open(COMMITTED) as f:
        committed = json.load(f)
    machine = figures[YARDSTICK] / committed[YARDSTICK]
    limit = LIMIT * max(1.0, machine)
    print(f"{YARDSTICK:32} {figures[YARDSTICK]:10.2f}  (committed {committed[YARDSTICK]:.2f}: "
          f"this machine runs it {machine:.2f}x as long; the limit is {limit:.2f}x)")
    slower = []
    for name, then in committed.items():
        if name == YARDSTICK:
            continue
        now = figures[name]
        ratio = now / then
        print(f"{name:32} {now:10.2f}  (committed {then:.2f}, {ratio:.2f}x)")
        if ratio > limit:
            slower.append(f"{name}: {now:.2f} ms, more than {limit:.2f}x the committed {then:.2f} ms")
    if slower:
        sys.exit("slower than the committed figures:\n  " + "\n  ".join(slower))


if __name__ == "__main__":
    main()
