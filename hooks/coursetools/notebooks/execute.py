"""Execute the course's notebooks at build time, with a cache that knows what each one reads.

mkdocs-jupyter's own cache keys on a notebook's bytes alone, so a changed data file or helper
module would leave stale outputs on the site. Here every execution records its dependencies:

- files the kernel opened (a Python audit hook on ``open``), such as ``data/*.csv``;
- project modules the notebook imported (their ``__file__``), such as ``nbhelpers.py``;
- paths named in the code that exist next to the notebook (for readers that bypass Python,
  such as the ``tokenizers`` library reading a file from Rust).

A cache entry stores the executed notebook with the SHA-256 of the notebook and of every
dependency, plus the execution environment. It is reused only if all of them still match, so
changing one data file re-executes exactly the notebooks that read it.

A cell that raises, or runs longer than the timeout, fails the execution with the notebook
and the cell named, and the error itself.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from ..findings import Finding
from ..safety import processes as process_guard
from ..safety import sandbox, sanitize
from ..safety.files import DEFAULT_OUTPUT_BYTES
from . import bounds as breaches
from . import secrets
from .cache import NotebookCache, _named_paths, _project_files
from .policy import DEFAULT_TIMEOUT, WROTE_SOURCES
from .policy import INVALID as INVALID  # re-exported: the hook drops invalid notebooks
from .results import _changed, _from_scratch, _output_size_findings, _outside_reads, _shown_any, _snapshot
from .results import figure_alts as figure_alts  # re-exported: the hook calls them on executed copies
from .results import figure_findings as figure_findings

# Run in the kernel before the notebook: record what it opens, never the notebook's own output.
_TRACE_START = r"""
import sys as _course_sys
_course_opened = set()
_course_written = set()
def _course_audit(event, args, _seen=_course_opened, _written=_course_written):
    if event == "open" and args and isinstance(args[0], str):
        _seen.add(args[0])
        mode, flags = (args[1] if len(args) > 1 else None), (args[2] if len(args) > 2 else 0)
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & 0o3 and mode is None):
            _written.add(args[0])
_course_sys.addaudithook(_course_audit)
del _course_audit
"""
_TRACE_END = r"""
import json as _course_json, os as _course_os

_course_files = sorted({_course_os.path.abspath(p) for p in _course_opened} |
    {_course_os.path.abspath(m.__file__) for m in list(_course_sys.modules.values())
     if getattr(m, "__file__", None)})
print(_course_json.dumps({"read": _course_files,
    "written": sorted(_course_os.path.abspath(p) for p in _course_written), "network": _course_network}))
"""


@dataclass
class Result:
    """The outcome for one notebook."""

    source: Path
    executed: Path | None
    cached: bool
    seconds: float = 0.0
    dependencies: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def read_notebook(notebook: Path, shown: str) -> tuple[nbformat.NotebookNode | None, list[Finding]]:
    """The notebook, or a located finding saying why it cannot be read (never a traceback)."""
    try:
        return nbformat.read(str(notebook), as_version=4), []
    except Exception as error:  # NotJSONError, ValidationError, OSError, UnicodeDecodeError, ...
        reason = str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__
        return None, [Finding(shown, 1, f"notebook is not a valid .ipynb file: {reason}", INVALID.fix, INVALID.id)]


def _scratch_base(notebook: Path, repo_root: Path) -> Path:
    """What is copied for the run: docs/ when the notebook is in it, else the notebook's folder."""
    docs = repo_root / "docs"
    return docs if notebook.resolve().is_relative_to(docs.resolve()) else notebook.parent


def execute(
    notebook: Path,
    repo_root: Path,
    timeout: int = DEFAULT_TIMEOUT,
    kernel_name: str = "python3",
    output_bytes: int = DEFAULT_OUTPUT_BYTES,
    bounds: sandbox.Bounds | None = None,
) -> tuple[nbformat.NotebookNode | None, set[Path], list[Finding]]:
    """Run every code cell; return the executed notebook, the files it read and any failure.

    The kernel runs in a scratch copy of docs/ (so the notebook cannot change the sources through
    relative paths), with a token in its environment by which every process it started is killed
    afterwards (:mod:`coursetools.safety.processes`), inside the sandbox of
    :mod:`coursetools.safety.sandbox` (scrubbed environment, memory, processes, no network, a
    wall-time bound for the whole notebook). Its outputs are sanitized (:mod:`.sanitize`)."""
    from jupyter_client import AsyncKernelManager
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    bounds = bounds or sandbox.Bounds()

    repo_root = repo_root.resolve()
    shown = notebook.resolve().relative_to(repo_root).as_posix()
    nb, findings = read_notebook(notebook, shown)
    if nb is None:
        return None, set(), findings
    base = _scratch_base(notebook, repo_root).resolve()
    scratch = Path(tempfile.mkdtemp(prefix="course-notebook-")).resolve()
    work_base = scratch / base.name
    token = process_guard.new_token()
    files: set[Path] = set()
    recorded: dict[str, list[str]] = {}
    trace_start = nbformat.v4.new_code_cell(sandbox.KERNEL_GUARD + _TRACE_START)
    trace_end = nbformat.v4.new_code_cell(_TRACE_END)
    cells = nb.cells
    nb.cells = [trace_start, *cells, trace_end]
    group = sandbox.ProcessGroup(token, bounds.processes)
    km = None
    try:
        shutil.copytree(base, work_base, symlinks=True, ignore=shutil.ignore_patterns(".*", "__pycache__", "*.ipynb"))
        workdir = work_base / notebook.resolve().parent.relative_to(base)
        sandbox.prepare_home(scratch / "home")
        prefix = sandbox.launcher(bounds, group)

        class SandboxedKernel(AsyncKernelManager):
            def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
                return prefix + super().format_kernel_cmd(extra_arguments)

        # ipc: Unix sockets in the scratch folder reach a kernel that has no network.
        (scratch / "kernel").mkdir()
        km = SandboxedKernel(
            kernel_name=kernel_name,
            transport="ipc",
            ip=str(scratch / "kernel" / "k"),
            connection_file=str(scratch / "kernel" / "connection.json"),
        )
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            kernel_name=kernel_name,
            allow_errors=False,
            resources={"metadata": {"path": str(workdir)}},
            # The same page from the same code: a cell's prints are one output however the kernel
            # chunked them, and no execution timestamps go into the published .ipynb.
            coalesce_streams=True,
            record_timing=False,
        )
        # Only the allow-listed variables; the token marks the kernel's processes.
        env = {**sandbox.scrubbed_environment(os.environ, scratch / "home"), process_guard.MARK: token}
        # The kernel's own stderr (e.g. its TCP warning) is noise in a build log; errors
        # come back as messages and are reported below.
        with client.setup_kernel(stderr=subprocess.DEVNULL, env=env):
            deadline = time.monotonic() + bounds.notebook_seconds  # from a started kernel
            for index, cell in enumerate(nb.cells):
                number = index  # cells[0] is the trace cell, so index is the 1-based user cell
                left = deadline - time.monotonic()
                client.timeout = max(1, int(min(timeout, left)))
                refused = group.refused()
                try:
                    client.execute_cell(cell, index)
                    if group.refused() > refused:
                        findings.append(breaches.processes(shown, number, bounds))
                        break
                except CellTimeoutError:
                    if group.refused() > refused:  # a fork bomb stopped at the limit, still forking
                        findings.append(breaches.processes(shown, number, bounds))
                        break
                    if left < timeout:
                        findings.append(breaches.wall_time(shown, number, bounds))
                        break
                    findings.append(
                        Finding(
                            shown,
                            0,
                            f"cell {number} ran longer than the {timeout} s timeout and was stopped",
                            "make it faster (smaller data, fewer iterations) or raise "
                            "`extra.course.notebook_timeout` in mkdocs.yml",
                            "notebook-timeout",
                            where=f"cell {number}",
                        )
                    )
                    break
                except CellExecutionError as error:
                    bound = breaches.breach(shown, number, error.ename, error.evalue, bounds, group.refused() - refused)
                    if bound is not None:
                        findings.append(bound)
                        break
                    findings.append(
                        Finding(
                            shown,
                            0,
                            f"cell {number} raised {error.ename}: {error.evalue}",
                            "fix the cell (run the notebook in Jupyter to debug it); "
                            f"first line of the cell: {_first_line(cell.source)!r}",
                            "notebook-error",
                            where=f"cell {number}",
                        )
                    )
                    break
                except DeadKernelError as error:
                    findings.append(
                        Finding(
                            shown,
                            0,
                            f"the kernel died while running cell {number}: {str(error).splitlines()[0][:120]}",
                            f"the cell may use more than the {bounds.memory_mb} MB memory limit "
                            "(`extra.course.limits.notebook_memory_mb`)",
                            "notebook-dead-kernel",
                            where=f"cell {number}",
                        )
                    )
                    break
            else:
                output = "".join(
                    o.get("text", "") for o in trace_end.get("outputs", []) if o.get("output_type") == "stream"
                )
                try:
                    recorded = json.loads(output.strip().splitlines()[-1])
                except (ValueError, IndexError):
                    recorded = {}
    except Exception as error:  # kernel could not start: report, never a traceback
        if not findings:
            findings.append(
                Finding(
                    shown,
                    0,
                    f"the notebook kernel could not run: {error}",
                    "check that ipykernel is installed (pip install -e .)",
                    "notebook-kernel",
                    where="kernel",
                )
            )
    finally:
        if km is not None:
            with contextlib.suppress(Exception):  # already dead or never started: the kills below remain
                run_sync(km.shutdown_kernel)(now=True)
        group.close()
        process_guard.kill_marked(token)
        shutil.rmtree(scratch, ignore_errors=True)
    if not findings and isinstance(recorded, dict):
        read = [_from_scratch(p, scratch, base) for p in recorded.get("read", [])]
        written = recorded.get("written", [])  # in the scratch copy is harmless: not mapped back
        files = _project_files(read + _named_paths(nb, notebook), notebook, repo_root)
        findings.extend(_outside_reads(read, shown, repo_root, scratch))
        findings.extend(_network_attempts(nb, recorded.get("network", []), shown))
        findings.extend(
            Finding(
                shown,
                1,
                f"the notebook wrote `{_shown_any(Path(p), repo_root)}` in the repository while it ran",
                WROTE_SOURCES.fix,
                WROTE_SOURCES.id,
            )
            for p in written
            if Path(p).is_relative_to(repo_root)
        )
    nb.cells = cells
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("execution_count"):
            cell.execution_count -= 1
    findings.extend(_output_size_findings(nb, shown, output_bytes))
    sanitize.clean_notebook(nb)
    return nb, files, findings


def _network_attempts(nb: nbformat.NotebookNode, attempts: list[Any], shown: str) -> list[Finding]:
    """One finding per cell that tried the network and caught the refusal. The guard counts the
    code cells run after the trace cell (cells[0]); empty cells are not run."""
    ran = [i for i, cell in enumerate(nb.cells) if i and cell.cell_type == "code" and cell.source.strip()]
    out: dict[int, Finding] = {}
    for count, event, target in attempts:
        if isinstance(count, int) and 0 < count <= len(ran) and ran[count - 1] not in out:
            out[ran[count - 1]] = breaches.network(shown, ran[count - 1], f"{event} {target}")
    return list(out.values())


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:80]
    return ""


def run_all(
    notebooks: list[Path],
    repo_root: Path,
    cache_dir: Path,
    timeout: int = DEFAULT_TIMEOUT,
    workers: int = 2,
    output_bytes: int = DEFAULT_OUTPUT_BYTES,
    bounds: sandbox.Bounds | None = None,
) -> list[Result]:
    """Bring every notebook's executed copy up to date, executing only the stale ones.

    A notebook that changed a file under docs/ while it ran (even from a process it started) fails,
    with the file named, and is not cached; so does one whose cells or outputs hold a secret
    (:mod:`.secrets`, also checked on a cached copy) or that breached a bound of the sandbox."""
    bounds = bounds or sandbox.Bounds()
    cache = NotebookCache(cache_dir, repo_root, bounds.key())
    repo = Path(repo_root).resolve()
    docs = Path(repo_root).resolve() / "docs"
    before = _snapshot(docs)

    def one(notebook: Path) -> tuple[Result, nbformat.NotebookNode | None, set[Path]]:
        shown = notebook.resolve().relative_to(repo).as_posix()
        hit = cache.lookup(notebook)
        if hit:
            leaks = secrets.scan(nbformat.read(str(hit), as_version=4), shown)
            if not leaks:
                return Result(notebook, hit, True, 0.0, cache.dependencies(notebook)), None, set()
            return Result(notebook, None, True, 0.0, [], leaks), None, set()
        started = time.perf_counter()
        nb, files, findings = execute(notebook, repo_root, timeout, output_bytes=output_bytes, bounds=bounds)
        seconds = time.perf_counter() - started
        if nb is not None:
            findings.extend(secrets.scan(nb, shown))
        return Result(notebook, None, False, seconds, [], findings), nb, files

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        runs = list(pool.map(one, notebooks))
    # The kernel clients nbclient leaves behind log "Could not destroy zmq context" when they are
    # garbage-collected: collect them now, not in the middle of a later page's conversion (where
    # the page cache took the record for that page's own warning and did not keep the page).
    gc.collect()
    executed = [result for result, _, _ in runs if not result.cached]
    changed = _changed(before, _snapshot(docs)) if executed else []
    for path in changed:
        names = ", ".join(result.source.name for result in executed)
        for result in executed:
            result.findings.append(
                Finding(
                    _shown_any(path, Path(repo_root).resolve()),
                    1,
                    f"`{path.name}` was written under docs/ while notebooks ran ({names})",
                    WROTE_SOURCES.fix,
                    WROTE_SOURCES.id,
                )
            )
    results = []
    for result, nb, files in runs:
        if not result.cached and not result.findings and nb is not None:
            result.executed = cache.store(result.source, nb, files)
            result.dependencies = sorted(f.relative_to(repo_root).as_posix() for f in files)
        results.append(result)
    return results
