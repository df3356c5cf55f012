"""A cell that breached a bound of the sandbox (:mod:`coursetools.safety.sandbox`), as one
located finding: memory, processes, network, the whole notebook's wall time."""

from __future__ import annotations

from ..findings import Finding, rule
from ..safety.files import LIMITS_SETTING
from ..safety.sandbox import REFUSED, Bounds

MEMORY = rule(
    "notebook-memory",
    "notebooks",
    "No process of a notebook's kernel uses more memory than the limit.",
    f"use less memory (smaller arrays, fewer copies), or raise `{LIMITS_SETTING}.notebook_memory_mb` in mkdocs.yml",
)
PROCESSES = rule(
    "notebook-processes",
    "notebooks",
    "A notebook starts no more processes and threads than the limit.",
    f"start fewer processes or threads, or raise `{LIMITS_SETTING}.notebook_processes` in mkdocs.yml",
)
NETWORK = rule(
    "notebook-network",
    "notebooks",
    "A notebook makes no network connection while the build runs it (notebooks run offline).",
    "ship what the cell downloads under docs/notebooks/data/ and read it from there",
)
WALL_TIME = rule(
    "notebook-wall-time",
    "notebooks",
    "A whole notebook runs within the wall-time bound.",
    f"make the notebook faster, or raise `{LIMITS_SETTING}.notebook_seconds` in mkdocs.yml",
)


def breach(shown: str, number: int, ename: str, evalue: str, bounds: Bounds, forks_refused: int) -> Finding | None:
    """The finding for a cell that raised because of a bound, or None for an ordinary error."""
    where = f"cell {number}"
    if ename == "MemoryError":
        message = f"cell {number} ran out of memory: the limit is {bounds.memory_mb} MB per process"
        return Finding(shown, 0, message, MEMORY.fix, MEMORY.id, where=where)
    if REFUSED in evalue:
        detail = evalue.split(" | ", 1)[-1] if " | " in evalue else "a socket"
        return network(shown, number, detail)
    if forks_refused or (ename == "BlockingIOError" and "Resource temporarily unavailable" in evalue):
        return processes(shown, number, bounds)
    return None


def network(shown: str, number: int, detail: str) -> Finding:
    """The ``notebook-network`` finding for cell ``number`` (1-based), naming what it tried (``detail``)."""
    message = f"cell {number} tried to use the network ({detail}), which is off while notebooks run"
    return Finding(shown, 0, message, NETWORK.fix, NETWORK.id, where=f"cell {number}")


def processes(shown: str, number: int, bounds: Bounds) -> Finding:
    """The ``notebook-processes`` finding for cell ``number``: it went over the process and thread limit."""
    message = f"cell {number} started more than {bounds.processes} processes and threads, the limit"
    return Finding(shown, 0, message, PROCESSES.fix, PROCESSES.id, where=f"cell {number}")


def wall_time(shown: str, number: int, bounds: Bounds) -> Finding:
    """The ``notebook-wall-time`` finding for cell ``number``, running when the notebook's time was up."""
    message = f"cell {number} was stopped: the notebook ran longer than its {bounds.notebook_seconds} s bound"
    return Finding(shown, 0, message, WALL_TIME.fix, WALL_TIME.id, where=f"cell {number}")
