"""The manifest of generated data: ``MANIFEST.json`` lists the SHA-256 of every file a generator
wrote, so the scan can tell a committed file from an edited one without running the generator.

The generator writes it (``course-synthetic-data``); a test runs the generator and
checks that it reproduces the committed manifest exactly.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

NAME = "MANIFEST.json"


@dataclass(frozen=True)
class Manifest:
    """A parsed ``MANIFEST.json``: the generator that wrote the files and each file's SHA-256."""

    generator: str  # repository-relative path of the code that wrote the files
    files: dict[str, str]  # file name (relative to the manifest's folder) -> sha256 hex digest


def sha256(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 lower-case hex digits (the digests a manifest records)."""
    return hashlib.sha256(data).hexdigest()


def render(files: dict[str, bytes], generator: str) -> str:
    """The manifest's text for these files: sorted, one digest a line, ending in a newline."""
    document = {
        "generator": generator,
        "algorithm": "sha256",
        "files": {name: sha256(files[name]) for name in sorted(files)},
    }
    return json.dumps(document, indent=2) + "\n"


def write(out_dir: Path, paths: Iterable[Path], generator: str) -> Path:
    """Write ``out_dir/MANIFEST.json`` for ``paths`` (files inside ``out_dir``)."""
    out_dir = Path(out_dir)
    files = {Path(p).relative_to(out_dir).as_posix(): Path(p).read_bytes() for p in paths}
    target = out_dir / NAME
    target.write_text(render(files, generator), encoding="utf-8")
    return target


_CACHE: dict[tuple[str, int, int], Manifest | str] = {}


def read(path: Path) -> Manifest | str:
    """The manifest at ``path``, or why it cannot be used (cached while the file is unchanged)."""
    try:
        stat = path.stat()
    except OSError:
        return f"{NAME} is missing"
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        _CACHE[key] = _parse(path)
    return _CACHE[key]


def _parse(path: Path) -> Manifest | str:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return f"{NAME} cannot be read ({type(error).__name__})"
    files = document.get("files") if isinstance(document, dict) else None
    generator = document.get("generator") if isinstance(document, dict) else None
    if (
        not isinstance(files, dict)
        or not isinstance(generator, str)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
    ):
        return f"{NAME} must hold `generator` and `files` (name -> sha256)"
    return Manifest(generator, dict(files))
