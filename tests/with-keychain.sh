#!/usr/bin/env bash
# Runs a command with a real Secret Service: a GNOME Keyring of its own,
# unlocked, on the D-Bus session this script is started in. Use as
#   dbus-run-session -- tests/with-keychain.sh COMMAND...
set -euo pipefail
XDG_DATA_HOME="$(mktemp -d)"
XDG_RUNTIME_DIR="$(mktemp -d)"
export XDG_DATA_HOME XDG_RUNTIME_DIR
trap 'rm -rf "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"' EXIT
# A new login keyring, created and unlocked with a throwaway password.
printf 'kith-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
