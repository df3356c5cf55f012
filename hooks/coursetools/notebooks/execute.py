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
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import nbformat

from ..findings import Finding, rule
from ..safety import processes as process_guard
from ..safety import sanitize
from ..safety.files import DEFAULT_OUTPUT_BYTES, LIMITS_SETTING, human_bytes

rule(
    "notebook-timeout",
    "notebooks",
    "Every notebook cell finishes within the timeout.",
    "Make the cell faster, or raise `extra.course.notebook_timeout` in mkdocs.yml.",
)
rule(
    "notebook-error",
    "notebooks",
    "Every notebook cell runs without raising an exception.",
    "Fix the cell; run the notebook in Jupyter to debug it.",
)
rule("notebook-dead-kernel", "notebooks", "The kernel survives every cell.", "Use less memory in the cell named.")
rule(
    "notebook-kernel",
    "notebooks",
    "The notebook kernel can start.",
    "Install the course's requirements (README) so ipykernel is available.",
)
rule(
    "notebook-alt",
    "notebooks",
    "Every figure a notebook draws has alt text.",
    "Give the figure alt text (see docs/notebooks/nbhelpers.py).",
)

CACHE_VERSION = 2  # 2: outputs sanitized (coursetools.safety.sanitize)
DEFAULT_TIMEOUT = 120  # seconds per cell

INVALID = rule(
    "notebook-invalid",
    "notebooks",
    "a notebook must be a valid .ipynb (JSON) file",
    "open and save it in Jupyter, or restore it from version control",
)
OUTPUT_TOO_LARGE = rule(
    "notebook-output-too-large",
    "notebooks",
    "a cell's outputs must not exceed the output size limit",
    f"print less (a summary, the first rows), or raise `{LIMITS_SETTING}.output_bytes` in mkdocs.yml",
)
WROTE_SOURCES = rule(
    "notebook-wrote-sources",
    "notebooks",
    "a notebook must not write into the repository while it runs",
    "write results to a temporary folder (tempfile), or show them as output",
)
READ_OUTSIDE = rule(
    "notebook-read-outside",
    "notebooks",
    "a notebook must read only files of the repository",
    "copy the file into docs/notebooks/data/ and read it from there",
)
# Read by Python and its libraries on their own: not the notebook's data.
_SYSTEM_PREFIXES = tuple(
    sorted(
        {
            sys.prefix,
            sys.base_prefix,
            sys.exec_prefix,
            "/usr/",
            "/lib",
            "/proc/",
            "/sys/",
            "/dev/",
            "/etc/localtime",
            "/etc/timezone",
            "/etc/fonts/",
            "/etc/ssl/",
            "/etc/mime.types",
            "/etc/matplotlibrc",
            "/tmp/matplotlib",
            os.path.expanduser("~/.cache/"),
            os.path.expanduser("~/.config/"),
            os.path.expanduser("~/.local/"),
            os.path.expanduser("~/.matplotlib/"),
            os.path.expanduser("~/.ipython/"),
        }
    )
)
ENV_PACKAGES = ("ipykernel", "numpy", "matplotlib", "tokenizers", "nbclient")

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
        entry = {"version": CACHE_VERSION, "env": self.env, "notebook": sha256(notebook), "dependencies": deps}
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
    found: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            found.extend(m.group(1) for m in _PATH_LITERAL.finditer(cell.source))
    return [p for p in found if (notebook.parent / p).is_file()]


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


def _from_scratch(raw: str, scratch: Path, base: Path) -> str:
    """A path the kernel saw in the scratch copy, as the source path it stands for."""
    path = Path(raw)
    if path.is_relative_to(scratch / base.name):
        return str(base / path.relative_to(scratch / base.name))
    return raw


def _shown_any(path: Path, repo_root: Path) -> str:
    return path.relative_to(repo_root).as_posix() if path.is_relative_to(repo_root) else str(path)


def _outside_reads(read: list[str], shown: str, repo_root: Path, scratch: Path) -> list[Finding]:
    out = []
    for raw in sorted(set(read)):
        path = Path(raw)
        if (
            path.is_relative_to(repo_root)
            or path.is_relative_to(scratch)
            or raw.startswith(_SYSTEM_PREFIXES)
            or "site-packages" in path.parts
            or not path.is_file()
        ):
            continue
        out.append(
            Finding(
                shown,
                1,
                f"the notebook read `{raw}`, outside the repository: the build "
                "cannot tell when it changes, and CI does not have it",
                READ_OUTSIDE.fix,
                READ_OUTSIDE.id,
            )
        )
    return out


def _output_size_findings(nb: nbformat.NotebookNode, shown: str, limit: int) -> list[Finding]:
    out = []
    for number, cell in enumerate(nb.cells, start=1):
        outputs = cell.get("outputs") or []
        size = len(json.dumps(outputs)) if outputs else 0
        if size > limit:
            out.append(
                Finding(
                    shown,
                    0,
                    f"cell {number} printed {human_bytes(size)} of output, over the "
                    f"limit of {human_bytes(limit)} (`{LIMITS_SETTING}.output_bytes`)",
                    OUTPUT_TOO_LARGE.fix,
                    OUTPUT_TOO_LARGE.id,
                    where=f"cell {number}",
                )
            )
    return out


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


def _snapshot(folder: Path) -> dict[Path, tuple[int, int]]:
    """Size and modification time of every file under ``folder`` (symlinks not followed)."""
    out = {}
    for base, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            path = Path(base) / name
            try:
                info = path.lstat()
            except OSError:
                continue
            out[path] = (info.st_size, info.st_mtime_ns)
    return out


def _changed(before: dict[Path, tuple[int, int]], after: dict[Path, tuple[int, int]]) -> list[Path]:
    return sorted(path for path, stat in after.items() if before.get(path) != stat)


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
            if (
                "image/png" in output.get("data", {})
                and not output.get("metadata", {}).get("image/png", {}).get("alt", "").strip()
            ):
                out.append(
                    Finding(
                        shown,
                        0,
                        f"cell {number} shows a figure without alt text",
                        'display it with `nbhelpers.show_figure(fig, alt="what the figure shows")`',
                        "notebook-alt",
                        where=f"cell {number}",
                    )
                )
    return out
