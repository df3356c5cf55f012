"""The executed-notebook cache: what each run read (its dependencies), and the key that says an
executed copy is still valid."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import tempfile
from importlib import metadata
from pathlib import Path

import nbformat

from .policy import CACHE_VERSION, ENV_PACKAGES

_PATH_LITERAL = re.compile(r"""["']([^"'\n]+\.[A-Za-z0-9]{1,6})["']""")


def environment_key() -> dict[str, str]:
    """The Python version and the versions of the packages whose change re-executes every notebook
    (``missing`` for one not installed)."""
    versions = {"python": platform.python_version()}
    for name in ENV_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


def sha256(path: Path) -> str | None:
    """The file's SHA-256 in hex; None when it cannot be read (missing, say)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class NotebookCache:
    """Executed notebooks under ``cache_dir``, one folder per source notebook."""

    def __init__(self, cache_dir: Path, repo_root: Path, sandbox: dict[str, object] | None = None):
        self.cache_dir = cache_dir
        self.repo_root = repo_root
        # The sandbox's bounds are part of the key: changing a limit re-executes.
        self.env: dict[str, object] = {**environment_key(), "sandbox": sandbox or {}}

    def _slot(self, notebook: Path) -> Path:
        """A folder per notebook that mirrors its source path, so the executed copy keeps the
        notebook's folder and name (``.../docs/notebooks/x.ipynb``) and path patterns such as
        mkdocs-jupyter's ``include`` still match it."""
        rel = notebook.resolve().relative_to(self.repo_root)
        return self.cache_dir / rel.parent / f".{rel.name}.entry"

    def lookup(self, notebook: Path) -> Path | None:
        """The executed copy of ``notebook`` if still valid (same cache version, environment, sandbox
        bounds, notebook bytes and bytes of every file it read); else None."""
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
        """The repository-relative paths the stored execution read, sorted; empty when nothing is stored."""
        try:
            return sorted(json.loads((self._slot(notebook) / "entry.json").read_text())["dependencies"])
        except (OSError, ValueError, KeyError):
            return []

    def store(self, notebook: Path, executed: nbformat.NotebookNode, files: set[Path]) -> Path:
        """Keep ``executed`` (at the notebook's path mirrored under the cache) with its entry: the
        environment and the digests of the notebook and of each readable file of ``files`` (all inside the
        repository). Returns the executed copy's path."""
        slot = self._slot(notebook)
        slot.mkdir(parents=True, exist_ok=True)
        deps = {}
        for file in sorted(files):
            rel = file.relative_to(self.repo_root).as_posix()
            digest = sha256(file)
            if digest:
                deps[rel] = digest
        target = slot.parent / notebook.name
        # Each file is written whole, then renamed: builds sharing the folder (tests in parallel,
        # a preview beside a build) never read half a notebook or half an entry.
        text = nbformat.writes(executed)
        _write_atomically(target, text if text.endswith("\n") else text + "\n")  # as nbformat.write
        entry = {"version": CACHE_VERSION, "env": self.env, "notebook": sha256(notebook), "dependencies": deps}
        _write_atomically(slot / "entry.json", json.dumps(entry, indent=1, sort_keys=True))
        return target


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
