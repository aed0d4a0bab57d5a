#!/usr/bin/env bash
# Launch to the first screen at 30,000 people beside WebKit's floor: a
# LinkedIn export of 30,000 connections imported with the release `kith`,
# then tests/bench/window.py launching the release `kith-desktop` on it and
# WebKitGTK's bare MiniBrowser on a one-colour page, taking turns, nine
# times each, on a display of its own in a private D-Bus session. Writes
# both series with their medians and slowest to
# tests/bench/results/launch.json.
#   tests/bench/launch.sh [DIR]    the release build in DIR (target/release)
set -euo pipefail
cd "$(dirname "$0")/../.."
release="$(realpath "${1:-target/release}")"
work="$(mktemp -d)"
display=120
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT

python3 - "$work/Connections.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
    for i in range(30000):
        f.write(f"Person{i},Large,https://www.linkedin.com/in/large-{i},,Company {i % 700},Role,02 Apr 2021\n")
PY
"$release/kith" --db "$work/kith.db" import "$work/Connections.csv" >/dev/null
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
figures="$(DISPLAY=":$display" NO_AT_BRIDGE=1 dbus-run-session -- /usr/bin/python3 tests/bench/window.py \
  "$release/kith-desktop" "$work/kith.db" 9 | tail -n 1)"
mkdir -p tests/bench/results
python3 - "$figures" "$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)" <<'PY' | tee tests/bench/results/launch.json
import json, statistics, sys
found = json.loads(sys.argv[1])
def series(values):
    return {"ms": values, "median": statistics.median(values), "slowest": max(values)}
kith, floor = series(found["launch_ms"]), series(found["floor_launch_ms"])
print(json.dumps({
    "commit": sys.argv[2],
    "people": 30000,
    "kith": kith,
    "bareWebKit": floor,
    "slowestOverFloorMedian": round(kith["slowest"] / floor["median"], 2),
    "medianOverFloorMedian": round(kith["median"] / floor["median"], 2),
}, indent=2))
PY
