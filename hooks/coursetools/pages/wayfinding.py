"""Where a student is in the course: lesson numbers, a lesson's notebooks, a notebook's lessons.

Generator-neutral: everything here takes the course and the navigation order (a list of page
paths relative to docs/) and returns plain data or HTML; the MkDocs hook places it.
"""

from __future__ import annotations

import html
import itertools
import posixpath
import re
from dataclasses import dataclass

from ..course import Course, Page

# A Markdown link or image target naming a notebook: `](../../notebooks/attention-from-scratch.ipynb)`.
_NOTEBOOK_LINK = re.compile(r"\]\((?P<target>[^)\s#]*notebooks/[^)\s#/]+\.ipynb)(?:#[^)\s]*)?\)")


@dataclass(frozen=True)
class Place:
    """A lesson's place: module 2, lesson 3 of 4."""

    module: int
    module_title: str
    lesson: int
    lessons: int

    @property
    def text(self) -> str:
        """The line under a lesson's title: ``Module 2 · Lesson 3 of 4``."""
        return f"Module {self.module} · Lesson {self.lesson} of {self.lessons}"


COURSE_FOLDERS = ("modules/", "notebooks/")  # the course itself; the rest is reference material


def in_course(src_uri: str) -> bool:
    """True for the home page, lessons and notebooks; False for reference pages (glossary, guide...)."""
    return src_uri == "index.md" or src_uri.startswith(COURSE_FOLDERS)


def confine_footer(pages: list) -> None:
    """Previous/next never cross between the course (home, lessons, notebooks) and the reference
    pages: the last notebook page does not lead on to the glossary, nor the glossary back to it.
    ``pages`` are MkDocs pages in navigation order (``previous_page``/``next_page`` are set on them)."""
    for before, after in itertools.pairwise(pages):
        if in_course(before.file.src_uri) != in_course(after.file.src_uri):
            before.next_page = None
            after.previous_page = None


def modules(course: Course) -> list[str]:
    """The module folders in course order (their names start with the module number)."""
    return course.modules()


def place(course: Course, src_uri: str, order: list[str]) -> Place | None:
    """Where a lesson is: module number (modules sorted by folder), title, its number in navigation
    order and the module's lesson count; None for a page that is not a lesson."""
    page = course.pages.get(src_uri)
    if page is None or not page.is_lesson or page.module is None:
        return None
    lessons = course.in_order(page.module, order)
    overview = course.pages.get(f"modules/{page.module}/index.md")
    title = str(overview.meta.get("title", page.module)) if overview else page.module
    return Place(modules(course).index(page.module) + 1, title, lessons.index(page) + 1, len(lessons))


def numbered_titles(course: Course, order: list[str]) -> dict[str, str]:
    """Lesson path -> its title as the navigation shows it: ``3. Attention, step by step``."""
    titles = {}
    for module in modules(course):
        for number, lesson in enumerate(course.in_order(module, order), start=1):
            titles[lesson.path] = f"{number}. {lesson.meta.get('title', lesson.path)}"
    return titles


def lesson_notebooks(page: Page) -> list[str]:
    """The notebooks a lesson links to (paths relative to docs/), in the order they are first named."""
    base = posixpath.dirname(page.path)
    found: list[str] = []
    for line in page.masked or page.front.body.split("\n"):
        for match in _NOTEBOOK_LINK.finditer(line):
            target = posixpath.normpath(posixpath.join(base, match.group("target")))
            if target.startswith("notebooks/") and target not in found:
                found.append(target)
    return found


def notebook_lessons(course: Course, order: list[str]) -> dict[str, list[str]]:
    """Notebook path -> the lessons that link to it, in course order."""
    used: dict[str, list[str]] = {}
    for lesson in course.in_order(None, order):
        for notebook in lesson_notebooks(lesson):
            used.setdefault(notebook, []).append(lesson.path)
    return used


def backlinks_html(lessons: list[tuple[str, str, str]]) -> str:
    """The block at the top of a notebook page: ``(href, place text, title)`` per lesson."""
    if not lessons:
        return ""
    items = "".join(
        f'<li><a href="{html.escape(href)}">{html.escape(title)}</a> '
        f'<span class="course-backlinks__place">({html.escape(where)})</span></li>'
        for href, where, title in lessons
    )
    return (
        '<nav class="course-backlinks" aria-label="Lessons that use this notebook">'
        '<p class="course-backlinks__title">Used in these lessons:</p>'
        f"<ul>{items}</ul></nav>"
    )


def insert_after_title(page_html: str, block: str) -> str:
    """Put ``block`` right after the page's first ``</h1>`` (at the top when there is none)."""
    if not block:
        return page_html
    end = page_html.find("</h1>")
    if end < 0:
        return block + page_html
    end += len("</h1>")
    return page_html[:end] + block + page_html[end:]
