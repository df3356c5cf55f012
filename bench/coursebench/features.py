"""What a lesson is made of: words, footnotes, math, tables, code, admonitions, diagrams,
exercises and quizzes, counted from its Markdown.

The benchmark corpus is only honest if its generated lessons look like the real ones, so the
same counts are taken of both and their medians reported side by side (``compare``). Counting is
line-based and linear in the size of the text; code and HTML comments are masked first
(``markdown_text.mask``), as the lesson checks do, so a ``$`` or a ``|`` inside code counts for
nothing.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

from coursetools.checks.markdown import mask

FEATURES = (
    "words",
    "footnotes",
    "display_math",
    "inline_math",
    "tables",
    "code_blocks",
    "admonitions",
    "mermaid",
    "exercises",
    "quizzes",
)
LABELS = {
    "words": "Words of prose",
    "footnotes": "Footnotes (definitions)",
    "display_math": "Display math blocks",
    "inline_math": "Inline math",
    "tables": "Tables",
    "code_blocks": "Code blocks (not diagrams or quizzes)",
    "admonitions": "Admonitions and collapsible blocks",
    "mermaid": "Mermaid diagrams",
    "exercises": "Exercises (`question` admonitions)",
    "quizzes": "Quiz blocks (```` ```quiz ````)",
}

_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")  # what the lesson header counts as a word
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*\{?\s*\.?([\w-]*)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+([\w-]+)")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]\s]+\]:")
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(?=\S)[^$\n]*?(?<=\S)(?<!\\)\$(?!\$)|\\\(.+?\\\)")


def body_of(text: str) -> str:
    """The Markdown after the front matter (all of it if there is none)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5 :]
    return text


def count(text: str) -> dict[str, int]:
    """The counts of ``FEATURES`` in one page's Markdown (front matter included or not)."""
    body = body_of(text)
    lines = body.split("\n")
    masked = mask(body)
    out = dict.fromkeys(FEATURES, 0)
    fence: str | None = None
    for line in lines:  # fenced blocks, read from the original text
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(1).startswith(fence) and not line.strip()[len(fence) :].strip():
                fence = None
            continue
        if match:
            fence = match.group(1)
            language = match.group(2).lower()
            key = {"mermaid": "mermaid", "quiz": "quizzes"}.get(language, "code_blocks")
            out[key] += 1
    in_display = False
    prose: list[str] = []
    for line in masked:
        stripped = line.strip()
        if _FOOTNOTE_DEF.match(line):
            out["footnotes"] += 1
            continue
        if stripped.startswith("$$"):
            if not in_display:
                out["display_math"] += 1
            closes = stripped.count("$$") >= 2
            in_display = not in_display and not closes
            continue
        if in_display:
            if stripped.endswith("$$"):
                in_display = False
            continue
        if _TABLE_RULE.match(line):
            out["tables"] += 1
        admonition = _ADMONITION.match(line)
        if admonition:
            out["admonitions"] += 1
            if admonition.group(1).lower() == "question":
                out["exercises"] += 1
        out["inline_math"] += len(_INLINE_MATH.findall(line))
        prose.append(line)
    out["words"] = len(_WORD.findall("\n".join(prose)))
    return out


def medians(pages: list[str]) -> dict[str, float]:
    """The median of each count over ``pages`` (Markdown texts); zeros for no pages."""
    counted = [count(text) for text in pages]
    return {key: (statistics.median(c[key] for c in counted) if counted else 0) for key in FEATURES}


def real_lessons(docs: Path) -> list[Path]:
    """The course's lessons: ``docs/modules/NN-slug/*.md`` except each module's ``index.md``."""
    return sorted(
        path
        for path in (Path(docs) / "modules").glob("[0-9][0-9]-*/*.md")
        if path.name != "index.md" and "-generated-" not in path.parent.name
    )


def compare(real: list[str], generated: list[str]) -> dict[str, dict[str, float]]:
    """``{feature: {"real": median, "generated": median}}`` for the report."""
    a, b = medians(real), medians(generated)
    return {key: {"real": a[key], "generated": b[key]} for key in FEATURES}
