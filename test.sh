#!/usr/bin/env bash
# Installs what is missing and runs Kith's tests. Three tiers:
#
#   ./test.sh          every kind of test (the README's and CI's command):
#                      1. formatting and lints (rustfmt, clippy; clippy again
#                         for Windows; the debug and Windows builds kept in
#                         caches outside the clone), the Tauri-free crates'
#                         tests built for Windows (run under Wine beside the
#                         release build, with a kith.exe journey), then the
#                         Rust tests (core, transfer types,
#                         CLI, sync through a real Radicale and Xandikos,
#                         mail through a real Dovecot, the password in
#                         a real GNOME Keyring),
#                      2. the UI's type check, lint (Biome) and unit tests,
#                      3. one release build and its .deb (packed with xz)
#                         and .rpm, the .deb installed into a throwaway root
#                         and run from there, its dependencies checked
#                         against what the programs link,
#                      4. the speed check against the committed figures (a
#                         2x regression fails), drills on the release
#                         binary (kills at random moments, a full disk, a
#                         held write lock, overwritten pages), at a size
#                         that fits,
#                      5. the real-window journeys on the release binary
#                         (Xvfb, D-Bus, dunst, WebDriver).
#   ./test.sh --quick  the inner loop: formatting, clippy and the unit tests
#                      of the Tauri-free crates.
#   ./test.sh --soak   the heavy runs: the drills at full size, each fuzz
#                      target for a fixed time, the benchmarks, their
#                      figures written under target/, the speed check
#                      run against a build twice as slow (it must fail), on
#                      the release build, made if missing; and the release
#                      kith.exe's journey under Wine.
#
# Each run ends with a table of its steps' wall times.
set -euo pipefail
cd "$(dirname "$0")"

tier=full
case "${1:-}" in
  "") ;;
  --quick) tier=quick ;;
  --soak) tier=soak ;;
  *) echo "usage: ./test.sh [--quick|--soak]" >&2; exit 2 ;;
esac

# One build per run: incremental caches would only cost disk here.
export CARGO_INCREMENTAL=0

# Each step's name and wall time, printed as a table when the run ends,
# whether it passed or not.
steps=()
step_name=""
step_started=0
run_started=$(date +%s)
close_step() {
  [ -n "$step_name" ] || return 0
  steps+=("$(printf '%-56s %4d:%02d' "$step_name" $(( ($(date +%s) - step_started) / 60 )) $(( ($(date +%s) - step_started) % 60 )))")
  step_name=""
}
step() {
  close_step
  step_name="$*"
  step_started=$(date +%s)
  printf '\n== %s\n' "$*"
}
report() {
  local status=$?
  # A run that stopped early stops the Windows tests running beside it.
  if [ -n "${windows_pid:-}" ]; then kill "$windows_pid" 2>/dev/null || true; fi
  local failed="$step_name"
  close_step
  local total=$(( $(date +%s) - run_started ))
  printf '\n== step times (%s tier)\n' "$tier"
  printf '%s\n' "${steps[@]}"
  printf '%-56s %4d:%02d\n' "total" $((total / 60)) $((total % 60))
  if [ "$status" -ne 0 ]; then printf 'FAILED in: %s\n' "$failed"; fi
}
trap report EXIT

lints() {
  cargo fmt --all --check
  debug_cargo clippy --workspace --all-targets --locked --features kith-cli/drills -- -D warnings
}

# The full tier's debug builds (lints, tests, drills) go to a cache outside
# the clone, as the Windows check's do, so a fresh clone builds only Kith's
# own crates: ${XDG_CACHE_HOME:-~/.cache}/kith/linux-target, or
# $KITH_LINUX_TARGET. Kith's crates of earlier clones are cleaned out of it
# first; it is emptied when larger than $KITH_LINUX_CACHE_GIB (default 24).
# The release build stays in the clone's target/.
debug_target="${KITH_LINUX_TARGET:-${XDG_CACHE_HOME:-$HOME/.cache}/kith/linux-target}"
debug_cargo() { CARGO_TARGET_DIR="$debug_target" cargo "$@"; }

step "installing what is missing"
if [ "$tier" = quick ]; then .ci/install-deps; else .ci/install-deps --test; fi

if [ "$tier" = quick ]; then
  step "formatting and lints"
  lints
  step "unit tests of the Tauri-free crates"
  cargo test --locked -p kith-core -p kith-ipc -p kith-exchange -p kith-mail -p kith-background --lib --bins
  exit 0
fi

release_build() {
  # One release build serves every later step: the bundles, the speed
  # check, the drills and the journeys. `kith` is built by the bundler's
  # beforeBundleCommand (tauri.conf.json).
  npx tauri build --bundles deb,rpm
}

if [ "$tier" = soak ]; then
  step "release build"
  [ -x target/release/kith ] && [ -x target/release/kith-desktop ] || release_build
  step "drills at full size: 200 import kills, 30 of each other kind"
  KITH_DRILL_SIZE=soak KITH_BIN="$PWD/target/release/kith" \
    cargo test --locked -p kith-cli --features drills --test drills
  step "fuzz targets, each for ${KITH_FUZZ_SECONDS:=60} s"
  tests/fuzz.sh "$KITH_FUZZ_SECONDS"
  step "benchmarks (figures under target/bench/)"
  cargo bench --locked -p kith-core -p kith-exchange -p kith-sync -p kith-mail
  tests/bench/cli.py
  step "the speed check shown to catch a 2x regression (machine factor 1, 0.5, 2)"
  tests/bench/quick-proof.sh
  step "Windows: the release kith.exe's journey under Wine"
  tests/windows/journey.py "$(tests/windows/run.py --release-kith-exe)"
  exit 0
fi

step "formatting and lints"
tests/build-cache.sh "$debug_target" "${KITH_LINUX_CACHE_GIB:-24}"
lints

step "Windows: type-checked and linted (x86_64-pc-windows-gnu)"
tests/windows-check.sh

step "Windows: the Tauri-free crates' tests built (x86_64-pc-windows-gnu)"
tests/windows/run.py --build-only

step "Rust tests (sync against Radicale and Xandikos, mail against Dovecot)"
debug_cargo test --workspace --locked

step "keychain tests (GNOME Keyring on a private D-Bus)"
dbus-run-session -- tests/with-keychain.sh \
  env CARGO_TARGET_DIR="$debug_target" cargo test --workspace --locked --test keychain -- --ignored

step "UI: type check, lint, unit tests"
npm run check --workspace ui
npm run lint --workspace ui
npm test --workspace ui

# The Windows tests and the kith.exe journey run under Wine beside the
# release build: mostly waiting on Wine's process starts, they leave it most
# of the two cores.
mkdir -p target
windows_log=target/windows-run.log
(tests/windows/run.py --no-build && tests/windows/journey.py "$(tests/windows/run.py --kith-exe)") \
  >"$windows_log" 2>&1 &
windows_pid=$!

step "release build, .deb and .rpm (the Windows tests running beside it)"
release_build
deb="$(ls -t target/release/bundle/deb/*.deb | head -n 1)"
src-tauri/deb-xz.sh "$deb"

step "Windows: the tests and a kith.exe journey under Wine (what is left of them)"
windows_status=0
wait "$windows_pid" || windows_status=$?
windows_pid=""
cat "$windows_log"
[ "$windows_status" -eq 0 ]

step "packages: installed in a throwaway root, run, Depends"
tests/packages.sh "$deb" "$(ls -t target/release/bundle/rpm/*.rpm | head -n 1)"

step "speed check against the committed figures"
tests/bench/quick.py

step "drills: kills, a full disk, a held lock, damaged pages"
KITH_BIN="$PWD/target/release/kith" debug_cargo test --locked -p kith-cli --features drills --test drills

step "real-window journeys"
tests/e2e/run.sh target/release/kith-desktop
