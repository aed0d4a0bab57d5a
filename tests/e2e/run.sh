#!/usr/bin/env bash
# Runs the real-window journeys: the given Kith binary under Xvfb, inside a
# private D-Bus session with a real notification daemon (dunst), driven over
# WebDriver (tauri-driver + WebKitWebDriver). Notify calls are captured with
# dbus-monitor. Artifacts (screenshots, logs) go to
# tests/e2e/artifacts/<script name>/.
#   tests/e2e/run.sh path/to/kith [script.mjs ...]
# Each script runs against its own fresh home and database. The scripts
# default to the journeys; the desktop benchmark uses the same set-up
# (tests/bench/desktop.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="$(realpath "${1:?usage: run.sh path/to/kith [script.mjs ...]}")"
shift
if [ "$#" -eq 0 ]; then
  set -- "$here/journey.test.mjs" "$here/relationships.test.mjs" "$here/import.test.mjs" "$here/big-import.test.mjs" "$here/recovery.test.mjs" "$here/sync.test.mjs" "$here/encryption.test.mjs" "$here/sealed-export.test.mjs" "$here/dates.test.mjs" "$here/mail.test.mjs" "$here/meetings.test.mjs" "$here/network.test.mjs"
fi
artifacts_root="$here/artifacts"
rm -rf "$artifacts_root" && mkdir -p "$artifacts_root"

status=0
for script_arg in "$@"; do
script="$(realpath "$script_arg")"
name="$(basename "$script" .mjs)"
artifacts="$artifacts_root/$name"
mkdir -p "$artifacts"
echo "== $name"
(
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A free X display number.
display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$artifacts/xvfb.log" 2>&1 &
xvfb_pid=$!
trap 'kill $xvfb_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done

export DISPLAY=":$display"
export NO_AT_BRIDGE=1
export TZ=Europe/Berlin
# Everything the app writes (data, settings, logs, the autostart entry)
# stays in the throwaway folder, never in the real home.
mkdir -p "$work/home"
export HOME="$work/home"
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
export KITH_DB="$work/kith.db"
export KITH_BINARY="$binary" KITH_ARTIFACTS="$artifacts" KITH_SCRIPT="$script" KITH_E2E="$here"
mkdir -p -m 700 "$work/runtime"
export XDG_RUNTIME_DIR="$work/runtime"
export WEBDRIVER_PORT=4444
# The scheduler logs each step it finishes, so a test can tell that it ran
# again after showing something (webdriver.mjs, afterAWholeSchedulerStep).
export RUST_LOG="info,kith_core::scheduler=debug"

# dunst shows a notification's actions through a "dmenu" command; this one
# picks the action whose label matches $KITH_DUNST_PICK, so a test can press
# Done on a real notification with `dunstctl context`.
cat >"$work/pick-action" <<'PICK'
#!/bin/sh
grep -m1 -i -- "${KITH_DUNST_PICK:-Done}"
PICK
chmod +x "$work/pick-action"
printf '[global]\n    dmenu = %s\n' "$work/pick-action" >"$work/dunstrc"
export KITH_DUNSTRC="$work/dunstrc"

# The system opener Kith hands links to (xdg-open, the first the opener
# plugin tries) records what it was asked to open instead of starting a
# browser or mail program: tests read $KITH_ARTIFACTS/opened.log.
mkdir -p "$work/bin"
cat >"$work/bin/xdg-open" <<'OPEN'
#!/bin/sh
printf '%s\n' "$1" >>"$KITH_ARTIFACTS/opened.log"
OPEN
chmod +x "$work/bin/xdg-open"
export PATH="$work/bin:$PATH"

dbus-run-session -- bash -euo pipefail -c '
  # A private stand-in for the system bus, where tests play logind and
  # timedated.
  DBUS_SYSTEM_BUS_ADDRESS="$(dbus-daemon --session --fork --print-address=1 --print-pid=3 3>"$KITH_ARTIFACTS/system-bus.pid")"
  export DBUS_SYSTEM_BUS_ADDRESS
  # A real keychain for the sync password and the database key: GNOME
  # Keyring on this session bus, its keyring created and unlocked with a
  # throwaway password in the throwaway data folder.
  printf "kith-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  dunst -config "$KITH_DUNSTRC" >"$KITH_ARTIFACTS/dunst.log" 2>&1 &
  # A panel'"'"'s tray host (StatusNotifierWatcher), as KDE, GNOME'"'"'s
  # AppIndicator extension, XFCE and LXQt provide: with it, Kith waits in
  # the tray as the resident when its window closes. It logs each tray item.
  /usr/bin/python3 "$KITH_E2E/sni-watcher.py" >"$KITH_ARTIFACTS/tray.log" 2>"$KITH_ARTIFACTS/tray-watcher.err" &
  echo $! >"$KITH_ARTIFACTS/tray-watcher.pid"
  for _ in $(seq 50); do grep -q "watcher ready" "$KITH_ARTIFACTS/tray.log" 2>/dev/null && break; sleep 0.1; done
  dbus-monitor --session "type=method_call,interface=org.freedesktop.Notifications,member=Notify" \
    >"$KITH_ARTIFACTS/notify.log" 2>&1 &
  monitor=$!
  tauri-driver --port "$WEBDRIVER_PORT" >"$KITH_ARTIFACTS/tauri-driver.log" 2>&1 &
  driver=$!
  for _ in $(seq 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$WEBDRIVER_PORT) 2>/dev/null && break
    sleep 0.1
  done
  status=0
  node --test --test-reporter=spec "$KITH_SCRIPT" || status=$?
  kill $driver $monitor "$(cat "$KITH_ARTIFACTS/system-bus.pid")" "$(cat "$KITH_ARTIFACTS/tray-watcher.pid")" 2>/dev/null || true
  exit $status
'
) || status=$?
done
exit $status
