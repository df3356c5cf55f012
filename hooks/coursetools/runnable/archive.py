"""One zip per notebook: the notebook, the helper modules it imports and the data it reads.

What a notebook reads is what the build's notebook cache recorded when it last executed it
(:mod:`coursetools.notebooks.execute`: files opened, project modules imported, paths named in code), so
a new data file a notebook starts reading is in its zip with no list to keep up to date. Every
file keeps its path relative to the notebook inside a folder named after the notebook::

    tokenization/tokenization.ipynb
    tokenization/nbhelpers.py
    tokenization/exercises.py
    tokenization/data/clinical_corpus.txt

The zip holds the notebook as committed (no outputs): students run it themselves. Entries carry
a fixed timestamp, so the same files always give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

FIXED_TIME = (2024, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Archive:
    """What goes into one notebook's zip: (name in the zip, file on disk) pairs."""

    name: str  # e.g. "tokenization.zip"
    folder: str  # the top folder inside the zip, e.g. "tokenization"
    members: tuple[tuple[str, Path], ...]

    def data(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for arcname, path in self.members:
                info = zipfile.ZipInfo(arcname, date_time=FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
        return buffer.getvalue()


def plan(notebook: Path, dependencies: list[str], repo_root: Path) -> Archive:
    """The zip for ``notebook`` given its recorded ``dependencies`` (paths relative to the repo).

    Only files in the notebook's own folder or below it are included: that is where the
    notebooks read from (``data/``, ``nbhelpers.py``), and nothing else of the repository leaks
    into a download."""
    folder = notebook.stem
    home = notebook.resolve().parent
    members = [(f"{folder}/{notebook.name}", notebook)]
    seen = {notebook.resolve()}
    for rel in sorted(set(dependencies)):
        path = (repo_root / rel).resolve()
        try:
            inside = path.relative_to(home)
        except ValueError:
            continue
        if path in seen or not path.is_file() or "__pycache__" in inside.parts:
            continue
        seen.add(path)
        members.append((str(PurePosixPath(folder, *inside.parts)), path))
    return Archive(f"{notebook.stem}.zip", folder, tuple(members))
