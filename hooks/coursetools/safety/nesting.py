"""Markup nested so deep that Python-Markdown runs out of stack (``RecursionError``).

Python-Markdown parses emphasis, lists and block quotes recursively: one line of 2,000 ``*`` on
each side of a word, 500 list markers (``* * * ... x``) or a few hundred levels of indented
lists exhaust Python's stack, and the build used to crash with a traceback. Before anything
renders a page, each line of its masked body (code blocks and comments blanked, see
checks.markdown) is measured, in one linear pass:

- the longest run of one emphasis character (``*``, ``_``, ``=``, ``~``, ``^``, ``+``), not
  counting a line made of that character alone (a rule or a heading underline);
- how many list or block-quote markers (``-``, ``*``, ``+``, ``1.``, ``>``) open the line;
- the depth of unclosed ``[`` and ``(`` brackets;
- how far the line is indented (each four columns is one level of list nesting).

Past the limits below, far beyond any real lesson and far below what breaks the parser, the
page is one located error, and the build publishes a notice in its place instead of rendering it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..findings import Finding, rule

MAX_RUN = 100  # one emphasis character in a row (crashes from about 1,000)
MAX_MARKERS = 40  # list / quote markers opening a line (crashes from about 500)
MAX_BRACKETS = 100  # unclosed `[` or `(` (slow from a few hundred)
MAX_INDENT = 160  # columns: 40 levels of nested lists (crashes from about 300)

TOO_DEEP = rule(
    "markup-nesting",
    "safety",
    f"no line nests markup deeper than the build can render: at most {MAX_RUN} of one emphasis "
    f"character in a row, {MAX_MARKERS} list or quote markers, {MAX_BRACKETS} open brackets, "
    f"{MAX_INDENT} columns of indentation",
    "remove the repeated characters; if they are meant literally, put them in `code`",
)

_EMPHASIS = "*_=~^+"
_MARKER = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)]|>)(?=\s|$)")


def line_problem(line: str) -> str | None:
    """Why ``line`` nests too deep (a phrase), or None."""
    stripped = line.strip()
    if not stripped:
        return None
    indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
    if indent > MAX_INDENT:
        return f"the line is indented {indent} columns (more than {MAX_INDENT})"
    markers, position = 0, 0
    while markers <= MAX_MARKERS:
        match = _MARKER.match(line, position)
        if match is None:
            break
        markers += 1
        position = match.end()
    if markers > MAX_MARKERS:
        return f"the line opens with more than {MAX_MARKERS} list or quote markers"
    only_one = len(set(stripped.replace(" ", ""))) == 1
    run, previous, depth, deepest = 0, "", 0, 0
    for char in line:
        if char in _EMPHASIS and not only_one:
            run = run + 1 if char == previous else 1
            if run > MAX_RUN:
                return f"`{char}` is repeated more than {MAX_RUN} times in a row"
        else:
            run = 0
        previous = char
        if char in "[(":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "])" and depth:
            depth -= 1
    if deepest > MAX_BRACKETS:
        return f"brackets are nested {deepest} deep (more than {MAX_BRACKETS})"
    return None


def findings(lines: Iterable[str], first_line: int, shown: str) -> list[Finding]:
    """One finding per page: the first line that nests too deep (a page with one is not rendered)."""
    for number, line in enumerate(lines, start=first_line):
        found = line_problem(line)
        if found is not None:
            return [Finding(shown, number, f"markup nested too deep to render: {found}", TOO_DEEP.fix, TOO_DEEP.id)]
    return []


def too_deep(lines: Iterable[str]) -> bool:
    """Whether any of ``lines`` (a page's masked body) nests too deep: the build does not render it."""
    return any(line_problem(line) is not None for line in lines)
