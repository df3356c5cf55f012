"""One printable page per module: every lesson of the module in course order, on one page.

``module_page`` returns the Markdown of ``print/module-NN.md``: the module's title, then each
lesson under its own ``##`` heading with its objectives, its text (headings one level deeper,
links and images re-pointed from the lesson's folder to ``print/``, footnote labels prefixed with
the lesson's number so no two lessons share one) and its key points. The page is excluded from
search, so a query finds the lesson rather than its printable copy.
"""

from __future__ import annotations

import posixpath
import re

from ..course import Course, Page
from .wayfinding import modules

FOLDER = "print"
_HEADING = re.compile(r"^(?P<hashes>#{1,5})(?P<rest>\s.*)$")
_FOOTNOTE = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")
# `](target)` of a link or image, and `[label]: target` reference definitions.
_INLINE_TARGET = re.compile(r"(?P<open>\]\()(?P<target>[^)\s]+)")
_REFERENCE = re.compile(r"^(?P<open>\s*\[[^\]^]+\]:\s*)(?P<target>\S+)")


def path(module: str, course: Course) -> str:
    """``print/module-02.md`` for the second module."""
    return f"{FOLDER}/module-{modules(course).index(module) + 1:02d}.md"


def _rebase(target: str, source_dir: str) -> str:
    if not target or target.startswith(("#", "/")) or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
        return target
    joined = posixpath.normpath(posixpath.join(source_dir, target))
    return posixpath.relpath(joined, FOLDER)


def lesson_body(lesson: Page, prefix: str) -> str:
    """The lesson's Markdown as it reads on the printable page (see the module docstring)."""
    source_dir = posixpath.dirname(lesson.path)
    lines = lesson.front.body.split("\n")
    masked = lesson.masked if len(lesson.masked) == len(lines) else lines
    out = []
    for line, prose in zip(lines, masked):
        if prose.strip():  # code and comments are left exactly as they are
            heading = _HEADING.match(line)
            if heading and _HEADING.match(prose):
                line = f"#{heading.group('hashes')}{heading.group('rest')}"
            if "[^" in prose:
                line = _FOOTNOTE.sub(lambda m: f"[^{prefix}-{m.group('label')}]", line)
            if "](" in prose:
                line = _INLINE_TARGET.sub(lambda m: m.group("open") + _rebase(m.group("target"), source_dir), line)
            reference = _REFERENCE.match(line)
            if reference and _REFERENCE.match(prose):
                line = (
                    reference.group("open") + _rebase(reference.group("target"), source_dir) + line[reference.end() :]
                )
        out.append(line)
    return "\n".join(out)


def module_page(course: Course, module: str, order: list[str]) -> str:
    overview = course.pages.get(f"modules/{module}/index.md")
    title = str(overview.meta.get("title", module)) if overview else module
    lessons = sorted(course.lessons(module), key=lambda p: order.index(p.path) if p.path in order else len(order))
    out = [
        "---",
        f'title: "{title} (printable)"',
        f"description: Every lesson of {title.split(':')[0]} on one page, for printing or reading offline.",
        "search:",
        "  exclude: true",
        "---",
        "",
        f"# {title}",
        "",
    ]
    if overview is not None:
        out += [
            f"*Every lesson of this module on one page. The [module overview]"
            f"({posixpath.relpath(overview.path, FOLDER)}) has the same lessons one page each.*",
            "",
        ]
    for number, lesson in enumerate(lessons, start=1):
        meta = lesson.meta
        href = posixpath.relpath(lesson.path, FOLDER)
        out += [
            f"## Lesson {number}: {meta.get('title', lesson.path)}",
            "",
            f"*{meta.get('description', '')}* ([Read it online]({href}))",
            "",
        ]
        objectives = meta.get("objectives") or []
        if objectives:
            out += ["**Objectives**", ""] + [f"{i}. {o}" for i, o in enumerate(objectives, start=1)] + [""]
        out += [lesson_body(lesson, f"l{number}"), ""]
        keypoints = meta.get("keypoints") or []
        if keypoints:
            out += ['!!! abstract "Key points"', ""] + [f"    - {k}" for k in keypoints] + [""]
    return "\n".join(out)


def pages(course: Course, order: list[str]) -> dict[str, str]:
    """Every printable page: path relative to docs/ -> Markdown."""
    return {
        path(module, course): module_page(course, module, order) for module in modules(course) if course.lessons(module)
    }
