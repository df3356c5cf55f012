"""Which files under docs/ may be read and published: the file policy of the checker and the build.

A course is built in CI from pull requests, so a file under ``docs/`` is hostile until shown
otherwise. Before anything reads a file, :func:`scan_docs` walks ``docs/`` without following
symlinks and refuses, each with one located finding:

- a symlink that resolves outside the repository (it would publish its target, e.g.
  ``/proc/self/environ``), a symlink loop and a dangling symlink;
- a folder whose name ends in ``.md`` (it is not a page);
- a file larger than the size limit (``extra.course.limits.file_bytes`` in mkdocs.yml);
- a Markdown page that is binary (has NUL bytes) or is not UTF-8 (e.g. saved as Latin-1).

The checker skips refused files; the build removes them from MkDocs' files, so they never reach
``site/``, and fails.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Finding, rule
from ..repo import read_config  # the one reader of mkdocs.yml
from .sandbox import Bounds

# The one home of the default limits; mkdocs.yml may override them under `extra.course.limits`.
DEFAULT_FILE_BYTES = 2_000_000  # any one file under docs/
DEFAULT_OUTPUT_BYTES = 1_000_000  # the outputs of one notebook cell, once executed
DEFAULT_RENDER_SECONDS = 10  # Markdown to HTML for one unusual page (coursetools.safety.render_budget)
LIMITS_SETTING = "extra.course.limits"
_BOUNDS = ("memory_mb", "processes", "seconds")

SYMLINK_OUTSIDE = rule(
    "file-symlink-outside",
    "files",
    "a symlink under docs/ must resolve inside the repository",
    "copy the file into the repository instead of linking to it",
)
SYMLINK_LOOP = rule(
    "file-symlink-loop",
    "files",
    "a symlink under docs/ must not point back at itself or a parent folder",
    "delete the symlink",
)
SYMLINK_DANGLING = rule(
    "file-symlink-dangling",
    "files",
    "a symlink under docs/ must point at an existing file",
    "delete the symlink or restore its target",
)
FOLDER_MD = rule(
    "file-folder-named-md",
    "files",
    "a folder under docs/ must not be named like a page (`*.md`)",
    "rename the folder without the `.md` ending",
)
TOO_LARGE = rule(
    "file-too-large",
    "files",
    "a file under docs/ must not exceed the size limit",
    f"make the file smaller, or raise `{LIMITS_SETTING}.file_bytes` in mkdocs.yml",
)
BINARY = rule(
    "file-binary",
    "files",
    "a Markdown page must be text, not binary data",
    "replace the file with a UTF-8 text Markdown page",
)
ENCODING = rule(
    "file-encoding",
    "files",
    "a Markdown page must be UTF-8 encoded",
    "re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
)


@dataclass(frozen=True)
class Limits:
    """Size limits, in bytes, and time and resource bounds."""

    file_bytes: int = DEFAULT_FILE_BYTES
    output_bytes: int = DEFAULT_OUTPUT_BYTES
    render_seconds: int = DEFAULT_RENDER_SECONDS
    notebook_memory_mb: int = Bounds.memory_mb
    notebook_processes: int = Bounds.processes
    notebook_seconds: int = Bounds.notebook_seconds

    @property
    def notebook_bounds(self) -> Bounds:
        """The sandbox of a notebook execution (coursetools.safety.sandbox)."""
        return Bounds(self.notebook_memory_mb, self.notebook_processes, self.notebook_seconds)

    @classmethod
    def from_extra(cls, extra: Mapping[str, Any] | None) -> Limits:
        """Read ``extra.course.limits`` of mkdocs.yml (missing or invalid values keep the default)."""
        course = (extra or {}).get("course") if isinstance(extra, Mapping) else None
        limits = course.get("limits") if isinstance(course, Mapping) else None
        if not isinstance(limits, Mapping):
            return cls()
        values = {}
        for name in ("file_bytes", "output_bytes", "render_seconds", *(f"notebook_{n}" for n in _BOUNDS)):
            value = limits.get(name)
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                values[name] = value
        return cls(**values)

    @classmethod
    def from_repo(cls, repo_root: Path) -> Limits:
        """The limits set in the repository's mkdocs.yml (what the standalone checker uses)."""
        return cls.from_extra(read_config(Path(repo_root) / "mkdocs.yml").get("extra"))


@dataclass
class DocsScan:
    """The outcome of :func:`scan_docs`: findings, and the refused paths relative to docs/ (posix)."""

    findings: list[Finding] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)

    def allows(self, path: Path, docs_dir: Path) -> bool:
        """False for a refused path or one inside a refused folder; a path outside ``docs_dir`` is allowed."""
        try:
            rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(docs_dir)).as_posix()
        except ValueError:
            return True
        return rel not in self.refused and not any(rel.startswith(r + "/") for r in self.refused)


# Findings that mean "this file is not read": the build drops the file rather than let MkDocs read it.
REFUSING_RULES = frozenset(
    {
        SYMLINK_OUTSIDE.id,
        SYMLINK_LOOP.id,
        SYMLINK_DANGLING.id,
        FOLDER_MD.id,
        TOO_LARGE.id,
        BINARY.id,
        ENCODING.id,
        "frontmatter-alias",
        "frontmatter-depth",
        "file-untrusted-script",  # coursetools.safety.active_files
        "file-svg-active",
    }
)


def refused_paths(findings: list[Finding]) -> set[str]:
    """The shown paths (``docs/...``) of the files and folders that ``findings`` refuse."""
    return {finding.path for finding in findings if finding.rule in REFUSING_RULES}


def shown_prefix(docs_dir: Path, repo_root: Path) -> str:
    """How findings name the docs folder: ``docs/`` (relative to the repository)."""
    docs = Path(os.path.abspath(docs_dir))
    root = Path(repo_root).resolve()
    return (docs.relative_to(root).as_posix() if docs.is_relative_to(root) else docs.as_posix()) + "/"


def human_bytes(count: int) -> str:
    """A size for messages, in decimal units: ``532 bytes``, ``12.3 KB``, ``4.0 MB``."""
    for unit, size in (("MB", 1_000_000), ("KB", 1_000)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count} bytes"


def scan_docs(
    docs_dir: Path, repo_root: Path, limits: Limits | None = None, folders_only: bool = False, check_text: bool = True
) -> DocsScan:
    """Walk ``docs_dir`` (never following a symlink) and refuse what must not be read or published.

    ``folders_only`` checks folders alone: what must be refused before MkDocs walks ``docs/``
    following symlinks (a loop or a link to ``/`` would make it walk forever or publish it).
    ``check_text=False`` skips reading pages (binary, encoding): for readers that only must not
    follow a symlink out or read an oversized file."""
    limits = limits or Limits()
    docs_dir = Path(os.path.abspath(docs_dir))
    root = Path(repo_root).resolve()
    scan = DocsScan()
    for folder, dirs, files in os.walk(docs_dir, followlinks=False):
        base = Path(folder)
        dirs.sort()
        for name in list(dirs):
            path = base / name
            finding = _symlink_problem(path, root) if path.is_symlink() else None
            if finding is None and name.endswith(".md"):
                finding = Finding(
                    _shown(path, root), 1, f"`{name}` is a folder, not a Markdown page", FOLDER_MD.fix, FOLDER_MD.id
                )
            if finding is not None:
                scan.findings.append(finding)
                scan.refused.add(path.relative_to(docs_dir).as_posix())
                dirs.remove(name)
        for name in [] if folders_only else sorted(files):
            path = base / name
            finding = file_problem(path, root, limits, check_text)
            if finding is not None:
                scan.findings.append(finding)
                scan.refused.add(path.relative_to(docs_dir).as_posix())
    return scan


def file_problem(path: Path, repo_root: Path, limits: Limits | None = None, check_text: bool = True) -> Finding | None:
    """Why the file at ``path`` must not be read or published, or None if it may."""
    limits = limits or Limits()
    root = Path(repo_root).resolve()
    shown = _shown(path, root)
    if path.is_symlink():
        problem = _symlink_problem(path, root)
        if problem is not None:
            return problem
    try:
        size = path.stat().st_size
    except OSError as error:
        return Finding(
            shown,
            1,
            f"cannot read the file: {error.strerror or error}",
            "check the file's permissions",
            SYMLINK_DANGLING.id,
        )
    if size > limits.file_bytes:
        return Finding(
            shown,
            1,
            f"file is {human_bytes(size)}, over the size limit of "
            f"{human_bytes(limits.file_bytes)} (`{LIMITS_SETTING}.file_bytes`)",
            TOO_LARGE.fix,
            TOO_LARGE.id,
        )
    if check_text and path.suffix.lower() == ".md":
        return _text_problem(path, shown)
    return None


def read_page(path: Path) -> str:
    """A page's text, as the build reads it (UTF-8, a leading BOM dropped); call after the scan."""
    return path.read_bytes().decode("utf-8-sig", errors="replace")


def _text_problem(path: Path, shown: str) -> Finding | None:
    try:
        data = path.read_bytes()
    except OSError as error:
        return Finding(
            shown, 1, f"cannot read the file: {error.strerror or error}", "check the file's permissions", ENCODING.id
        )
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return Finding(
            shown, line, "file is binary (it contains a NUL byte), not a Markdown page", BINARY.fix, BINARY.id
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start : error.start + 1].hex()
        return Finding(
            shown,
            line,
            f"file is not UTF-8: byte 0x{byte} in column {column} (perhaps saved as Latin-1 or Windows-1252)",
            ENCODING.fix,
            ENCODING.id,
        )
    return None


def _symlink_problem(path: Path, root: Path) -> Finding | None:
    shown = _shown(path, root)
    target = os.readlink(path)
    try:
        resolved = path.resolve(strict=True)
    except RuntimeError:
        return Finding(shown, 1, f"symlink to `{target}` is a loop", SYMLINK_LOOP.fix, SYMLINK_LOOP.id)
    except OSError as error:
        if error.errno == 40:  # ELOOP
            return Finding(shown, 1, f"symlink to `{target}` is a loop", SYMLINK_LOOP.fix, SYMLINK_LOOP.id)
        return Finding(shown, 1, f"symlink to `{target}` points at nothing", SYMLINK_DANGLING.fix, SYMLINK_DANGLING.id)
    if not resolved.is_relative_to(root):
        return Finding(
            shown,
            1,
            f"symlink leads outside the repository (to `{resolved}`); its target would be published",
            SYMLINK_OUTSIDE.fix,
            SYMLINK_OUTSIDE.id,
        )
    if resolved.relative_to(root).parts[:1] == (".git",):  # e.g. CI's checkout credentials
        return Finding(
            shown,
            1,
            f"symlink leads into the repository's `.git` folder (to "
            f"`{resolved.relative_to(root).as_posix()}`); its target would be published",
            SYMLINK_OUTSIDE.fix,
            SYMLINK_OUTSIDE.id,
        )
    if resolved.is_dir() and Path(os.path.abspath(path)).is_relative_to(resolved):
        return Finding(
            shown,
            1,
            f"symlink to `{target}` is a loop (it points at a folder that contains it)",
            SYMLINK_LOOP.fix,
            SYMLINK_LOOP.id,
        )
    return None


def _shown(path: Path, root: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()
