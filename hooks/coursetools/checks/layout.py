"""Where pages live and how they are reached: module folders, headings, the navigation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..findings import Finding, rule
from . import headings

if TYPE_CHECKING:
    from ..course import Page

MODULE_FOLDER = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")

FOLDER = rule(
    "layout-module-folder",
    "layout",
    "Module folders under docs/modules/ are named NN-slug (two digits, a dash, lowercase words).",
    "Rename the folder, e.g. `07-clinical-agents`, and update `nav:`.",
)
H1 = rule(
    "lesson-h1",
    "layout",
    "Lesson text has no level-1 heading: the template prints `title:` as the heading.",
    "Delete the `#` line, or make it a `##` section heading.",
)
NAV = rule(
    "nav-missing",
    "layout",
    "Every lesson is listed in `nav:` of mkdocs.yml.",
    "Add the lesson's path under its module in `nav:`.",
)


def check(page: Page, shown: str) -> list[Finding]:
    """A page's layout findings: a lesson's or module overview's module folder not named ``NN-slug``,
    and a level-1 heading in a lesson's text (ATX or setext)."""
    out: list[Finding] = []
    if page.is_lesson or page.is_module_overview:
        module = page.module or ""
        if not MODULE_FOLDER.match(module):
            out.append(
                Finding(
                    shown,
                    1,
                    f"module folder `{module}` is not named NN-slug",
                    "rename it like `07-clinical-agents` (two digits, a dash, lowercase words)",
                    FOLDER.id,
                )
            )
    if page.is_lesson:
        for index in headings.h1_lines(page.masked):  # `#Title` and setext headings too
            out.append(
                Finding(
                    shown,
                    page.front.body_line + index,
                    "lesson text has a level-1 heading; the template prints `title:` as the heading",
                    "delete this line, or make it a `##` section heading",
                    H1.id,
                )
            )
    return out


def navigation(lessons: Iterable[Page], order: list[str], shown: dict[str, str]) -> list[Finding]:
    """Every lesson must be reachable from the navigation."""
    listed = set(order)
    return [
        Finding(
            shown.get(lesson.path, f"docs/{lesson.path}"),
            1,
            "lesson is not in the navigation",
            f"add `{lesson.path}` under its module in the `nav:` of mkdocs.yml",
            NAV.id,
        )
        for lesson in lessons
        if lesson.path not in listed
    ]
