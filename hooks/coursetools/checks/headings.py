"""Level-1 headings as Python-Markdown finds them, on a masked body (code and comments blanked).

Python-Markdown needs no space after the hash (``#Title`` is a heading) and also reads a line
underlined with ``=`` (a setext heading) as level 1; a lesson must have neither, as the template
prints its title as the heading.
"""

from __future__ import annotations

import re

_ATX_H1 = re.compile(r"^#(?!#)")
_SETEXT_H1 = re.compile(r"^=+[ ]*$")


def h1_lines(masked: list[str]) -> list[int]:
    """0-based indexes of the lines that start a level-1 heading."""
    found = []
    previous = ""
    for index, line in enumerate(masked):
        if not line or line[0] not in "#=":
            previous = line
            continue
        if _ATX_H1.match(line):
            found.append(index)
        elif _SETEXT_H1.match(line) and previous.strip() and not _ATX_H1.match(previous):
            found.append(index - 1)
        previous = line
    return found
