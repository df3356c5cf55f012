"""Content rules every lesson keeps: sources, an exercise with a solution, key points, length.

These were once only tests of the course; as rules, an instructor sees them from the checker
and the build while writing, with the line to fix.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..findings import Finding, rule

if TYPE_CHECKING:
    from ..course import Page
    from ..settings import Settings

SOURCES = rule(
    "content-sources",
    "content",
    "Every lesson cites enough identified sources: footnotes with a DOI, an arXiv id or a web address.",
    "Add footnotes to primary sources (the paper's DOI, its arXiv id, the official page).",
)
EXERCISE = rule(
    "content-exercise",
    "content",
    'Every lesson has an exercise (`!!! question "Exercise: ..."`) with a collapsible solution '
    '(`??? success "Solution"` inside it).',
    'Add an exercise admonition with a `??? success "Solution"` block indented inside it.',
)
KEYPOINTS = rule(
    "content-keypoints",
    "content",
    "Every lesson lists its key points in the front matter (`keypoints:`).",
    "Add `keypoints:` with the three to six things a student should remember.",
)
LENGTH = rule(
    "content-length",
    "content",
    "Every lesson's prose stays within the course's length range (code and footnotes not counted).",
    "Split a long lesson in two, or develop a short one; the range is `extra.course.lesson_words`.",
)

PLACEHOLDER = rule(
    "lesson-placeholder",
    "content",
    "A lesson has no `TODO:` placeholders left from its skeleton (`course-new-lesson`).",
    "Replace the placeholder with the real text (or source) it asks for.",
)

_TODO = re.compile(r"\bTODO:")
IDENTIFIER = re.compile(
    r"doi\.org/10\.\d{4,9}/\S+|\bdoi:\s*10\.\d{4,9}/\S+|arxiv\.org/abs/\d{4}\.\d{4,5}"
    r"|\barXiv:\s*\d{4}\.\d{4,5}|https?://\S+",
    re.I,
)
_EXERCISE = re.compile(r'^(?P<indent>[ ]*)!!! question "(?P<title>[^"]+)"', re.M)
_SOLUTION = re.compile(r'^[ ]+\?\?\?\+? success "Solution', re.M)


def identified_sources(page: Page) -> int:
    """How many of the page's footnote definitions hold a DOI, an arXiv id or a web address."""
    notes = page.notes.definitions.values() if page.notes else []
    return sum(1 for note in notes if IDENTIFIER.search(note.text))


def placeholders(page: Page, shown: str) -> list[Finding]:
    """One finding for the `TODO:` placeholders left in a lesson (front matter included)."""
    lines = [number for number, line in enumerate(page.text.split("\n"), start=1) if _TODO.search(line)]
    if not lines:
        return []
    listed = ", ".join(map(str, lines[:12])) + (", ..." if len(lines) > 12 else "")
    return [
        Finding(
            shown,
            lines[0],
            f"{len(lines)} `TODO:` placeholder{'s' if len(lines) != 1 else ''} "
            f"left from the lesson skeleton (lines {listed})",
            "replace each with the real text or source (a skeleton fails `mkdocs build --strict`, so it "
            "cannot be deployed; until then length and sources are only warnings)",
            PLACEHOLDER.id,
        )
    ]


def check(page: Page, shown: str, settings: Settings) -> list[Finding]:
    """The content rules for one lesson; a skeleton still being written gets warnings instead."""
    out: list[Finding] = placeholders(page, shown)
    unfinished = "warning" if out else ""
    end = page.front.body_line + len(page.masked)
    cited = identified_sources(page)
    if cited < settings.min_sources:
        out.append(
            Finding(
                shown,
                end,
                f"lesson cites {cited} identified source{'s' if cited != 1 else ''}, "
                f"fewer than the {settings.min_sources} every lesson needs",
                "add footnotes whose text has a DOI (https://doi.org/10...), an arXiv id "
                "or the official page's address",
                SOURCES.id,
                level=unfinished,
            )
        )
    body = "\n".join(page.masked)
    exercises = list(_EXERCISE.finditer(body))
    if not exercises:
        out.append(
            Finding(
                shown,
                end,
                "lesson has no exercise",
                'add `!!! question "Exercise: ..."` with a `??? success "Solution"` block indented inside it',
                EXERCISE.id,
            )
        )
    elif not _SOLUTION.search(body):
        line = page.front.body_line + body[: exercises[0].start()].count("\n")
        out.append(
            Finding(
                shown,
                line,
                "no exercise of this lesson has a solution",
                'indent a `??? success "Solution"` block inside the exercise',
                EXERCISE.id,
            )
        )
    if not page.meta.get("keypoints"):
        out.append(
            Finding(
                shown,
                max(1, page.front.body_line - 1),
                "lesson has no key points",
                "add `keypoints:` to the front matter, a list of the things to remember",
                KEYPOINTS.id,
            )
        )
    low, high = settings.lesson_words
    if not low <= page.words <= high:
        out.append(
            Finding(
                shown,
                page.front.body_line,
                f"lesson has {page.words} words of prose, outside the course's range {low}–{high}",
                "split it into two lessons"
                if page.words > high
                else "develop it (explanations, a worked example, an exercise)",
                LENGTH.id,
                level=unfinished,
            )
        )
    return out
