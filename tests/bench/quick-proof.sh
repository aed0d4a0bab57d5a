#!/usr/bin/env bash
# Shows that the speed check catches a 2x regression on a fast machine as on
# a slow one, without touching the product: it runs tests/bench/quick.py
# against programs that run each measured command twice, with the machine
# factor at 1, 0.5 and 2, and fails unless every one of those runs fails.
#   - `kith` runs each command twice (an import first into a scratch
#     database of its own, so the second is not a re-import);
#   - `kith-desktop` is launched on a second, unseen display until its
#     window shows there, closed, and launched again on the display measured.
#
#   tests/bench/quick-proof.sh [DIR]    the release build in DIR (target/release)
set -euo pipefail
cd "$(dirname "$0")/../.."
real="$(realpath "${1:-target/release}")"
twice="$(mktemp -d)"
display=150
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
unseen=$!
trap 'kill $unseen 2>/dev/null || true; rm -rf "$twice"' EXIT

cat >"$twice/kith" <<SH
#!/bin/bash
args=("\$@")
first=("\$@")
for i in "\${!args[@]}"; do
  if [ "\${args[\$i]}" = import ] && [ "\${args[0]}" = --db ]; then
    first[1]="\${args[1]}.first"
  fi
done
"$real/kith" "\${first[@]}" >/dev/null 2>&1
rm -f "\${args[1]}.first" "\${args[1]}.first-wal" "\${args[1]}.first-shm"
exec "$real/kith" "\$@"
SH
cat >"$twice/kith-desktop" <<SH
#!/bin/sh
DISPLAY=:$display "$real/kith-desktop" "\$@" &
first=\$!
DISPLAY=:$display xdotool search --sync --onlyvisible --name '^Kith\$' >/dev/null
kill -TERM \$first; wait \$first
exec "$real/kith-desktop" "\$@"
SH
chmod +x "$twice/kith" "$twice/kith-desktop"

status=0
for factor in 1 0.5 2; do
  echo "== each command run twice, the machine factor at $factor"
  if tests/bench/quick.py --kith "$twice" --machine-factor "$factor"; then
    echo "quick-proof.sh: the check passed a 2x regression at factor $factor" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "quick-proof.sh: the check failed each time, as it should"
exit "$status"
