#!/usr/bin/env python3
"""Runs the reference `age` command (age-encryption.org) under a
pseudo-terminal and types AGE_PASSPHRASE at each passphrase prompt: age
reads passphrases only from a terminal. Usage: age_tty.py age ARGS...
Exits with age's exit status; what age printed goes to standard error."""

import os
import pty
import sys


def main() -> int:
    passphrase = os.environ["AGE_PASSPHRASE"].encode()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[1], sys.argv[1:])
    seen = b""
    answered = 0
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        prompts = seen.lower().count(b"passphrase")
        if answered < prompts and seen.rstrip().endswith(b":"):
            os.write(fd, passphrase + b"\n")
            answered += 1
    _, status = os.waitpid(pid, 0)
    sys.stderr.write(seen.decode(errors="replace"))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
