#!/usr/bin/env python3
"""The tests of Kith's Windows-capable crates, run as Windows programs.

Builds the tests of core, ipc, exchange, sync, mail, background and the
command line for x86_64-pc-windows-gnu (Debian's Rust and MinGW-w64, as
tests/windows-check.sh does, into the same cache folder), then runs every
test binary under Wine in a throwaway prefix, with the tests listed in
tests/windows/excluded.txt left out by name. Writes each test's outcome to
target/windows-tests.txt and prints a line per binary.

    tests/windows/run.py            build and run every test
    tests/windows/run.py --build-only
                                    build them, run nothing
    tests/windows/run.py --no-build run what the last build made
    tests/windows/run.py --kith-exe the path of the kith.exe that build made
    tests/windows/run.py --release-kith-exe
                                    builds the release kith.exe; its path

The desktop shell is not among them: it needs WebView2.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "tests" / "windows"
TARGET = "x86_64-pc-windows-gnu"
PACKAGES = ["kith-core", "kith-ipc", "kith-exchange", "kith-sync", "kith-mail",
            "kith-background", "kith-cli"]
WINE = "/usr/lib/wine/wine64"
WINESERVER = "/usr/lib/wine/wineserver"
# A test binary that runs longer than this is stopped and counted failed.
BINARY_TIMEOUT_S = 900
# What a test binary runs with besides the prefix's environment.
BINARY_ENV = {
    # The drills at the size that fits: processes start slowly under Wine.
    "kith-cli:drills": {"KITH_DRILL_SIZE": "small"},
}
# The keychain tests, left out on Linux unless a Secret Service runs, are
# run here against the Credential Manager (Wine's).
INCLUDE_IGNORED = {"kith-cli:keychain", "kith-sync:keychain"}


def cache_dir() -> Path:
    if "KITH_WINDOWS_TARGET" in os.environ:
        return Path(os.environ["KITH_WINDOWS_TARGET"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kith" / "windows-target"


def cargo_env() -> dict:
    env = dict(os.environ)
    env.update({
        "PATH": "/usr/bin:" + env.get("PATH", ""),
        "RUSTC_BOOTSTRAP": "1",
        "RUSTC": "/usr/bin/rustc",
        "CARGO_TARGET_DIR": str(cache_dir()),
        "CARGO_INCREMENTAL": "0",
    })
    return env


def build() -> list[dict]:
    """Builds every test binary; returns what cargo says it made."""
    command = [
        "/usr/bin/cargo", "test", "-Zbuild-std=std,panic_abort", "--target", TARGET,
        "--locked", "--no-run", "--message-format=json-render-diagnostics",
        # Other people's code optimised: SQLite and SQLCipher's OpenSSL
        # unoptimised make the tests several times slower under Wine, and
        # the cache keeps them built.
        "--config", 'profile.dev.package."*".opt-level=2',
    ]
    for package in PACKAGES:
        command += ["-p", package]
    command += ["--features", "kith-cli/drills"]
    out = subprocess.run(command, cwd=ROOT, env=cargo_env(), stdout=subprocess.PIPE,
                         text=True, check=True)
    binaries = []
    for line in out.stdout.splitlines():
        message = json.loads(line)
        if (message.get("reason") == "compiler-artifact" and message.get("executable")
                and message["profile"]["test"]):
            binaries.append({
                "package": package_name(message),
                "target": message["target"]["name"],
                "kind": message["target"]["kind"][0],
                "exe": message["executable"],
                "dir": str(Path(message["manifest_path"]).parent),
            })
    return binaries


def package_name(message: dict) -> str:
    manifest = Path(message["manifest_path"])
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            if line.startswith("name = "):
                return line.split('"')[1]
    raise SystemExit(f"no package name in {manifest}")


def exclusions() -> dict[str, dict[str, str]]:
    """`package:target` → {test name or "*": why}."""
    excluded: dict[str, dict[str, str]] = {}
    for raw in (HERE / "excluded.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where, test, why = line.split(None, 2)
        excluded.setdefault(where, {})[test] = why
    return excluded


def prefix(work: Path) -> dict:
    """A new Wine prefix with the ProcessPrng stand-in; its environment."""
    env = dict(os.environ)
    env.update({
        "WINEPREFIX": str(work / "prefix"),
        "WINEDEBUG": "-all",
        # No Mono or Gecko: nothing here uses .NET or HTML, and their
        # installers would be fetched.
        "WINEDLLOVERRIDES": "mscoree,mshtml=",
        "RUST_BACKTRACE": "1",
    })
    (work / "prefix").mkdir()
    # Stays up between the binaries instead of starting for each.
    subprocess.run([WINESERVER, "-p"], env=env, check=True)
    subprocess.run([WINE, "wineboot", "-i"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    system32 = work / "prefix" / "drive_c" / "windows" / "system32"
    subprocess.run(["x86_64-w64-mingw32-gcc", "-O2", "-shared", "-o",
                    str(system32 / "bcryptprimitives.dll"), str(HERE / "processprng.c"),
                    "-ladvapi32"], check=True)
    return env


def listed(exe: str, env: dict, cwd: str) -> list[str]:
    out = subprocess.run([WINE, exe, "--list", "--format=terse"], env=env, cwd=cwd,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                         check=True)
    return [line.rsplit(": ", 1)[0] for line in out.stdout.splitlines()
            if line.endswith(": test")]


def run_binary(binary: dict, skip: dict[str, str], env: dict) -> tuple[list, float, bool]:
    """Runs one test binary; its tests' outcomes, its time, whether it ended."""
    where = f"{binary['package']}:{binary['target']}"
    env = {**env, **BINARY_ENV.get(where, {})}
    args = [WINE, binary["exe"], "--exact"]
    if where in INCLUDE_IGNORED:
        args.append("--include-ignored")
    for name in skip:
        args += ["--skip", name]
    started = time.monotonic()
    try:
        out = subprocess.run(args, env=env, cwd=binary["dir"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, errors="replace",
                             timeout=BINARY_TIMEOUT_S)
        text, ended = out.stdout, out.returncode == 0
    except subprocess.TimeoutExpired as timeout:
        text = timeout.stdout or ""
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        text += f"\n(stopped after {BINARY_TIMEOUT_S} s)\n"
        ended = False
    outcomes = []
    for line in text.splitlines():
        if line.startswith("test ") and " ... " in line:
            name, result = line[5:].rsplit(" ... ", 1)
            outcomes.append((name, result.strip()))
    if not ended:
        sys.stdout.write(text)
    return outcomes, time.monotonic() - started, ended


def release_kith() -> Path:
    subprocess.run(["/usr/bin/cargo", "build", "-Zbuild-std=std,panic_abort", "--target",
                    TARGET, "--locked", "--release", "-p", "kith-cli"],
                   cwd=ROOT, env=cargo_env(), stdout=sys.stderr, check=True)
    return cache_dir() / TARGET / "release" / "kith.exe"


def main() -> int:
    if "--kith-exe" in sys.argv:
        print(cache_dir() / TARGET / "debug" / "kith.exe")
        return 0
    if "--release-kith-exe" in sys.argv:
        print(release_kith())
        return 0
    manifest = cache_dir() / "windows-tests.json"
    if "--no-build" in sys.argv:
        binaries = json.loads(manifest.read_text())
    else:
        binaries = build()
        manifest.write_text(json.dumps(binaries))
        if "--build-only" in sys.argv:
            return 0
    excluded = exclusions()
    report: list[str] = []
    failed = False
    totals = {"passed": 0, "failed": 0, "ignored": 0, "excluded": 0}
    with tempfile.TemporaryDirectory(prefix="kith-wine-") as work:
        env = prefix(Path(work))
        try:
            for binary in sorted(binaries, key=lambda b: (b["package"], b["kind"] != "lib",
                                                          b["target"])):
                where = f"{binary['package']}:{binary['target']}"
                skip = excluded.pop(where, {})
                if "*" in skip:
                    tests = listed(binary["exe"], env, binary["dir"])
                    for name in tests:
                        report.append(f"excluded  {where}  {name}  ({skip['*']})")
                    totals["excluded"] += len(tests)
                    print(f"{where:34} excluded ({len(tests)} tests): {skip['*']}")
                    continue
                if skip:
                    names = set(listed(binary["exe"], env, binary["dir"]))
                    stale = [name for name in skip if name not in names]
                    if stale:
                        print(f"{where}: excluded tests that do not exist: {stale}")
                        failed = True
                outcomes, took, ended = run_binary(binary, skip, env)
                counts = {"ok": 0, "FAILED": 0, "ignored": 0}
                for name, result in outcomes:
                    kind = result.split()[0].rstrip(",") if result else "FAILED"
                    counts[kind if kind in counts else "FAILED"] += 1
                    report.append(f"{result:8}  {where}  {name}")
                for name, why in skip.items():
                    report.append(f"excluded  {where}  {name}  ({why})")
                totals["passed"] += counts["ok"]
                totals["failed"] += counts["FAILED"]
                totals["ignored"] += counts["ignored"]
                totals["excluded"] += len(skip)
                if not ended or counts["FAILED"]:
                    failed = True
                print(f"{where:34} {counts['ok']:4} passed {counts['FAILED']:3} failed "
                      f"{counts['ignored']:3} ignored {len(skip):3} excluded {took:6.1f} s"
                      + ("" if ended else "  DID NOT PASS"))
        finally:
            subprocess.run([WINESERVER, "-k"], env=env)
    for where in excluded:
        print(f"excluded.txt names {where}, which no longer builds a test binary")
        failed = True
    out = ROOT / "target" / "windows-tests.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(report) + "\n", encoding="utf-8")
    print(f"under Wine: {totals['passed']} passed, {totals['failed']} failed, "
          f"{totals['ignored']} ignored, {totals['excluded']} excluded by name "
          f"(each test's outcome: {out.relative_to(ROOT)})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
