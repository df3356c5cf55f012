"""Nothing a notebook starts may outlive its execution.

A cell can start a process that leaves the kernel's process group and session
(``Popen(..., start_new_session=True)``), or daemonizes (double fork) so that it is no longer the
kernel's child. Each notebook's kernel therefore gets an environment variable with a token unique
to that execution; every process it starts inherits it. After the execution (also after a
timeout or a failure) :func:`kill_marked` finds every process whose environment carries the token
(``/proc/PID/environ``) and kills it. A process that deliberately wipes its inherited environment
before exec escapes this; the CI runner's job end is the backstop for that.
"""

from __future__ import annotations

import os
import secrets
import signal
import time
from pathlib import Path

MARK = "COURSE_NOTEBOOK_RUN"


def new_token() -> str:
    """A fresh random token (32 hex digits) to mark one notebook execution's processes."""
    return secrets.token_hex(16)


def marked_pids(token: str) -> list[int]:
    """Processes whose initial environment has ``MARK=token`` (never this process)."""
    needle = f"{MARK}={token}".encode()
    found: list[int] = []
    proc = Path("/proc")
    if not proc.is_dir():  # not Linux: nothing to scan (the kernel's own shutdown still applies)
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def kill_marked(token: str, rounds: int = 5) -> list[int]:
    """Kill every process marked with ``token`` (repeating, in case one forks while dying)."""
    killed: list[int] = []
    for _ in range(rounds):
        pids = marked_pids(token)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            except OSError:
                pass
        time.sleep(0.05)
    return sorted(set(killed))
