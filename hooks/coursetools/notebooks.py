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

import hashlib
import json
import os
import platform
import re
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import nbformat

from .findings import Finding, rule

rule('notebook-timeout', 'notebooks',
     'Every notebook cell finishes within the timeout.',
     'Make the cell faster, or raise `extra.course.notebook_timeout` in mkdocs.yml.')
rule('notebook-error', 'notebooks',
     'Every notebook cell runs without raising an exception.',
     'Fix the cell; run the notebook in Jupyter to debug it.')
rule('notebook-dead-kernel', 'notebooks',
     'The kernel survives every cell.',
     'Use less memory in the cell named.')
rule('notebook-kernel', 'notebooks',
     'The notebook kernel can start.',
     "Install the course's requirements (README) so ipykernel is available.")
rule('notebook-alt', 'notebooks',
     'Every figure a notebook draws has alt text.',
     'Give the figure alt text (see docs/notebooks/nbhelpers.py).')

CACHE_VERSION = 1
DEFAULT_TIMEOUT = 120  # seconds per cell
ENV_PACKAGES = ("ipykernel", "numpy", "matplotlib", "tokenizers", "nbclient")

# Run in the kernel before the notebook: record what it opens, never the notebook's own output.
_TRACE_START = r"""
import sys as _course_sys
_course_opened = set()
def _course_audit(event, args, _seen=_course_opened):
    if event == "open" and args and isinstance(args[0], str):
        _seen.add(args[0])
_course_sys.addaudithook(_course_audit)
del _course_audit
"""
_TRACE_END = r"""
import json as _course_json, os as _course_os

_course_files = sorted({_course_os.path.abspath(p) for p in _course_opened} |
    {_course_os.path.abspath(m.__file__) for m in list(_course_sys.modules.values())
     if getattr(m, "__file__", None)})
print(_course_json.dumps(_course_files))
"""
_PATH_LITERAL = re.compile(r"""["']([^"'\n]+\.[A-Za-z0-9]{1,6})["']""")


@dataclass
class Result:
    """The outcome for one notebook."""

    source: Path
    executed: Path | None
    cached: bool
    seconds: float = 0.0
    dependencies: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def environment_key() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in ENV_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


def sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class NotebookCache:
    """Executed notebooks under ``cache_dir``, one folder per source notebook."""

    def __init__(self, cache_dir: Path, repo_root: Path):
        self.cache_dir = cache_dir
        self.repo_root = repo_root
        self.env = environment_key()

    def _slot(self, notebook: Path) -> Path:
        """A folder per notebook that mirrors its source path, so the executed copy keeps the
        notebook's folder and name (``.../docs/notebooks/x.ipynb``) and path patterns such as
        mkdocs-jupyter's ``include`` still match it."""
        rel = notebook.resolve().relative_to(self.repo_root)
        return self.cache_dir / rel.parent / f".{rel.name}.entry"

    def lookup(self, notebook: Path) -> Path | None:
        slot = self._slot(notebook)
        try:
            entry = json.loads((slot / "entry.json").read_text())
        except (OSError, ValueError):
            return None
        if entry.get("version") != CACHE_VERSION or entry.get("env") != self.env:
            return None
        if entry.get("notebook") != sha256(notebook):
            return None
        for rel, digest in entry.get("dependencies", {}).items():
            if sha256(self.repo_root / rel) != digest:
                return None
        executed = slot.parent / notebook.name
        return executed if executed.exists() else None

    def dependencies(self, notebook: Path) -> list[str]:
        try:
            return sorted(json.loads((self._slot(notebook) / "entry.json").read_text())["dependencies"])
        except (OSError, ValueError, KeyError):
            return []

    def store(self, notebook: Path, executed: nbformat.NotebookNode, files: set[Path]) -> Path:
        slot = self._slot(notebook)
        slot.mkdir(parents=True, exist_ok=True)
        deps = {}
        for file in sorted(files):
            rel = file.relative_to(self.repo_root).as_posix()
            digest = sha256(file)
            if digest:
                deps[rel] = digest
        target = slot.parent / notebook.name
        nbformat.write(executed, str(target))
        entry = {"version": CACHE_VERSION, "env": self.env, "notebook": sha256(notebook),
                 "dependencies": deps}
        (slot / "entry.json").write_text(json.dumps(entry, indent=1, sort_keys=True))
        return target


def _project_files(paths: list[str], notebook: Path, repo_root: Path) -> set[Path]:
    """The recorded paths that belong to the project (not the notebook itself, not libraries)."""
    out = set()
    for raw in paths:
        path = Path(raw)
        if not path.is_absolute():
            path = notebook.parent / path
        try:
            path = path.resolve()
            path.relative_to(repo_root)
        except (OSError, ValueError):
            continue
        if "site-packages" in path.parts or ".cache" in path.parts or path == notebook.resolve():
            continue
        if path.name.endswith(".pyc") and path.parent.name == "__pycache__":
            path = path.parent.parent / (path.name.split(".")[0] + ".py")
        if path.is_file():
            out.add(path)
    return out


def _named_paths(nb: nbformat.NotebookNode, notebook: Path) -> list[str]:
    found = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            found.extend(m.group(1) for m in _PATH_LITERAL.finditer(cell.source))
    return [p for p in found if (notebook.parent / p).is_file()]


def execute(notebook: Path, repo_root: Path, timeout: int = DEFAULT_TIMEOUT,
            kernel_name: str = "python3") -> tuple[nbformat.NotebookNode, set[Path], list[Finding]]:
    """Run every code cell; return the executed notebook, the files it read and any failure."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    shown = notebook.resolve().relative_to(repo_root).as_posix()
    nb = nbformat.read(str(notebook), as_version=4)
    trace_start = nbformat.v4.new_code_cell(_TRACE_START)
    trace_end = nbformat.v4.new_code_cell(_TRACE_END)
    cells = nb.cells
    nb.cells = [trace_start, *cells, trace_end]
    client = NotebookClient(
        nb, timeout=timeout, kernel_name=kernel_name, allow_errors=False,
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    findings: list[Finding] = []
    files: set[Path] = set()
    env_backup = os.environ.get("PYDEVD_DISABLE_FILE_VALIDATION")
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # quiet debugger warning in the kernel
    try:
        # The kernel's own stderr (e.g. its TCP warning) is noise in a build log; errors
        # come back as messages and are reported below.
        with client.setup_kernel(stderr=subprocess.DEVNULL):
            for index, cell in enumerate(nb.cells):
                number = index  # cells[0] is the trace cell, so index is the 1-based user cell
                try:
                    client.execute_cell(cell, index)
                except CellTimeoutError:
                    findings.append(Finding(
                        shown, 0,
                        f"cell {number} ran longer than the {timeout} s timeout and was stopped",
                        "make it faster (smaller data, fewer iterations) or raise "
                        "`extra.course.notebook_timeout` in mkdocs.yml", "notebook-timeout",
                        where=f"cell {number}"))
                    break
                except CellExecutionError as error:
                    findings.append(Finding(
                        shown, 0, f"cell {number} raised {error.ename}: {error.evalue}",
                        "fix the cell (run the notebook in Jupyter to debug it); "
                        f"first line of the cell: {_first_line(cell.source)!r}",
                        "notebook-error", where=f"cell {number}"))
                    break
                except DeadKernelError as error:
                    findings.append(Finding(
                        shown, 0, f"the kernel died while running cell {number}: {error}",
                        "the cell may use too much memory", "notebook-dead-kernel",
                        where=f"cell {number}"))
                    break
            else:
                output = "".join(o.get("text", "") for o in trace_end.get("outputs", [])
                                 if o.get("output_type") == "stream")
                try:
                    recorded = json.loads(output.strip().splitlines()[-1])
                except (ValueError, IndexError):
                    recorded = []
                files = _project_files(recorded + _named_paths(nb, notebook), notebook, repo_root)
    except Exception as error:  # kernel could not start: report, never a traceback
        if not findings:
            findings.append(Finding(shown, 0, f"the notebook kernel could not run: {error}",
                                    "check that ipykernel is installed (pip install -e .)",
                                    "notebook-kernel", where="kernel"))
    finally:
        if env_backup is None:
            os.environ.pop("PYDEVD_DISABLE_FILE_VALIDATION", None)
        else:
            os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = env_backup
    nb.cells = cells
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("execution_count"):
            cell.execution_count -= 1
    return nb, files, findings


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:80]
    return ""


def run_all(notebooks: list[Path], repo_root: Path, cache_dir: Path,
            timeout: int = DEFAULT_TIMEOUT, workers: int = 2) -> list[Result]:
    """Bring every notebook's executed copy up to date, executing only the stale ones."""
    cache = NotebookCache(cache_dir, repo_root)

    def one(notebook: Path) -> Result:
        hit = cache.lookup(notebook)
        if hit:
            return Result(notebook, hit, True, 0.0, cache.dependencies(notebook))
        started = time.perf_counter()
        nb, files, findings = execute(notebook, repo_root, timeout)
        seconds = time.perf_counter() - started
        if findings:
            return Result(notebook, None, False, seconds, [], findings)
        target = cache.store(notebook, nb, files)
        rel = sorted(f.relative_to(repo_root).as_posix() for f in files)
        return Result(notebook, target, False, seconds, rel)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, notebooks))


# --- Rendering help: alt text and search ------------------------------------------------------

def figure_alts(notebook: Path) -> dict[str, str]:
    """Map a PNG's base64 prefix to the alt text its output declared (``image/png.alt``)."""
    nb = nbformat.from_dict(json.loads(notebook.read_text(encoding="utf-8")))  # no validation: we wrote it
    alts = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                png = data["image/png"].replace("\n", "")
                alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
                alts[png[:200]] = alt
    return alts


def figure_findings(executed: Path, shown: str) -> list[Finding]:
    """Every figure output must carry alt text; ``shown`` is the source notebook's path."""
    nb = nbformat.from_dict(json.loads(executed.read_text(encoding="utf-8")))
    out = []
    for number, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}) and not output.get("metadata", {}).get(
                    "image/png", {}).get("alt", "").strip():
                out.append(Finding(
                    shown, 0, f"cell {number} shows a figure without alt text",
                    "display it with `nbhelpers.show_figure(fig, alt=\"what the figure shows\")`",
                    "notebook-alt", where=f"cell {number}"))
    return out
