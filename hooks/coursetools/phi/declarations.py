"""Declared synthetic data: a page's ``synthetic_phi:`` declaration, and the data files a
dataset-registry entry says a generator wrote (verified against its ``MANIFEST.json``).

A page or notebook may declare ``synthetic_phi: {generator: PATH, reason: ...}``. The generator
must be a file in the repository, and a finding on that page is dropped only if every flagged
string occurs literally in the generator's source.

A registry entry with ``generator:`` and ``files:`` declares the matching data files generated.
They may be shaped like a restricted dataset only if their SHA-256 is the one the generator
recorded in the ``MANIFEST.json`` of their folder; the generator itself is never run by a check.
"""

from __future__ import annotations

import contextlib
import contextvars
import fnmatch
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..findings import Finding
from . import manifest
from .rules import DECLARATION, MANIFEST
from .text import Hit


@dataclass
class Declaration:
    """A page's or notebook's ``synthetic_phi``: the generator as written and its source text."""

    generator: str
    text: str | None  # None when the generator does not exist in the repository
    line: int = 1

    def traces(self, hit: Hit) -> bool:
        """True if the generator's source exists and contains, literally, every string ``hit`` flagged: the
        hit is the declared generator's synthetic output."""
        return self.text is not None and all(value and value in self.text for value in hit.values)


_GENERATOR_TEXT: dict[tuple[str, int, int], str] = {}
# The files a scan read to trace a hit to its generator (coursetools.result_store keeps a file's
# findings only as long as these are unchanged): set by ``recording_reads``.
_READS: contextvars.ContextVar[list[Path] | None] = contextvars.ContextVar("phi_generator_reads", default=None)


@contextlib.contextmanager
def recording_reads() -> Iterator[list[Path]]:
    """Within the block, every generator file a declaration reads is appended to the list given."""
    reads: list[Path] = []
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


_PACKAGE_TEXT: dict[tuple[str, tuple[tuple[str, int, int], ...]], str] = {}


def _read_generator(repo_root: Path, generator: str) -> str | None:
    """The generator's text, or None if it is not a file inside the repository."""
    root = repo_root.resolve()
    try:
        path = (root / generator).resolve()
        path.relative_to(root)
    except (OSError, ValueError):
        return None
    reads = _READS.get()
    if reads is not None:  # recorded whether or not it exists: creating it changes the verdict
        reads.append(path)
    try:
        stat = path.stat()
    except OSError:
        return None
    if path.is_dir() and (path / "__init__.py").is_file():  # a generator package: its Python files
        files = sorted(path.glob("*.py"))
        package_key = (str(path), tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files))
        if package_key not in _PACKAGE_TEXT:
            _PACKAGE_TEXT[package_key] = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
        return _PACKAGE_TEXT[package_key]
    if not path.is_file():
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _GENERATOR_TEXT:
        _GENERATOR_TEXT[key] = path.read_text(encoding="utf-8", errors="replace")
    return _GENERATOR_TEXT[key]


def declaration_from(
    value: Any, repo_root: Path, line: int, shown: str, where: str = ""
) -> tuple[Declaration | None, list[Finding]]:
    """Check a ``synthetic_phi`` value; return the declaration (if usable) and its problems."""
    if value is None:
        return None, []
    generator = value.get("generator") if isinstance(value, dict) else None
    if not isinstance(generator, str) or not generator.strip():
        return None, [
            Finding(
                shown,
                line,
                "`synthetic_phi` does not name a generator",
                "write `synthetic_phi: {generator: hooks/coursetools/synthetic, reason: ...}`",
                DECLARATION.id,
                where,
            )
        ]
    generator = generator.strip()
    text = _read_generator(repo_root, generator)
    declaration = Declaration(generator, text, line)
    if text is None:
        return declaration, [
            Finding(
                shown,
                line,
                f"`synthetic_phi` names the generator `{generator}`, which is not a file in the repository",
                "give the repository-relative path of the code that generated the examples, "
                "e.g. `hooks/coursetools/synthetic`",
                DECLARATION.id,
                where,
            )
        ]
    return declaration, []


# ---------------------------------------------------------------------------------------------
# Data files a registry entry declares generated
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedBy:
    """A registry entry that generates the data files matching ``pattern`` (relative to docs/)."""

    entry: str
    generator: str
    pattern: str

    @property
    def folder(self) -> str:
        """The fixed folder at the start of ``pattern`` ("notebooks/data" of "notebooks/data/*")."""
        fixed = []
        for part in self.pattern.split("/")[:-1]:
            if any(ch in part for ch in "*?["):
                break
            fixed.append(part)
        return "/".join(fixed)

    def name_of(self, rel: str) -> str:
        """``rel`` (relative to docs/) relative to :attr:`folder`."""
        prefix = self.folder
        return rel[len(prefix) + 1 :] if prefix and rel.startswith(prefix + "/") else rel.rsplit("/", 1)[-1]

    def manifest_path(self, docs_dir: Path) -> Path:
        """The ``MANIFEST.json`` in :attr:`folder` under ``docs_dir``: the digests the generator recorded."""
        return docs_dir / self.folder / manifest.NAME


def registry_generators(datasets: Mapping[str, Any]) -> list[GeneratedBy]:
    """The entries of the parsed dataset registry that name a ``generator:``."""
    out = []
    for key, entry in (datasets or {}).items():
        if isinstance(entry, dict) and isinstance(entry.get("generator"), str):
            for pattern in entry.get("files") or []:
                if isinstance(pattern, str):
                    out.append(GeneratedBy(str(key), entry["generator"], pattern))
    return out


def declared_generator(rel: str, generators: list[GeneratedBy]) -> GeneratedBy | None:
    """The registry entry whose ``files:`` pattern matches ``rel`` (relative to docs/)."""
    if rel.rsplit("/", 1)[-1] == manifest.NAME:
        return None
    return next((g for g in generators if fnmatch.fnmatch(rel, g.pattern)), None)


def manifest_verdict(raw: bytes, rel: str, declared: GeneratedBy, docs_dir: Path) -> str:
    """ "" if the file's bytes are what the generator wrote (per its manifest), else why not."""
    where = f"docs/{declared.folder}/{manifest.NAME}" if declared.folder else f"docs/{manifest.NAME}"
    found = manifest.read(declared.manifest_path(docs_dir))
    if isinstance(found, str):
        return f"{found.replace(manifest.NAME, where)}, so it cannot be shown to be `{declared.generator}`'s output"
    if found.generator != declared.generator:
        return f"{where} was written by `{found.generator}`, not by `{declared.generator}`"
    name = declared.name_of(rel)
    if name not in found.files:
        return f"`{declared.generator}` does not generate a file named `{name}` (it is not in {where})"
    if manifest.sha256(raw) != found.files[name]:
        return f"the file differs from what `{declared.generator}` generates (its SHA-256 is not the one in {where})"
    return ""


def missing_generated_files(docs_dir: Path, generators: list[GeneratedBy]) -> list[Finding]:
    """Files a manifest lists that are not in its folder (one finding per file)."""
    out, seen = [], set()
    for declared in generators:
        path = declared.manifest_path(docs_dir)
        if path in seen:
            continue
        seen.add(path)
        found = manifest.read(path)
        if isinstance(found, str):
            continue  # reported on the files it should vouch for
        shown = f"docs/{declared.folder}/{manifest.NAME}".replace("docs//", "docs/")
        for name in sorted(found.files):
            if not (path.parent / name).is_file():
                out.append(
                    Finding(
                        shown,
                        1,
                        f"lists `{name}`, which is not in docs/{declared.folder}",
                        f"regenerate the data with `{declared.generator}` and commit every file it writes",
                        MANIFEST.id,
                    )
                )
    return out
