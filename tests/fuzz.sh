#!/usr/bin/env bash
# Runs each fuzz target of the import parsers (src-tauri/exchange/fuzz) for a
# fixed time, starting from its seed corpus, with libFuzzer's coverage
# guidance and no sanitizer (so Rust's stable compiler builds it; cargo-fuzz
# asks for nightly flags, allowed here through RUSTC_BOOTSTRAP). A crash
# fails the run and leaves its input under fuzz/artifacts/<target>/.
#
#   tests/fuzz.sh [SECONDS]    each target for SECONDS (default 60)
set -euo pipefail
cd "$(dirname "$0")/../src-tauri/exchange/fuzz"
seconds="${1:-60}"

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --version '^0.13' --locked
export RUSTC_BOOTSTRAP=1
targets="$(cargo fuzz list)"
cargo fuzz build --sanitizer none --release
for target in $targets; do
  echo "== fuzz $target for ${seconds} s"
  # A copy of the seed corpus grows with what the run finds; the committed
  # seeds stay as they are.
  corpus="$(mktemp -d)"
  cp -r "corpus/$target/." "$corpus/"
  cargo fuzz run --sanitizer none --release "$target" "$corpus" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1
  rm -rf "$corpus"
done
