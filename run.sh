#!/usr/bin/env bash
# Installs what is missing and runs Kith (a release build, on the default
# database in the OS data folder unless KITH_DB or --db says otherwise).
# Extra arguments go to Kith, e.g. ./run.sh --db /tmp/try.db
set -euo pipefail
cd "$(dirname "$0")"
.ci/install-deps
npm run build --workspace ui
cargo build --release --features tauri/custom-protocol
exec ./target/release/kith-desktop "$@"
