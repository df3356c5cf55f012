"""From a built page back to the file an instructor edits, and the line of the link in it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path


class Sources:
    """Maps built pages back to their source (``modules/x/y.html`` -> ``docs/modules/x/y.md``)."""

    def __init__(self, root: Path | None, site_label: str):
        self.root = root
        self.docs = root / "docs" if root else None
        self.site_label = site_label.rstrip("/") or "."
        self._texts: dict[Path, list[str]] = {}
        self._others: list[Path] | None = None

    def file(self, page: str) -> Path | None:
        """The source (``docs/<stem>.md``, else ``.ipynb``) of a built ``.html`` page; None if neither exists."""
        if not self.docs or not page.endswith(".html"):
            return None
        stem = page[: -len(".html")]
        for suffix in (".md", ".ipynb"):
            candidate = self.docs / (stem + suffix)
            if candidate.is_file():
                return candidate
        return None

    def shown(self, page: str) -> str:
        """A built page as messages name it: its source relative to the repository, else ``<site>/<page>``."""
        source = self.file(page)
        if source is None:
            return f"{self.site_label}/{page}" if not page.startswith("/") else page
        return self.relative(source)

    def chunks(self, source: Path) -> list[str]:
        """A source's lines, or for a notebook its cells' sources."""
        if source not in self._texts:
            try:
                text = source.read_text(encoding="utf-8")
                if source.suffix == ".ipynb":
                    cells = json.loads(text).get("cells", [])
                    self._texts[source] = [
                        "".join(c.get("source", "")) if isinstance(c.get("source"), list) else str(c.get("source", ""))
                        for c in cells
                    ]
                else:
                    self._texts[source] = text.splitlines()
            except (OSError, ValueError, AttributeError):
                self._texts[source] = []
        return self._texts[source]

    def search(self, source: Path, needles: list[str]) -> tuple[int, str] | None:
        """Where the first of ``needles`` found (tried in order) is in ``source``: (line, "") in a text
        file, (0, "cell N") in a notebook; None if none is."""
        chunks = self.chunks(source)
        for needle in needles:
            for number, chunk in enumerate(chunks, 1):
                if needle in chunk:
                    return (0, f"cell {number}") if source.suffix == ".ipynb" else (number, "")
        return None

    def others(self) -> list[Path]:
        """Every other file a link can be written in: data files first, then pages."""
        if self._others is None:
            found: list[Path] = []
            if self.docs and self.docs.is_dir():
                data = self.docs / "_data"
                found += (
                    sorted(p for p in data.rglob("*") if p.suffix in (".yml", ".yaml", ".json") and p.is_file())
                    if data.is_dir()
                    else []
                )
                found += sorted(p for p in self.docs.rglob("*") if p.suffix in (".md", ".ipynb") and p.is_file())
            self._others = found
        return self._others

    def locate(self, page: str, needles: Iterable[str], anywhere: bool = False) -> tuple[str, int, str, bool]:
        """Where a link is written: (file, line, cell, whether it is the page's own source).

        A link that is not in the page's own source comes from a data file or another page
        (the references page collects the lessons' footnotes, dataset links come from
        docs/_data/datasets.yml); with ``anywhere`` that file is returned instead.
        """
        needles = [n for n in dict.fromkeys(needles) if n]
        source = self.file(page)
        if needles and source is not None:
            found = self.search(source, needles)
            if found:
                return self.shown(page), found[0], found[1], True
        if needles and anywhere:
            for other in self.others():
                if other == source:
                    continue
                found = self.search(other, needles)
                if found:
                    return self.relative(other), found[0], found[1], False
        return self.shown(page), 0, "", True

    def relative(self, path: Path) -> str:
        """``path`` relative to the repository (posix), or as given when outside it or without a repository."""
        try:
            return path.relative_to(self.root).as_posix() if self.root else path.as_posix()
        except ValueError:
            return path.as_posix()


# --- The policy ----------------------------------------------------------------------------------
