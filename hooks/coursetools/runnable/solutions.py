"""Fold the solution cells of a rendered notebook page into closed ``<details>`` blocks.

In Jupyter a solution cell is collapsed (``metadata.jupyter.source_hidden``); on the site,
mkdocs-jupyter renders it like any other cell, with its code in full view right under the
exercise. This wraps each cell tagged ``solution`` (nbconvert marks it with the class
``celltag_solution``) in ``<details><summary>Show the solution to exercise N</summary>``,
closed, so a student sees it only on request. One linear pass over the ``<div>`` tags.
"""

from __future__ import annotations

import re

_DIV = re.compile(r"<div\b[^>]*>|</div\s*>", re.I)
_SOLUTION_CELL = re.compile(r'class="[^"]*\bjp-Cell\b[^"]*\bcelltag_solution\b')


def fold(html: str) -> tuple[str, int]:
    """Return the page with every solution cell folded, and how many were folded."""
    out: list[str] = []
    pos = depth = folded = 0
    start: int | None = None
    start_depth = 0
    for match in _DIV.finditer(html):
        if match.group(0).startswith("</"):
            depth -= 1
            if start is not None and depth == start_depth:
                folded += 1
                out += [
                    html[pos:start],
                    '<details class="success course-solution">'
                    f"<summary>Show the solution to exercise {folded}</summary>\n",
                    html[start : match.end()],
                    "\n</details>",
                ]
                pos, start = match.end(), None
        else:
            if start is None and _SOLUTION_CELL.search(match.group(0)):
                start, start_depth = match.start(), depth
            depth += 1
    if start is not None:  # an unclosed cell: leave the page as it was
        return html, 0
    out.append(html[pos:])
    return "".join(out), folded
