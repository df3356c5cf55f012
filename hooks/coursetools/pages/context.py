"""What the built site shows beyond the Markdown: markers, lesson headers, data cards.

``SiteData`` bundles the course with the glossary and the dataset registry and answers the
questions the templates ask. It is generator-neutral: the MkDocs hook calls it, and a future
generator can call it the same way.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from typing import Any

from ..assessment import coverage  # the coverage table and the progress box
from ..assessment.render import RenderedStore
from ..course import Course
from . import printable, render


@dataclass
class SiteData:
    """The checked course with its glossary and dataset registry: expands a page's markers and gives
    the lesson template its context."""

    course: Course
    glossary: list[dict[str, Any]]
    registry: dict[str, dict[str, Any]]
    rendered: RenderedStore | None = None  # listings kept by content between builds

    @classmethod
    def load(cls, course: Course, rendered: RenderedStore | None = None) -> SiteData:
        """The site data of ``course``, glossary and registry from its data files; ``rendered`` keeps
        listings between builds."""
        return cls(course, course.data.glossary, course.data.datasets, rendered)

    def expand(self, markdown: str, src_uri: str, order: list[str]) -> str:
        """Replace the page's markers with the Markdown they stand for."""
        page = self.course.pages.get(src_uri)
        if page is not None:
            for name in render.MARKERS:
                token = render.marker(name)
                if token in markdown:
                    markdown = markdown.replace(token, self._render(name, page, order))
        return markdown

    def _render(self, name: str, page, order: list[str]) -> str:
        if name == "lesson-list":
            listing = render.lesson_list(self.course, page, order)
            if page.module and self.course.lessons(page.module):  # issue 15: the module on one page
                href = posixpath.relpath(printable.path(page.module, self.course), posixpath.dirname(page.path))
                listing += f"\n\n[Print this module]({href}){{ .course-print-link }} (every lesson on one page)"
            return listing
        if name == "course-map":
            return render.course_map(self.course, page, order)
        if name == "glossary":
            return render.glossary(self.glossary, self.course.pages, posixpath.dirname(page.path))
        if name == "references":
            return render.references(self.course, page, order)
        if name == "assessment-coverage":  # reads every lesson's quizzes: kept while no page changes
            if self.rendered is None:
                return coverage.coverage_table(self.course, page, order)
            digest = hashlib.sha256("\0".join(order).encode("utf-8", "surrogatepass"))
            for other in self.course.pages.values():  # lessons, and overviews for module titles
                digest.update(f"\0{other.path}\0{other.text}".encode("utf-8", "surrogatepass"))
            return self.rendered.remember_text(
                "coverage", page.path, digest.hexdigest(), lambda: coverage.coverage_table(self.course, page, order)
            )
        if name == "course-progress":
            return coverage.progress_box(self.course)
        if name == "dataset-registry":
            base = posixpath.dirname(page.path)
            return render.dataset_registry(self.registry, lambda url: self._link(url, base))
        raise KeyError(name)

    @staticmethod
    def _link(url: str, base: str) -> str:
        if "://" in url or not url:
            return url
        return posixpath.relpath(url, base or ".")

    def lesson_context(self, src_uri: str) -> dict[str, Any] | None:
        """What the lesson template shows above and below the text; None for other pages."""
        page = self.course.pages.get(src_uri)
        if page is None or not page.is_lesson:
            return None
        meta = page.meta
        prerequisites = []
        for path in meta.get("prerequisites") or []:
            target = self.course.pages.get(path)
            title = target.meta.get("title", path) if target else path
            prerequisites.append({"path": path, "title": title})
        datasets = [dict(self.registry[key], id=key) for key in meta.get("datasets") or [] if key in self.registry]
        return {
            "objectives": meta.get("objectives") or [],
            "questions": meta.get("questions") or [],
            "keypoints": meta.get("keypoints") or [],
            "level": meta.get("level"),
            "authors": meta.get("authors") or [],
            "date": meta.get("date"),
            "updated": meta.get("updated"),
            "reviewed": meta.get("reviewed"),
            "tags": meta.get("tags") or [],
            "reading_minutes": page.reading_minutes,
            "words": page.words,
            "prerequisites": prerequisites,
            "datasets": datasets,
        }
