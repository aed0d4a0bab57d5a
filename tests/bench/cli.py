#!/usr/bin/env python3
"""How long the command line takes, start to exit: `kith --version` and a
query on an empty database (`kith people`), 50 runs each, for the lean
`kith` and, for comparison, the desktop binary running the same commands.
Writes target/bench/cli.json. Run after a release build:
    npx tauri build --bundles deb && tests/bench/cli.py
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 50
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def timed(command, env):
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
        "min_ms": round(samples[0], 2),
    }


def shared_libraries(binary):
    out = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    return sum(1 for line in out.splitlines() if "=>" in line or line.strip().startswith("/"))


def main():
    figures = {"runs": RUNS}
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"))
        env.pop("KITH_DB", None)
        db = os.path.join(home, "empty.db")
        for name in ["kith", "kith-desktop"]:
            binary = os.path.join(ROOT, "target", "release", name)
            if not os.path.exists(binary):
                sys.exit(f"build first: {binary} is missing")
            subprocess.run([binary, "--db", db, "people"], env=env, stdout=subprocess.DEVNULL, check=True)
            figures[name] = {
                "bytes": os.path.getsize(binary),
                "shared_libraries": shared_libraries(binary),
                "version": timed([binary, "--version"], env),
                "people_on_an_empty_database": timed([binary, "--db", db, "people", "--json"], env),
            }
    out = os.path.join(ROOT, "target", "bench", "cli.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(figures, f, indent=2)
        f.write("\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
