#!/usr/bin/python3
"""Launch to the first screen as the X server shows it, without WebDriver.

Starts the desktop app COUNT times, each time timing from the start of the
process until the X server shows the sidebar's active item (Today, tinted
with the light theme's --accent-soft from ui/src/styles.css) where the
window puts it, then stops the app with SIGTERM. Run on the benchmark's
display (no window manager: the window sits at the screen's top-left
corner). Prints the times in milliseconds as a JSON list.
    first-paint.py BINARY COUNT
"""

import json
import pathlib
import re
import signal
import subprocess
import sys
import time

import gi

gi.require_version("Gdk", "3.0")
from gi.repository import Gdk  # noqa: E402

# The Today item in the sidebar, in window coordinates.
POINT = (100, 75)
TOLERANCE = 6
TIMEOUT_S = 30


def active_tint():
    """The light theme's --accent-soft (its first definition), as RGB."""
    styles = pathlib.Path(__file__).resolve().parents[2] / "ui" / "src" / "styles.css"
    found = re.search(r"--accent-soft:\s*#([0-9a-fA-F]{6})\b", styles.read_text())
    if found is None:
        raise SystemExit(f"no --accent-soft colour in {styles}")
    return tuple(bytes.fromhex(found.group(1)))


ACTIVE = active_tint()


def shows_active_item(root):
    pixels = Gdk.pixbuf_get_from_window(root, *POINT, 1, 1)
    if pixels is None:
        return False
    rgb = pixels.get_pixels()[:3]
    return all(abs(a - b) <= TOLERANCE for a, b in zip(rgb, ACTIVE))


def one_launch(binary, root):
    start = time.monotonic()
    app = subprocess.Popen([binary], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not shows_active_item(root):
            if time.monotonic() - start > TIMEOUT_S:
                raise SystemExit(f"no first screen within {TIMEOUT_S} s")
            time.sleep(0.005)
        return round((time.monotonic() - start) * 1000)
    finally:
        app.send_signal(signal.SIGTERM)
        app.wait()


def main():
    binary, count = sys.argv[1], int(sys.argv[2])
    root = Gdk.get_default_root_window()
    times = []
    for _ in range(count):
        # Nothing of the last window left on screen.
        while shows_active_item(root):
            time.sleep(0.05)
        times.append(one_launch(binary, root))
        time.sleep(0.5)
    print(json.dumps(times))


if __name__ == "__main__":
    main()
