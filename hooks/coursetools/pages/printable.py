"""One printable page per module: every lesson of the module in course order, on one page.

The page is assembled from the lessons as already rendered, not rendered again: converting a whole
module's Markdown a second time was the largest cost the course's hooks added to a build.

``module_page`` returns the Markdown of ``print/module-NN.md``: the module's title, then for each
lesson a ``##`` heading, its description and objectives, a marker (``<!-- course-print ... -->``)
and its key points. Once every lesson is rendered, ``fill`` replaces each marker with the lesson's
HTML as ``lesson_html`` adapts it: headings one level deeper, every id (and every reference to
one: links, labels, ARIA) prefixed with the lesson's number so no two lessons share one (footnotes
keep their ``fn:`` form: ``fn:l2-vaswani2017``), and relative addresses re-pointed from the
lesson's folder to ``print/``. The page is excluded from search, so a query finds the lesson
rather than its printable copy.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable

from ..assessment import printed as printed_quiz
from ..course import Course
from .wayfinding import modules

FOLDER = "print"
_MARKER = re.compile(r"<!-- course-print (?P<number>\d+) (?P<path>[^\s<>]+) -->")
_ID = re.compile(r'\sid="(?P<value>[^"]*)"')
_HEADING_TAG = re.compile(r"<(?P<close>/?)h(?P<level>[1-5])(?=[\s>])")
# Attributes that name ids of the same document, or hold addresses; one pass over the lesson.
_ATTRIBUTE = re.compile(
    r"(?P<before>\s)(?P<name>id|href|src|for|headers|list"
    r'|aria-(?:labelledby|describedby|controls|owns|details|flowto))="(?P<value>[^"]*)"'
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def path(module: str, course: Course) -> str:
    """``print/module-02.md`` for the second module."""
    return f"{FOLDER}/module-{modules(course).index(module) + 1:02d}.md"


def _marker(number: int, lesson_path: str) -> str:
    return f"<!-- course-print {number} {lesson_path} -->"


def module_page(course: Course, module: str, order: list[str]) -> str:
    """The Markdown of a module's printable page: front matter (kept out of search), the module's
    title, and per lesson in navigation order its heading, description, objectives, a marker that
    :func:`fill` replaces with the rendered lesson, and its key points."""
    overview = course.pages.get(f"modules/{module}/index.md")
    title = str(overview.meta.get("title", module)) if overview else module
    lessons = course.in_order(module, order)
    out = [
        "---",
        f"title: {json.dumps(title + ' (printable)', ensure_ascii=False)}",  # a JSON string is valid YAML
        "description: "
        + json.dumps(
            f"Every lesson of {title.split(':')[0]} on one page, for printing or reading offline.", ensure_ascii=False
        ),
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
        out += [_marker(number, lesson.path), ""]
        keypoints = meta.get("keypoints") or []
        if keypoints:
            out += ['!!! abstract "Key points"', ""] + [f"    - {k}" for k in keypoints] + [""]
    return "\n".join(out)


def pages(course: Course, order: list[str]) -> dict[str, str]:
    """Every printable page: path relative to docs/ -> Markdown."""
    return {
        path(module, course): module_page(course, module, order) for module in modules(course) if course.lessons(module)
    }


def _prefixed(value: str, prefix: str) -> str:
    for kind in ("fn:", "fnref:"):  # footnotes keep the form Python-Markdown gives them
        if value.startswith(kind):
            return f"{kind}{prefix}-{value[len(kind) :]}"
    return f"{prefix}-{value}"


def _rebase(target: str, lesson_dir: str, print_dir: str) -> str:
    if not target or target.startswith(("#", "/")) or _SCHEME.match(target):
        return target
    address, mark, rest = target.partition("#") if "#" in target else target.partition("?")
    joined = posixpath.normpath(posixpath.join(lesson_dir, address)) if address else ""
    return (posixpath.relpath(joined, print_dir) if address else "") + mark + rest


def lesson_html(html: str, prefix: str, lesson_dest: str, print_dest: str) -> str:
    """A lesson's rendered content as it reads on the printable page (see the module docstring).
    ``lesson_dest`` and ``print_dest`` are the built pages' paths (``modules/02-x/y.html``)."""
    ids = {m.group("value") for m in _ID.finditer(html)}
    lesson_dir, print_dir = posixpath.dirname(lesson_dest), posixpath.dirname(print_dest)

    def attribute(match: re.Match[str]) -> str:
        name, value = match.group("name"), match.group("value")
        if name == "id":
            value = _prefixed(value, prefix)
        elif name in ("href", "src"):
            if value.startswith("#"):
                value = f"#{_prefixed(value[1:], prefix)}" if value[1:] in ids else value
            else:
                value = _rebase(value, lesson_dir, print_dir)
        else:  # attributes that name ids: for, aria-labelledby, headers, ...
            value = " ".join(_prefixed(v, prefix) if v in ids else v for v in value.split())
        return f'{match.group("before")}{name}="{value}"'

    html = _HEADING_TAG.sub(lambda m: f"<{m.group('close')}h{int(m.group('level')) + 1}", html)
    return _ATTRIBUTE.sub(attribute, html)


def fill(html: str, print_dest: str, lesson: Callable[[str], tuple[str, str] | None]) -> str:
    """The printable page's ``html`` with each marker replaced by its lesson. ``lesson(path)`` gives
    the lesson's rendered content and built path, or None if it has none (the page then keeps the
    lesson's "Read it online" link only)."""

    keys: list[str] = []

    def one(match: re.Match[str]) -> str:
        found = lesson(match.group("path"))
        if found is None:
            return ""
        content, dest = found
        number = match.group("number")
        # Quizzes print as questions without controls; their answers go to a key at the end.
        printed, key = printed_quiz.questions_and_key(
            lesson_html(content, f"l{number}", dest, print_dest), f"Lesson {number}"
        )
        keys.extend([key] if key else [])
        return printed

    html = _MARKER.sub(one, html)
    return html + "\n" + printed_quiz.answer_key(keys) if keys else html


def lesson_paths(markdown_or_html: str) -> list[str]:
    """The lessons a printable page's markers name, in order."""
    return [m.group("path") for m in _MARKER.finditer(markdown_or_html)]
