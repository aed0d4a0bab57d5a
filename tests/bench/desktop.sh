#!/usr/bin/env bash
# Measures the desktop app as a user meets it, on a 30,000-person network
# (KITH_BENCH_PEOPLE to change it) imported by the app's command line, and
# writes the figures to
# target/bench/desktop.json: launch to an interactive window (over WebDriver)
# and to the first screen on the X server (tests/bench/first-paint.py), memory of the
# whole process tree started in the tray (never a window), with the window
# open, and closed to the tray, idle CPU and wake-ups in the tray, and the
# sizes of the release binary and .deb.
#   tests/bench/desktop.sh            (after `npx tauri build --bundles deb`)
# Set KITH_BENCH_IDLE_SECONDS to change the idle window (default 120).
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=target/release/kith-desktop
[ -x "$binary" ] || { echo "build first: npx tauri build --bundles deb" >&2; exit 1; }
mkdir -p target/bench
export KITH_BENCH_OUT="$PWD/target/bench/desktop.json"
export KITH_BENCH_BINARY_BYTES="$(stat -c %s "$binary")"
deb="$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -n 1 || true)"
export KITH_BENCH_DEB_BYTES="$( [ -n "$deb" ] && stat -c %s "$deb" || echo 0)"
tests/e2e/run.sh "$binary" tests/bench/desktop.bench.mjs
cat "$KITH_BENCH_OUT"
