#!/usr/bin/env bash
# What encryption at rest costs at launch: the release window opened to
# today's plan on a 10,000-person database, plain and then encrypted, in a
# real display and keychain. Writes target/bench/encryption-launch.json.
#   tests/bench/encryption.sh         (after `npx tauri build --bundles deb`)
# The store-level figures (import, search, open) come from
#   cargo bench -p kith-core --bench encryption
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=target/release/kith-desktop
[ -x "$binary" ] || { echo "build first: npx tauri build --bundles deb" >&2; exit 1; }
mkdir -p target/bench
export KITH_BENCH_OUT="$PWD/target/bench/encryption-launch.json"
tests/e2e/run.sh "$binary" tests/bench/encryption.bench.mjs
cat "$KITH_BENCH_OUT"
