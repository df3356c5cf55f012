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

import json
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..findings import Finding
from ..safety import processes as process_guard
from ..safety import sanitize
from ..safety.files import DEFAULT_OUTPUT_BYTES
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
    "written": sorted(_course_os.path.abspath(p) for p in _course_written)}))
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
) -> tuple[nbformat.NotebookNode | None, set[Path], list[Finding]]:
    """Run every code cell; return the executed notebook, the files it read and any failure.

    The kernel runs in a scratch copy of docs/ (so the notebook cannot change the sources through
    relative paths), with a token in its environment by which every process it started is killed
    afterwards (:mod:`coursetools.safety.processes`). Its outputs are sanitized (:mod:`.sanitize`)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

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
    trace_start = nbformat.v4.new_code_cell(_TRACE_START)
    trace_end = nbformat.v4.new_code_cell(_TRACE_END)
    cells = nb.cells
    nb.cells = [trace_start, *cells, trace_end]
    try:
        shutil.copytree(base, work_base, symlinks=True, ignore=shutil.ignore_patterns(".*", "__pycache__", "*.ipynb"))
        workdir = work_base / notebook.resolve().parent.relative_to(base)
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name=kernel_name,
            allow_errors=False,
            resources={"metadata": {"path": str(workdir)}},
        )
        # PYDEVD_...: quiet debugger warning in the kernel; the token marks its processes.
        env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1", process_guard.MARK: token}
        # The kernel's own stderr (e.g. its TCP warning) is noise in a build log; errors
        # come back as messages and are reported below.
        with client.setup_kernel(stderr=subprocess.DEVNULL, env=env):
            for index, cell in enumerate(nb.cells):
                number = index  # cells[0] is the trace cell, so index is the 1-based user cell
                try:
                    client.execute_cell(cell, index)
                except CellTimeoutError:
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
                            f"the kernel died while running cell {number}: {error}",
                            "the cell may use too much memory",
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
        process_guard.kill_marked(token)
        shutil.rmtree(scratch, ignore_errors=True)
    if not findings and isinstance(recorded, dict):
        read = [_from_scratch(p, scratch, base) for p in recorded.get("read", [])]
        written = recorded.get("written", [])  # in the scratch copy is harmless: not mapped back
        files = _project_files(read + _named_paths(nb, notebook), notebook, repo_root)
        findings.extend(_outside_reads(read, shown, repo_root, scratch))
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
) -> list[Result]:
    """Bring every notebook's executed copy up to date, executing only the stale ones.

    A notebook that changed a file under docs/ while it ran (even from a process it started) fails,
    with the file named, and is not cached."""
    cache = NotebookCache(cache_dir, repo_root)
    docs = Path(repo_root).resolve() / "docs"
    before = _snapshot(docs)

    def one(notebook: Path) -> tuple[Result, nbformat.NotebookNode | None, set[Path]]:
        hit = cache.lookup(notebook)
        if hit:
            return Result(notebook, hit, True, 0.0, cache.dependencies(notebook)), None, set()
        started = time.perf_counter()
        nb, files, findings = execute(notebook, repo_root, timeout, output_bytes=output_bytes)
        seconds = time.perf_counter() - started
        return Result(notebook, None, False, seconds, [], findings), nb, files

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        runs = list(pool.map(one, notebooks))
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
