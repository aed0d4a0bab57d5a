#!/usr/bin/env bash
# Installs what is missing and runs every test of Kith:
#   1. formatting and lints (rustfmt, clippy; clippy again for Windows),
#      then the Rust tests (core, transfer types, CLI, shell, sync through
#      a real Radicale, the password in a real GNOME Keyring),
#   2. the UI's type check, lint (Biome) and unit tests,
#   3. the release build and its .deb (packed with xz) and .rpm, and a
#      quick check of speed against the committed figures (2x fails),
#   4. the drills on the release binary: kills at random moments, a full
#      disk (tmpfs, so root), a held write lock, overwritten pages,
#   5. the real-window journeys on the release binary (Xvfb, D-Bus, dunst,
#      WebDriver).
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n== %s\n' "$*"; }

# One build per run: incremental caches would only cost disk here.
export CARGO_INCREMENTAL=0

step "installing what is missing"
.ci/install-deps --test

step "formatting and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked --features kith-cli/drills -- -D warnings

step "Windows: the whole workspace type-checked and linted for x86_64-pc-windows-gnu"
# Debian's Rust (rustc-web) builds the standard library from its source for
# the target; MinGW-w64 compiles the bundled SQLite. Its own target folder.
PATH="/usr/bin:$PATH" RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc CARGO_TARGET_DIR=target/windows \
  /usr/bin/cargo clippy -Zbuild-std=std,panic_abort --target x86_64-pc-windows-gnu \
  --workspace --all-targets --locked -- -D warnings
# A CI machine checks once: its Windows build output (~3.5 GiB) is not needed
# again, and the disk it frees is needed by the test builds.
if [ -n "${CI:-}" ]; then rm -rf target/windows; fi

step "Rust tests (sync against a real Radicale on loopback)"
cargo test --workspace --locked

step "the sync password and the database key in a real keychain (GNOME Keyring on a private D-Bus)"
dbus-run-session -- tests/with-keychain.sh \
  cargo test --workspace --locked --test keychain -- --ignored

step "UI type check and unit tests"
npm run check --workspace ui
npm run lint --workspace ui
npm test --workspace ui

step "release build, .deb and .rpm"
npx tauri build --bundles deb,rpm
deb="$(ls -t target/release/bundle/deb/*.deb | head -n 1)"
src-tauri/deb-xz.sh "$deb"
# Listed whole first: grep -q stops reading at its match, which would
# fail the lister with a broken pipe.
deb_files="$(dpkg-deb --contents "$deb")"
for installed in usr/bin/kith usr/bin/kith-desktop; do
  grep -qE "(^| |\./)$installed\$" <<<"$deb_files" || { echo "the .deb does not install $installed" >&2; exit 1; }
done
rpm="$(ls -t target/release/bundle/rpm/*.rpm | head -n 1)"
# rpm2cpio (rpm 4.18) exits 1 on the bundler's packages although it
# unpacks them whole: the listing itself is what is checked.
rpm_files="$(rpm2cpio "$rpm" | cpio -t --quiet || true)"
for installed in usr/bin/kith usr/bin/kith-desktop; do
  grep -qx "./$installed" <<<"$rpm_files" || { echo "the .rpm does not install $installed" >&2; exit 1; }
done
echo "built $deb and $rpm"

step "speed: start, import, search against the committed figures"
tests/bench/quick.py

step "drills: kills, a full disk, a held lock, damaged pages"
KITH_BIN="$PWD/target/release/kith" cargo test --locked -p kith-cli --features drills --test drills

step "real-window journey"
tests/e2e/run.sh target/release/kith-desktop
