"""Check results (and rendered fragments) kept on disk between runs, by content.

A warm build, and ``course-check`` run again, re-check only the files whose bytes changed: the
findings of every other file are read back. A file's findings are filed under the SHA-256 of its
bytes, inside a *context*: the SHA-256 of everything else its findings can depend on (this
package's own source and the versions of the libraries whose messages it repeats, the course data
files, the settings, the list of pages, the rendered diagrams, the date). Change any of those and
the context is new, so nothing from the old one is read. Modification times are never trusted.

Storage is one JSON file per context under ``<cache_dir>/checks/``, written atomically (a
temporary file, then a rename), so two builds sharing the folder can only lose each other's
additions, never read half a file. A file that cannot be read or parsed is ignored: the checks
simply run. Only the newest few contexts are kept.

Only callers that ask for it use the store (the MkDocs hooks and ``course-check``); a
``check_course`` call without one checks everything, as tests expect.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from .findings import Finding

VERSION = 1
KEEP_CONTEXTS = 4
_PACKAGE = Path(__file__).resolve().parent
_SOURCE_SUFFIXES = (".py", ".yml", ".yaml", ".json")
# Libraries whose behaviour or wording ends up in findings.
_LIBRARIES = ("PyYAML", "jsonschema", "Markdown", "pymdown-extensions", "nbformat")
_code: str | None = None


def code_digest() -> str:
    """The package's own source and the library versions it depends on, as one digest."""
    global _code
    if _code is None:
        digest = hashlib.sha256(f"result-store {VERSION}".encode())
        for path in sorted(p for p in _PACKAGE.rglob("*") if p.suffix in _SOURCE_SUFFIXES and p.is_file()):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        for name in _LIBRARIES:
            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                version = "missing"
            digest.update(f"{name}={version}\0".encode())
        _code = digest.hexdigest()
    return _code


def digest_of(data: bytes | str) -> str:
    """SHA-256 hex of ``data``; text is encoded as UTF-8, lone surrogates kept (``surrogatepass``)."""
    return hashlib.sha256(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data).hexdigest()


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """Names and bytes of ``paths`` (those that can be read), as one digest."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0unreadable"
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        digest.update(name.encode("utf-8", "surrogatepass") + b"\0" + data + b"\0")
    return digest.hexdigest()


def path_digest(path: Path) -> str:
    """A file's bytes, a folder's Python files (a generator package), or its absence, as a digest."""
    try:
        if path.is_dir():
            return files_digest(path.glob("*.py"), path)
        return digest_of(path.read_bytes())
    except OSError:
        return "missing"


def _finding_from(raw: Any) -> Finding | None:
    if not isinstance(raw, dict):
        return None
    try:
        finding = Finding(**raw)
    except TypeError:
        return None
    if not (isinstance(finding.path, str) and isinstance(finding.line, int) and isinstance(finding.message, str)):
        return None
    return finding


class ResultStore:
    """Values (findings, rendered HTML) by (kind, key, content digest) within one context; see the
    module docstring."""

    def __init__(self, folder: Path, context: Iterable[object]):
        digest = hashlib.sha256(code_digest().encode())
        for part in context:
            digest.update(repr(part).encode("utf-8", "surrogatepass") + b"\0")
        self.context = digest.hexdigest()
        self.folder = folder
        self.file = folder / f"{self.context[:32]}.json"
        self.entries: dict[str, dict[str, Any]] = {}
        self.hits = 0
        self.misses = 0
        self._changed = False
        self._digests: dict[str, str] = {}  # dependency digests, computed once per run
        self._load()

    def _load(self) -> None:
        try:
            raw = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(raw, dict) and raw.get("context") == self.context and isinstance(raw.get("entries"), dict):
            self.entries = raw["entries"]

    def get_value(self, kind: str, key: str, digest: str) -> Any:
        """The value filed under ``kind:key`` for these bytes (and unchanged dependencies), or None."""
        entry = self.entries.get(f"{kind}:{key}")
        if not isinstance(entry, dict) or entry.get("sha256") != digest or "value" not in entry:
            self.misses += 1
            return None
        depends = entry.get("depends", {})
        if not isinstance(depends, dict) or any(self._dependency(name) != value for name, value in depends.items()):
            self.misses += 1
            return None
        self.hits += 1
        return entry["value"]

    def put_value(self, kind: str, key: str, digest: str, value: Any, depends: Iterable[Path] = ()) -> None:
        """File ``value`` (JSON) under ``kind:key`` for the ``digest`` of what it was made from;
        ``depends`` are other files that went into it (compared again on every get)."""
        self.entries[f"{kind}:{key}"] = {
            "sha256": digest,
            "value": value,
            "depends": {str(p): self._dependency(str(p)) for p in depends},
        }
        self._changed = True

    def remember_text(self, kind: str, key: str, digest: str, make: Callable[[], str]) -> str:
        """The text filed under ``kind:key`` for this ``digest``, or ``make()``'s, filed for next time."""
        text = self.get_value(kind, key, digest)
        if not isinstance(text, str):
            text = make()
            self.put_value(kind, key, digest, text)
        return text

    def get(self, kind: str, path: str, digest: str) -> list[Finding] | None:
        """The findings filed for this file's bytes (and the files its check read, unchanged), or
        None: then check it and :meth:`put` the result."""
        raw = self.get_value(kind, path, digest)
        if not isinstance(raw, list):
            return None
        findings = [_finding_from(item) for item in raw]
        if any(f is None for f in findings):
            self.hits -= 1
            self.misses += 1
            return None
        return [f for f in findings if f is not None]

    def put(self, kind: str, path: str, digest: str, findings: list[Finding], depends: Iterable[Path] = ()) -> None:
        """File a check's ``findings`` under the checked file's ``digest`` (see :meth:`put_value`)."""
        self.put_value(kind, path, digest, [dataclasses.asdict(f) for f in findings], depends)

    def _dependency(self, name: str) -> str:
        if name not in self._digests:
            self._digests[name] = path_digest(Path(name))
        return self._digests[name]

    def save(self) -> None:
        """Write the context's file (if anything was added) and drop all but the newest contexts."""
        if not self._changed:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"context": self.context, "entries": self.entries}, separators=(",", ":"))
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, self.file)
            self._changed = False
            stored = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in stored[KEEP_CONTEXTS:]:
                old.unlink(missing_ok=True)
        except OSError:
            return  # a read-only or full disk only costs the next run its speed
