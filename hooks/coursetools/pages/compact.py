"""Built pages without the template's indentation.

Material's templates indent every navigation entry by dozens of spaces and blank lines: at 800
lessons over half of a lesson page's HTML was whitespace inside the navigation. :func:`compact`
turns each run of whitespace that holds a line break into a single line break. A browser treats
any such run as one space, so the page renders the same; the text of ``<pre>``, ``<textarea>``,
``<script>`` and ``<style>`` elements, where whitespace is kept as written, is left exactly as it
is. (An attribute value written over several lines would lose its indentation too; neither the
templates nor the course's Markdown write one.)
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def _squeeze(html: str) -> str:
    """Every run of whitespace that holds a line break, as one line break (lines split, stripped
    and joined again: three times faster than the equivalent regular expressions)."""
    if "\n" not in html:
        return html
    lines = html.split("\n")
    middle = [line.strip() for line in lines[1:-1]]
    return "\n".join([lines[0].rstrip(), *(line for line in middle if line), lines[-1].lstrip()])


def compact(html: str) -> str:
    """``html`` with each run of whitespace that holds a line break reduced to one line break,
    except inside the elements that keep their whitespace."""
    out, position = [], 0
    for kept in _KEPT.finditer(html):
        out.append(_squeeze(html[position : kept.start()]))
        out.append(kept.group(0))
        position = kept.end()
    out.append(_squeeze(html[position:]))
    return "".join(out)
