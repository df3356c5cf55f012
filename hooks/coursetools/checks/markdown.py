"""Blank out the parts of a Markdown body that are not prose: code and HTML comments.

Checks that look for footnotes, PHI or headings must not fire on text inside fenced code,
indented code, inline code or HTML comments. ``mask`` returns the body with those parts replaced
by spaces, line for line and column for column, so line numbers stay true.

Indented code is only code where Python-Markdown would see it: four spaces deeper than the
enclosing container (admonition, content tab, list item or footnote definition) and after a
blank line. Admonition bodies and footnote continuations are indented too, and are prose.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
_CONTAINER = re.compile(
    r"^(?P<indent>\s*)(?:"
    r"(?:!!!|\?\?\?\+?)\s"  # admonition / details
    r"|===[!+]?\s"  # content tab
    r"|(?:[-*+]|\d+[.)])\s"  # list item
    r"|\[\^[^\]\s]+\]:"  # footnote definition
    r")"
)
_BACKTICKS = re.compile(r"`+")


def indent_of(line: str) -> int:
    """Leading spaces of a line, tabs counted as four."""
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _blank(text: str) -> str:
    return re.sub(r"[^\s]", " ", text)


def mask(body: str) -> list[str]:
    """Return the body's lines with code and HTML comments blanked out."""
    lines = body.split("\n")
    out: list[str] = []
    fence: tuple[str, int] | None = None  # (fence characters, minimum length)
    containers: list[int] = [0]  # content indents of open containers
    previous_blank = True
    previous_code = False
    in_comment = False
    for line in lines:
        if fence:
            out.append(_blank(line))
            stripped = line.strip()
            if stripped and set(stripped) == {fence[0][0]} and len(stripped) >= fence[1]:
                fence = None
            continue
        if in_comment:
            end = line.find("-->")
            if end < 0:
                out.append(_blank(line))
                continue
            line = _blank(line[: end + 3]) + line[end + 3 :]
            in_comment = False
        if not line.strip():
            out.append(line)
            previous_blank = True
            continue
        indent = indent_of(line)
        while len(containers) > 1 and indent < containers[-1]:
            containers.pop()
        base = containers[-1]
        if indent >= base + 4 and (previous_blank or previous_code):
            out.append(_blank(line))
            previous_code = True
            previous_blank = False
            continue
        previous_code = False
        previous_blank = False
        match = _FENCE.match(line)
        if match:
            fence = (match.group("fence"), len(match.group("fence")))
            out.append(_blank(line))
            continue
        container = _CONTAINER.match(line)
        if container:
            containers.append(indent_of(container.group("indent")) + 4)
        line = _strip_comments(line)
        if "<!--" in line:
            start = line.index("<!--")
            line = line[:start] + _blank(line[start:])
            in_comment = True
        out.append(_mask_inline_code(line))
    return out


def _mask_inline_code(line: str) -> str:
    """Blank each code span: a run of backticks up to the next run of the same length.

    Linear: every run is paired with the next run of its length found in one backwards pass (a
    regex with a backreference rescans the line from every unmatched run: quadratic)."""
    if "`" not in line:
        return line
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last.get(length)
        last[length] = index
    parts = []
    cursor = index = 0
    while index < len(runs):
        closing = following[index]
        if closing is None:
            index += 1
            continue
        start, end = runs[index][0], runs[closing][1]
        parts.append(line[cursor:start] + _blank(line[start:end]))
        cursor = end
        index = closing + 1
    return "".join(parts) + line[cursor:]


def _strip_comments(line: str) -> str:
    """Blank every closed ``<!-- ... -->`` on the line, in one pass (a regex rescans the rest of the
    line from every unclosed ``<!--``: quadratic on a hostile line)."""
    parts = []
    cursor = 0
    while True:
        start = line.find("<!--", cursor)
        end = line.find("-->", start + 4) if start >= 0 else -1
        if end < 0:
            break
        parts.append(line[cursor:start] + _blank(line[start : end + 3]))
        cursor = end + 3
    return "".join(parts) + line[cursor:]
