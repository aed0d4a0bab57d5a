#!/usr/bin/env bash
# Runs every test of Kith's Rust crates.
set -euo pipefail
cd "$(dirname "$0")"
cargo test --workspace --locked
