"""Markdown generated from the course's single sources of truth.

Pages carry markers such as ``<!-- lesson-list -->``; the build replaces each marker with
Markdown made here from the front matter, the schema, the tag vocabulary, the glossary or the
dataset registry, so no page keeps a hand-made copy of any of them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from ..checks.contract import Contract, example
from ..course import Course, Page

MARKERS = (
    "lesson-list",
    "glossary",
    "references",
    "dataset-registry",
    "course-map",
    "assessment-coverage",  # made by coursetools.assessment.coverage
    "course-progress",  # made by coursetools.assessment.coverage
)


def marker(name: str) -> str:
    """The HTML comment (``<!-- name -->``) an author writes where a generated listing goes."""
    return f"<!-- {name} -->"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def lesson_line(page: Page, href: str) -> str:
    """A lesson as a list item: linked title, level and reading time, then its description."""
    meta = page.meta
    facts = [meta.get("level"), f"{page.reading_minutes} min read"]
    facts_text = " · ".join(str(f) for f in facts if f)
    return (
        f"- **[{meta.get('title', page.path)}]({href})** <small>{facts_text}</small>  \n  {meta.get('description', '')}"
    )


def lesson_list(course: Course, overview: Page, order: list[str]) -> str:
    """The module overview's list of lessons, in navigation order, with their descriptions."""
    lessons = course.in_order(overview.module, order)
    if not lessons:
        return "*This module has no lessons yet.*"
    base = posixpath.dirname(overview.path)
    return "\n".join(lesson_line(p, posixpath.relpath(p.path, base)) for p in lessons)


def course_map(course: Course, page: Page, order: list[str]) -> str:
    """Every module with its lessons, for the home page."""
    base = posixpath.dirname(page.path)
    out = []
    overviews = sorted((p for p in course.pages.values() if p.is_module_overview), key=lambda p: p.path)
    for overview in overviews:
        href = posixpath.relpath(overview.path, base or ".")
        out.append(f"### [{overview.meta.get('title', overview.module)}]({href})\n")
        out.append(f"{overview.meta.get('description', '')}\n")
        for lesson in course.in_order(overview.module, order):
            href = posixpath.relpath(lesson.path, base or ".")
            # progress.js reads the course order (and each lesson's title) from these links.
            out.append(f"- [{lesson.meta.get('title', lesson.path)}]({href}){{ .course-map__lesson }}")
        out.append("")
    return "\n".join(out)


def contract_table(contract: Contract) -> str:
    """The reference table of front-matter keys, straight from the schema."""
    page_required = set(contract.required(False))
    lesson_required = set(contract.required(True))
    rows = ["| Key | Lessons | Other pages | Rule | Example |", "|---|---|---|---|---|"]
    for key, prop in contract.properties.items():
        if prop.get("x-material"):
            continue
        rows.append(
            "| `{}` | {} | {} | {} | `{}` |".format(
                key,
                "required" if key in lesson_required else "optional",
                "required" if key in page_required else "optional",
                _cell(prop.get("description", "")),
                _cell(example(prop, key)),
            )
        )
    material = [f"`{key}`" for key, prop in contract.properties.items() if prop.get("x-material")]
    rows.append("")
    rows.append("Material for MkDocs' own page keys stay allowed: " + ", ".join(material) + ".")
    return "\n".join(rows)


def retired_keys(contract: Contract) -> str:
    """The guide's table of keys of other generators and what to do instead."""
    rows = ["| Old key | What to do instead |", "|---|---|"]
    for key, hint in contract.schema.get("x-retired-keys", {}).items():
        rows.append(f"| `{key}` | {_cell(hint)} |")
    return "\n".join(rows)


def tag_table(contract: Contract) -> str:
    """The guide's table of the tag vocabulary (tags.yml): each tag and what it covers."""
    rows = ["| Tag | Covers |", "|---|---|"]
    for tag, text in contract.data.tags.items():
        rows.append(f"| `{tag}` | {_cell(text)} |")
    return "\n".join(rows)


def glossary(entries: list[dict[str, str]], pages: dict[str, Page] | None = None, base: str = "") -> str:
    """The glossary page body: concepts with the lesson section that teaches each, then the
    abbreviations as a definition list (see ``coursetools.checks.glossary``)."""
    from ..checks import glossary as concepts  # issue 15: concepts beside the abbreviations

    return concepts.render(entries, pages or {}, base)


def abbreviation_titles(entries: list[dict[str, str]]) -> dict[str, str]:
    """Term -> tooltip text, for the Markdown ``abbr`` extension's glossary (every page)."""
    titles = {}
    for entry in entries:
        if not entry.get("expansion"):  # concepts are glossary entries, never tooltips
            continue
        title = entry["expansion"]
        if entry["term"] == title or entry["term"] in title:
            title = entry["definition"]
        titles[entry["term"]] = title
    return titles


def references(course: Course, page: Page, order: list[str]) -> str:
    """Every footnoted reference of every lesson, grouped by module and lesson."""
    base = posixpath.dirname(page.path)
    out = []
    current_module = None
    for lesson in course.in_order(None, order):
        if not lesson.notes or not lesson.notes.definitions:
            continue
        if lesson.module != current_module:
            current_module = lesson.module
            overview = course.pages.get(f"modules/{lesson.module}/index.md")
            title = overview.meta.get("title", lesson.module) if overview else lesson.module
            out.append(f"## {title}\n")
        href = posixpath.relpath(lesson.path, base or ".")
        out.append(f"### [{lesson.meta.get('title', lesson.path)}]({href})\n")
        for note in lesson.notes.definitions.values():
            out.append(f"- {note.text}")
        out.append("")
    return "\n".join(out)


def dataset_registry(registry: dict[str, dict[str, Any]], link: Callable[[str], str]) -> str:
    """The registry as a Markdown table: id, linked name (``link`` makes a course path relative to the
    page), access, whether redistribution is allowed, licence."""
    rows = ["| Id | Dataset | Access | Redistribution | Licence |", "|---|---|---|---|---|"]
    for key, entry in registry.items():
        rows.append(
            "| `{}` | [{}]({}) | {} | {} | {} |".format(
                key,
                _cell(entry.get("name", key)),
                link(entry.get("url", "")),
                entry.get("access", ""),
                "allowed" if entry.get("redistribution") else "not allowed",
                _cell(entry.get("licence", "")),
            )
        )
    return "\n".join(rows)
