"""What the MkDocs adapter keeps between events to make the notebooks runnable from the site.

``course_hooks.py`` calls, in build order: :meth:`RunnableSite.add_notebook` for each executed
notebook (returns the zip to publish and any exercise findings), :meth:`RunnableSite.markdown`
on every Markdown page (defines the ``[...][course-repository]`` link), and
:meth:`RunnableSite.page` on every page's HTML (the run block, folded solutions).
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..findings import Finding
from . import archive, blocks, exercises, links, setup_files, solutions

NOTEBOOKS_DIR = "notebooks"  # relative to docs/
RUN_LOCALLY = "notebooks/run-locally.md"
REPOSITORY_REFERENCE = "course-repository"
_H1_END = re.compile(r"</h1>")
_P_END = re.compile(r"</p>")
_HREF = re.compile(r'href="([^"#?]+)')


@dataclass(frozen=True)
class Published:
    """A notebook published with its zip: both paths relative to docs/, its title, the zip's plan and size in bytes."""

    src_uri: str  # "notebooks/tokenization.ipynb"
    zip_uri: str  # "notebooks/tokenization.zip"
    title: str
    archive: archive.Archive
    size: int


def notebook_title(notebook: Path) -> str:
    """The first Markdown heading of the notebook, without its "# " (the file name if none)."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        cells = []
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            for line in text.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem.replace("-", " ").capitalize()


def _relative(target: str, page_dest: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page_dest) or ".")


class RunnableSite:
    """One build's runnable notebooks: the repository from ``extra.repository`` (its problems in
    ``findings``) and each executed notebook's zip, for the run blocks on notebook and lesson pages."""

    def __init__(self, repo_root: Path, repository: Any):
        self.repo_root = repo_root
        self.repository, self.findings = links.parse(repository)
        self.published: dict[str, Published] = {}
        self._lock_reported = False

    def add_notebook(self, src_uri: str, source: Path, dependencies: list[str]) -> tuple[str, bytes, list[Finding]]:
        """Plan the notebook's zip; return its site path, its bytes and the findings (the exercises',
        and a missing notebooks' lock, reported once)."""
        shown = source.resolve().relative_to(self.repo_root).as_posix()
        requirements, lock_findings = setup_files.requirements_txt(self.repo_root)
        if self._lock_reported:
            lock_findings = []  # one finding per build, not one per notebook
        self._lock_reported = self._lock_reported or bool(lock_findings)
        plan = archive.with_setup(
            archive.plan(source, dependencies, self.repo_root), notebook_title(source), requirements
        )
        data = plan.data()
        zip_uri = posixpath.join(posixpath.dirname(src_uri), plan.name)
        self.published[src_uri] = Published(src_uri, zip_uri, notebook_title(source), plan, len(data))
        return zip_uri, data, lock_findings + exercises.findings(source, shown)

    def markdown(self, markdown: str) -> str:
        """Define ``[text][course-repository]`` as the repository's address, where it is used."""
        if self.repository and f"][{REPOSITORY_REFERENCE}]" in markdown:
            markdown += f"\n\n[{REPOSITORY_REFERENCE}]: {self.repository.url}\n"
        return markdown

    def _links(self, notebook: Published, page_dest: str, on_lesson: bool) -> blocks.RunLinks:
        repo_path = f"docs/{notebook.src_uri}"
        return blocks.RunLinks(
            title=notebook.title,
            zip_name=notebook.archive.name,
            zip_href=_relative(notebook.zip_uri, page_dest),
            zip_bytes=notebook.size,
            folder=notebook.archive.folder,
            notebook_name=posixpath.basename(notebook.src_uri),
            run_locally_href=_relative(RUN_LOCALLY.replace(".md", ".html"), page_dest),
            colab=self.repository.colab_url(repo_path) if self.repository else None,
            binder=self.repository.binder_url(repo_path) if self.repository else None,
            notebook_href=(_relative(notebook.src_uri.replace(".ipynb", ".html"), page_dest) if on_lesson else None),
        )

    def page(self, html: str, src_uri: str, dest_uri: str) -> str:
        """Notebook pages: the run block under the title, solutions folded. Lessons: a run block
        after the first paragraph that links each notebook."""
        notebook = self.published.get(src_uri)
        if notebook is not None:
            block = blocks.notebook_block(self._links(notebook, dest_uri, on_lesson=False))
            heading = _H1_END.search(html)
            at = heading.end() if heading else 0
            html, _ = solutions.fold(html[:at] + "\n" + block + "\n" + html[at:])
            return html
        if not src_uri.startswith("modules/"):
            return html
        return self._lesson(html, dest_uri)

    def _lesson(self, html: str, dest_uri: str) -> str:
        by_page = {published.src_uri.replace(".ipynb", ".html"): published for published in self.published.values()}
        inserts: dict[int, list[str]] = {}
        done: set[str] = set()
        base = posixpath.dirname(dest_uri)
        for match in _HREF.finditer(html):
            target = posixpath.normpath(posixpath.join(base, match.group(1)))
            notebook = by_page.get(target)
            if notebook is None or notebook.src_uri in done:
                continue
            end = _P_END.search(html, match.end())
            if end is None:
                continue
            done.add(notebook.src_uri)
            inserts.setdefault(end.end(), []).append(
                blocks.lesson_block(self._links(notebook, dest_uri, on_lesson=True))
            )
        for at in sorted(inserts, reverse=True):
            html = html[:at] + "\n" + "\n".join(inserts[at]) + html[at:]
        return html
