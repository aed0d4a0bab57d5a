#!/usr/bin/env bash
# The whole workspace type-checked and linted for x86_64-pc-windows-gnu, so a
# `cfg(windows)` slip fails the test command. Debian's Rust (rustc-web) builds
# the standard library from its source for the target; MinGW-w64 compiles the
# bundled SQLite and SQLCipher's OpenSSL.
#
# Its build output is a cache outside the clone, reused by every later run on
# this machine (a warm check takes about a minute, a cold one about twelve):
# ${XDG_CACHE_HOME:-~/.cache}/kith/windows-target, or $KITH_WINDOWS_TARGET;
# tests/windows/run.py builds the tests into it too. Each clone would add its
# own copy of Kith's crates to it, so they are cleaned out first (the other
# crates stay), and it is emptied before a run that finds it larger than
# $KITH_WINDOWS_CACHE_GIB (default 16).
set -euo pipefail
cd "$(dirname "$0")/.."

target="${KITH_WINDOWS_TARGET:-${XDG_CACHE_HOME:-$HOME/.cache}/kith/windows-target}"
tests/build-cache.sh "$target" "${KITH_WINDOWS_CACHE_GIB:-16}" --target x86_64-pc-windows-gnu

export PATH="/usr/bin:$PATH" RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc CARGO_TARGET_DIR="$target"
/usr/bin/cargo clippy -Zbuild-std=std,panic_abort --target x86_64-pc-windows-gnu \
  --workspace --all-targets --locked -- -D warnings
