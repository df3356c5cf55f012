"""The glossary of concepts and abbreviations, from ``docs/_data/glossary.yml``.

An entry with an ``expansion`` is an abbreviation (a tooltip in every lesson); one without is a
concept: a heading of its own on the glossary page (so search finds it and it can be linked to)
with a link to the lesson section that teaches it (``lesson: path.md#anchor``). Rule
``glossary-link`` reports a concept whose lesson or section does not exist, at its line in the
data file, so ``course-check`` and the strict build both fail on it.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from ..findings import Finding, rule

if TYPE_CHECKING:
    from ..course import Page
    from ..data import CourseData

LINK = rule(
    "glossary-link",
    "course data",
    "Every glossary concept links (`lesson:`) to a lesson section that exists: `path.md#anchor`, "
    "relative to docs/, with the anchor of one of the lesson's headings.",
    "Point `lesson:` at the lesson and heading that teach the term (the anchor is the heading's "
    "link on the built page, e.g. `#scaled-dot-product-attention`).",
)

MARKER = "<!-- glossary -->"  # render.marker("glossary"); the page that shows the glossary
_HEADING = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_EXPLICIT_ID = re.compile(r"\{[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$")


def is_concept(entry: dict[str, Any]) -> bool:
    """True for an entry without an ``expansion``: a concept with its own heading, not an abbreviation."""
    return not entry.get("expansion")


def slugify(text: str) -> str:
    """Python-Markdown's default heading id (``markdown.extensions.toc.slugify``)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def _plain(text: str) -> str:
    """Heading text as the reader sees it: no emphasis marks, code ticks or math dollars."""
    return re.sub(r"[*_`$]", "", text)


def headings(page: Page) -> dict[str, str]:
    """Anchor -> heading text of every heading of a page (code blocks skipped)."""
    found: dict[str, str] = {}
    for line in page.masked:
        match = _HEADING.match(line)
        if not match:
            continue
        text = match.group("text")
        explicit = _EXPLICIT_ID.search(text)
        text = _EXPLICIT_ID.sub("", text).strip()
        anchor = explicit.group("id") if explicit else slugify(_plain(text))
        if anchor in found:  # Python-Markdown numbers repeated ids: name, name_1, name_2
            number = 1
            while f"{anchor}_{number}" in found:
                number += 1
            anchor = f"{anchor}_{number}"
        found[anchor] = _plain(text)
    return found


def link_findings(data: CourseData, pages: dict[str, Page]) -> list[Finding]:
    """One finding per concept whose ``lesson:`` is missing or names no existing section.

    The links appear only on a page that shows the glossary (its ``<!-- glossary -->`` marker), so
    a course without such a page (a test's small course with the real data files) has none to check.
    """
    from ..data import GLOSSARY

    if not any(MARKER in page.text for page in pages.values()):
        return []
    out = []
    shown = data.shown(GLOSSARY)
    for index, entry in enumerate(data.glossary):
        if not is_concept(entry):
            continue
        line = data.line(GLOSSARY, index)
        target = entry.get("lesson")
        if not isinstance(target, str) or not target:
            out.append(
                Finding(
                    shown,
                    line,
                    f"concept `{entry['term']}` has no `lesson:` link",
                    "add `lesson: modules/NN-slug/lesson.md#section` for the section that teaches it",
                    LINK.id,
                )
            )
            continue
        path, _, anchor = target.partition("#")
        page = pages.get(path)
        if page is None:
            out.append(
                Finding(
                    shown,
                    line,
                    f"concept `{entry['term']}` links to `{path}`, which is not a page of the course",
                    "give the page's path relative to docs/",
                    LINK.id,
                )
            )
        elif not anchor:
            out.append(
                Finding(
                    shown,
                    line,
                    f"concept `{entry['term']}` links to `{path}` without a section",
                    "add `#anchor` of the heading that teaches the term",
                    LINK.id,
                )
            )
        elif anchor not in headings(page):
            known = ", ".join(f"`{a}`" for a in list(headings(page))[:6])
            out.append(
                Finding(
                    shown,
                    line,
                    f"concept `{entry['term']}` links to `#{anchor}`, which is not a heading of `{path}`",
                    f"use one of its anchors ({known}, ...)",
                    LINK.id,
                )
            )
    return out


def render(entries: list[dict[str, Any]], pages: dict[str, Page], base: str = "") -> str:
    """The glossary page body: concepts (a heading each, with where they are taught), then
    abbreviations (a definition list). ``base`` is the glossary page's folder, relative to docs/."""
    concepts = sorted((e for e in entries if is_concept(e)), key=lambda e: e["term"].lower())
    abbreviations = sorted((e for e in entries if not is_concept(e)), key=lambda e: e["term"].lower())
    out = []
    if concepts:
        out += ["## Concepts", ""]
        for entry in concepts:
            out += [
                f"### {entry['term']} {{ #{slugify(entry['term'])} .glossary-concept }}",
                "",
                entry["definition"],
                "",
            ]
            target = str(entry.get("lesson") or "")
            path, _, anchor = target.partition("#")
            page = pages.get(path)
            if page is not None:
                lesson = page.meta.get("title", path)
                section = headings(page).get(anchor, "")
                label = f"{lesson}: {section}" if section else str(lesson)
                href = posixpath.relpath(path, base or ".") + (f"#{anchor}" if anchor else "")
                out += [f'<span class="glossary-taught">Taught in</span> [{label}]({href})', ""]
    if abbreviations:
        out += [
            "## Abbreviations",
            "",
            "Each of these is also a tooltip in the lessons: hover over it, or move to it with the "
            "keyboard, to see what it stands for.",
            "",
        ]
        for entry in abbreviations:
            out.append(f"{entry['term']}\n:   **{entry['expansion']}.** {entry['definition']}\n")
    return "\n".join(out)
