"""What a notebook's kernel may see and use while the build executes it.

- **Environment**: only the variables in :data:`ENV_ALLOWED` (and names starting with one of
  :data:`ENV_ALLOWED_PREFIXES`) reach the kernel; ``HOME`` and ``TMPDIR`` point into the run's
  scratch folder. Tokens, CI variables and the course's own settings stay in the build.
- **Memory**: ``RLIMIT_DATA`` (heap and private mappings) of every process of the kernel.
- **Processes**: a ``pids`` cgroup per execution when the machine offers one (it works as root,
  where ``RLIMIT_NPROC`` is not enforced); otherwise ``RLIMIT_NPROC`` (enforced for other users).
- **Network**: the kernel runs in new network, PID and mount namespaces (``unshare``) when the
  machine allows it: no interface but a loopback that is down, and every process it starts dies
  with it. Everywhere, an audit hook in the kernel refuses Python's socket calls, so a cell that
  tries is named even where ``unshare`` is not available.
- **Wall time**: the per-cell timeout and a bound for the whole notebook (in ``execute.py``).

:func:`launcher` builds the command prefix; :func:`KERNEL_GUARD` is run in the kernel first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# The one list of what the kernel inherits from the build's environment.
ENV_ALLOWED = ("PATH", "LANG", "LANGUAGE", "TZ", "PYTHONHASHSEED", "MPLBACKEND", "SOURCE_DATE_EPOCH")
ENV_ALLOWED_PREFIXES = ("LC_",)

# Marks a refusal by the kernel-side guard (in the exception text), so the executor can name it.
REFUSED = "course sandbox:"
NETWORK_EVENTS = ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo")

# Run in the kernel before the notebook: Python's socket calls are refused and recorded with the
# cell (the how-manieth code cell run after this one), so a cell that catches the error is named.
KERNEL_GUARD = f"""
import sys as _course_sys
_course_network, _course_ran = [], [0]
def _course_count(*_args, _ran=_course_ran):
    _ran[0] += 1
get_ipython().events.register("pre_run_cell", _course_count)
def _course_no_network(event, args, _seen=_course_network, _ran=_course_ran):
    if event in {NETWORK_EVENTS!r}:
        target = repr(args[:2] if event == "socket.getaddrinfo" else args[1:2])[:80]
        _seen.append((_ran[0], event, target))
        raise PermissionError({REFUSED!r} + " no network while the build runs notebooks | " + event + " " + target)
_course_sys.addaudithook(_course_no_network)
del _course_no_network, _course_count
"""


@dataclass(frozen=True)
class Bounds:
    """Resource bounds of one notebook execution (``extra.course.limits.notebook_*``)."""

    memory_mb: int = 1024  # RLIMIT_DATA of each process of the kernel
    processes: int = 128  # processes and threads the kernel may have at once
    notebook_seconds: int = 300  # the whole notebook, every cell together

    def key(self) -> dict[str, object]:
        """What the execution cache keys on: changing a bound re-executes."""
        return {
            "memory_mb": self.memory_mb,
            "processes": self.processes,
            "notebook_seconds": self.notebook_seconds,
            "isolation": isolation(),
        }


def scrubbed_environment(environ: dict[str, str] | os._Environ[str], home: Path) -> dict[str, str]:
    """The kernel's environment: the allow-list from ``environ``, and a scratch HOME."""
    env = {k: v for k, v in environ.items() if k in ENV_ALLOWED or k.startswith(ENV_ALLOWED_PREFIXES)}
    env.setdefault("PATH", os.defpath)
    env["HOME"] = str(home)
    env["TMPDIR"] = str(home / "tmp")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # quiets the debugger's warning in the kernel
    return env


def prepare_home(home: Path) -> None:
    """Create the scratch HOME, with matplotlib's font list copied in (building it costs seconds)."""
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    fonts = Path(os.environ.get("MPLCONFIGDIR") or Path.home() / ".cache" / "matplotlib")
    target = home / ".cache" / "matplotlib"
    target.mkdir(parents=True, exist_ok=True)
    for item in fonts.glob("fontlist-*.json") if fonts.is_dir() else ():
        shutil.copy2(item, target / item.name)


@cache
def isolation() -> str:
    """``namespaces`` when ``unshare`` can give the kernel its own network and PID namespaces
    here, else ``audit-hook`` (Python's socket calls are still refused)."""
    tool = shutil.which("unshare")
    if not tool or not sys.platform.startswith("linux"):
        return "audit-hook"
    try:
        probe = subprocess.run([tool, *_UNSHARE[1:], "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "audit-hook"
    return "namespaces" if probe.returncode == 0 else "audit-hook"


_UNSHARE = ("unshare", "--net", "--pid", "--fork", "--kill-child", "--mount-proc")


class ProcessGroup:
    """A ``pids`` cgroup for one execution (cgroup v2 or v1), when the machine lets us make one."""

    def __init__(self, token: str, limit: int):
        self.path: Path | None = None
        for base in (Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/pids")):
            if not (base / "cgroup.procs").exists() or not os.access(base, os.W_OK):
                continue
            if base.name == "cgroup" and "pids" not in _read(base / "cgroup.subtree_control"):
                continue
            try:
                path = base / f"course-notebook-{token}"
                path.mkdir()
                (path / "pids.max").write_text(str(limit))
            except OSError:
                continue
            self.path = path
            break

    def refused(self) -> int:
        """How many times a fork was refused by the limit."""
        if self.path is None:
            return 0
        for line in _read(self.path / "pids.events").splitlines():
            if line.startswith("max "):
                return int(line.split()[1])
        return 0

    def close(self) -> None:
        """Kill what is left in the group and remove it (dying tasks may hold it a moment)."""
        if self.path is None:
            return
        for _ in range(100):  # up to 5 s
            for pid in [int(p) for p in _read(self.path / "cgroup.procs").split()]:
                with contextlib.suppress(OSError):
                    os.kill(pid, 9)
            try:
                self.path.rmdir()
                return
            except OSError:
                time.sleep(0.05)


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


# Sets the limits, joins the cgroup, then runs the rest of the command (argv[1] is the cgroup's
# procs file or "", argv[2] the memory bytes, argv[3] the process limit).
_LIMITS = (
    "import os,resource,sys\n"
    "p,m,n=sys.argv[1],int(sys.argv[2]),int(sys.argv[3])\n"
    "if p: open(p,'w').write(str(os.getpid()))\n"
    "resource.setrlimit(resource.RLIMIT_DATA,(m,m))\n"
    "if not p and os.geteuid(): resource.setrlimit(resource.RLIMIT_NPROC,(n,n))\n"
    "os.execvp(sys.argv[4],sys.argv[4:])\n"
)


def launcher(bounds: Bounds, group: ProcessGroup) -> list[str]:
    """The command that runs before the kernel's own: limits, cgroup, namespaces."""
    procs = str(group.path / "cgroup.procs") if group.path else ""
    nproc = bounds.processes + _user_processes() if not group.path else bounds.processes
    prefix = [sys.executable, "-S", "-c", _LIMITS, procs, str(bounds.memory_mb * 2**20), str(nproc)]
    if isolation() == "namespaces":
        prefix += [shutil.which("unshare") or "unshare", *_UNSHARE[1:]]
    return prefix


def _user_processes() -> int:
    """Tasks this user already runs: RLIMIT_NPROC counts them too."""
    uid = os.getuid()
    count = 0
    for entry in Path("/proc").glob("[0-9]*/task/[0-9]*") if Path("/proc").is_dir() else ():
        with contextlib.suppress(OSError):
            count += entry.stat().st_uid == uid
    return count
