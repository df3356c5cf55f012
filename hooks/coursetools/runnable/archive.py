"""One zip per notebook: the notebook, the helper modules it imports and the data it reads.

What a notebook reads is what the build's notebook cache recorded when it last executed it
(:mod:`coursetools.notebooks.execute`: files opened, project modules imported, paths named in code), so
a new data file a notebook starts reading is in its zip with no list to keep up to date. Every
file keeps its path relative to the notebook inside a folder named after the notebook::

    tokenization/tokenization.ipynb
    tokenization/nbhelpers.py
    tokenization/exercises.py
    tokenization/data/clinical_corpus.txt
    tokenization/requirements.txt
    tokenization/README.md

:func:`with_setup` adds the last two (:mod:`.setup_files`): the pinned packages, derived from the
notebooks' lock, and the one command that installs them and opens the notebook, so that the zip
runs on its own. The zip holds the notebook as committed (no outputs): students run it themselves. Entries carry
a fixed timestamp, so the same files always give the same bytes.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import setup_files

FIXED_TIME = (2024, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Archive:
    """What goes into one notebook's zip: (name in the zip, file on disk) pairs."""

    name: str  # e.g. "tokenization.zip"
    folder: str  # the top folder inside the zip, e.g. "tokenization"
    members: tuple[tuple[str, Path], ...]
    generated: tuple[tuple[str, bytes], ...] = ()  # written by the build, not read from a file

    def data(self) -> bytes:
        """The zip's bytes: each member read now and the generated files, deflated, with a fixed time and mode 644."""
        buffer = io.BytesIO()
        entries = [(arcname, path.read_bytes()) for arcname, path in self.members] + list(self.generated)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for arcname, content in entries:
                info = zipfile.ZipInfo(arcname, date_time=FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, content)
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


def with_setup(plan: Archive, title: str, requirements: str | None) -> Archive:
    """``plan`` with ``requirements.txt`` (``requirements``, from the notebooks' lock) and
    ``README.md`` (the one command to run it) added to its folder; unchanged without them."""
    if requirements is None:
        return plan
    notebook_name = PurePosixPath(plan.members[0][0]).name
    inside = [PurePosixPath(arcname).relative_to(plan.folder).as_posix() for arcname, _ in plan.members]
    files = [*inside, "requirements.txt", "README.md"]
    generated = (
        (f"{plan.folder}/requirements.txt", requirements.encode("utf-8")),
        (f"{plan.folder}/README.md", setup_files.readme(title, notebook_name, files).encode("utf-8")),
    )
    return dataclasses.replace(plan, generated=plan.generated + generated)
