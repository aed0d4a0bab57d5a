#!/usr/bin/python3
"""The window's launch and memory beside WebKit's own floor, for the speed
check (tests/bench/quick.py), which runs this on a display of its own inside
a private D-Bus session.

Alternates COUNT launches of two programs on the same display:
  - the desktop app on DB (a small network), timed from the start of the
    process until the X server shows the sidebar's active item in its tint
    (as tests/bench/first-paint.py does), its whole process tree's memory
    (PSS) read one second after that;
  - WebKitGTK's bare MiniBrowser showing a local page of that one tint,
    timed and measured the same way: the floor any WebKit window has here.
Before them, one launch of the bare browser that is not counted: the first
WebKit window of a D-Bus session starts the session's accessibility bus
(which a desktop has running from login), and neither series should carry
that start-up.
Prints {"launch_ms": [...], "floor_launch_ms": [...], "memory_mib": [...],
"floor_memory_mib": [...]} as JSON.
    window.py BINARY DB COUNT
"""

import importlib.util
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version("Gdk", "3.0")
from gi.repository import Gdk  # noqa: E402

# The tint and its tolerance, from the first-paint benchmark.
_spec = importlib.util.spec_from_file_location("first_paint", pathlib.Path(__file__).with_name("first-paint.py"))
_first_paint = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_first_paint)
ACTIVE, TOLERANCE = _first_paint.ACTIVE, _first_paint.TOLERANCE

MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
# Where each program paints what is waited for, in screen coordinates (no
# window manager: windows sit at the top-left corner). Kith's is the Today
# item in the sidebar; the bare browser's is inside its page, below its
# toolbar.
KITH_POINT = (100, 75)
FLOOR_POINT = (100, 300)
TIMEOUT_S = 30
SETTLE_S = 1.0


def shows(root, point):
    pixels = Gdk.pixbuf_get_from_window(root, *point, 1, 1)
    if pixels is None:
        return False
    rgb = pixels.get_pixels()[:3]
    return all(abs(a - b) <= TOLERANCE for a, b in zip(rgb, ACTIVE))


def tree(pid):
    """The pid and its descendants."""
    found = [pid]
    for parent in found:
        try:
            children = pathlib.Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        found.extend(int(child) for child in children)
    return found


def pss_mib(pid):
    total = 0
    for process in tree(pid):
        try:
            for line in pathlib.Path(f"/proc/{process}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1)


def one_launch(command, env, root, point):
    while shows(root, point):
        time.sleep(0.05)
    start = time.monotonic()
    app = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not shows(root, point):
            if app.poll() is not None:
                raise SystemExit(f"{command[0]} exited with {app.returncode} before its first screen")
            if time.monotonic() - start > TIMEOUT_S:
                raise SystemExit(f"{command[0]}: no first screen within {TIMEOUT_S} s")
            time.sleep(0.005)
        launch = round((time.monotonic() - start) * 1000, 1)
        time.sleep(SETTLE_S)
        return launch, pss_mib(app.pid)
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        time.sleep(0.3)


def main():
    binary, db, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    root = Gdk.get_default_root_window()
    figures = {"launch_ms": [], "floor_launch_ms": [], "memory_mib": [], "floor_memory_mib": []}
    with tempfile.TemporaryDirectory() as work:
        page = os.path.join(work, "floor.html")
        tint = "#%02x%02x%02x" % ACTIVE
        with open(page, "w") as f:
            f.write(f"<!doctype html><html style='background:{tint}'><body></body></html>")
        kith_env = dict(os.environ, KITH_DB=db)
        floor = [MINIBROWSER, f"file://{page}"]
        one_launch(floor, os.environ, root, FLOOR_POINT)
        for _ in range(count):
            launch, memory = one_launch([binary], kith_env, root, KITH_POINT)
            figures["launch_ms"].append(launch)
            figures["memory_mib"].append(memory)
            launch, memory = one_launch(floor, os.environ, root, FLOOR_POINT)
            figures["floor_launch_ms"].append(launch)
            figures["floor_memory_mib"].append(memory)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
